import type { Backend, Executable } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { opError } from './errors.js';
import { describeValue, Graph } from './graph.js';
import { LruCache } from './lru.js';
import { Node } from './node.js';
import { Tensor } from './tensor.js';
import type { HostValue } from './values.js';

/**
 * What a graph function returns: one node, an array of nodes, or an object whose properties are nodes
 * (a record, or an interface such as {@link TopK}). `O` is the returned type itself.
 */
export type GraphOutputs<O = unknown> = Node | readonly Node[] | { readonly [K in keyof O]: Node };

/** The tensors {@link Exec.call} returns for graph outputs `O`: the same structure, Tensors for Nodes. */
export type TensorsOf<O> = O extends Node ? Tensor : { -readonly [K in keyof O]: Tensor };

/** An input of {@link Exec.call}: a {@link Tensor}, or a JS value turned into one with `Tensor.from`. */
export type InputValue = Tensor | HostValue;

/** A graph function: takes one node per input (and the graph first, when it declares it). */
export type GraphFn<O extends GraphOutputs<O>> =
  | ((...inputs: Node[]) => O)
  | ((graph: Graph, ...inputs: Node[]) => O);

/** Options of an {@link Exec}. */
export interface ExecOptions {
  /** Name of the graphs and programs (for printing and errors). Default: the function's name or `exec`. */
  name?: string;
  /** Most compiled executables kept (one per tuple of input shapes), least recently used dropped. Default 32. */
  cacheSize?: number;
  /**
   * Pass the {@link Graph} as the function's first argument. Default: when the function declares exactly
   * one more parameter than there are inputs (`fn.length === inputs.length + 1`).
   */
  withGraph?: boolean;
  /** Record where nodes are created (see {@link GraphOptions}). Default true. */
  captureStacks?: boolean;
}

type Structure = { kind: 'node' } | { kind: 'array' } | { kind: 'record'; keys: string[] };

interface Compiled {
  graph: Graph;
  executable: Executable;
  structure: Structure;
}

/**
 * Runs a graph function on a backend: `fn` builds the graph from input nodes, the graph is compiled once
 * per tuple of input shapes (kept in a bounded LRU cache), and {@link Exec.call} runs it on tensors.
 *
 * @example
 * ```ts
 * const backend = new SimpleBackend();
 * const affine = new Exec(backend, (x: Node, w: Node) => add(matMul(x, w), 1));
 * const y = affine.call([[1, 2]], [[3], [4]]); // Tensor (float32)[1, 1] = [[12]]
 * ```
 */
export class Exec<O extends GraphOutputs<O>> {
  /** The backend graphs are compiled and run on. */
  readonly backend: Backend;
  /** Name of the graphs. */
  readonly name: string;
  private readonly fn: GraphFn<O>;
  private readonly options: ExecOptions;
  private readonly cache: LruCache<string, Compiled>;

  /**
   * @param backend - where to compile and run.
   * @param fn - builds the graph: receives one {@link Node} per input (see {@link ExecOptions.withGraph}).
   * @param options - see {@link ExecOptions}.
   */
  constructor(backend: Backend, fn: (...inputs: Node[]) => O, options?: ExecOptions);
  constructor(backend: Backend, fn: (graph: Graph, ...inputs: Node[]) => O, options?: ExecOptions);
  constructor(backend: Backend, fn: GraphFn<O>, options: ExecOptions = {}) {
    if (typeof fn !== 'function')
      throw new TypeError(`Exec: fn must be a function, got ${describeValue(fn)}`);
    this.backend = backend;
    this.fn = fn;
    this.options = options;
    this.name = options.name ?? (fn.name || 'exec');
    this.cache = new LruCache(options.cacheSize ?? 32, (_key, compiled) => compiled.executable.dispose());
  }

  /** Number of compiled executables in the cache. */
  get cacheSize(): number {
    return this.cache.size;
  }

  /** The input-shape tuples compiled so far, least recently used first (e.g. `'(float32)[2, 3]'`). */
  get cachedShapes(): string[] {
    return this.cache.keys();
  }

  /**
   * Runs the computation. Inputs are Tensors or JS values (converted with `Tensor.from`: numbers become
   * float32). Compiles on first use of each tuple of input shapes. Returns new tensors, owned by the
   * caller, in the structure the function returned (one, an array or a record).
   *
   * @throws OpError from building the graph; UnsupportedError when the backend lacks an op.
   */
  call(...inputs: InputValue[]): TensorsOf<O> {
    const owned: Tensor[] = [];
    const tensors = inputs.map((input) => {
      if (input instanceof Tensor) return input;
      const tensor = Tensor.from(input);
      owned.push(tensor);
      return tensor;
    });
    try {
      const compiled = this.compiledFor(tensors.map((t) => t.shape));
      const buffers = tensors.map((t) => t.bufferFor(this.backend));
      const outputs = compiled.executable.execute(buffers).map((b) => Tensor.fromBuffer(b, this.backend));
      return restructure(compiled.structure, outputs) as TensorsOf<O>;
    } finally {
      for (const tensor of owned) tensor.dispose();
    }
  }

  /** Builds and compiles the graph for the given input shapes ahead of time (warms the cache). */
  compile(...shapes: Shape[]): void {
    this.compiledFor(shapes);
  }

  /** The graph built for the given input shapes (compiling it when not cached), e.g. to print it. */
  graphFor(...shapes: Shape[]): Graph {
    return this.compiledFor(shapes).graph;
  }

  /** Frees every compiled executable. The Exec can still be used; it compiles again when called. */
  dispose(): void {
    this.cache.clear();
  }

  /** Same as {@link Exec.dispose}, for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  private compiledFor(shapes: readonly Shape[]): Compiled {
    shapes.forEach((s, i) => {
      if (!(s instanceof Shape)) throw new TypeError(`Exec "${this.name}": input ${i} shape must be a Shape`);
    });
    const key = shapes.map(String).join(', ');
    const hit = this.cache.get(key);
    if (hit) return hit;
    const graph = new Graph(this.name, { captureStacks: this.options.captureStacks ?? true });
    const params = shapes.map((s) => graph.parameter(s));
    const withGraph = this.options.withGraph ?? this.fn.length === shapes.length + 1;
    const result = withGraph
      ? (this.fn as (graph: Graph, ...inputs: Node[]) => O)(graph, ...params)
      : (this.fn as (...inputs: Node[]) => O)(...params);
    const { nodes, structure } = flattenOutputs(result, graph, this.name);
    const executable = graph.compile(this.backend, nodes);
    const compiled = { graph, executable, structure };
    this.cache.set(key, compiled);
    return compiled;
  }
}

function flattenOutputs(
  result: unknown,
  graph: Graph,
  name: string,
): { nodes: Node[]; structure: Structure } {
  const check = (value: unknown, where: string): Node => {
    if (!(value instanceof Node)) {
      throw opError(
        name,
        `the graph function must return a Node, an array of Nodes or a record of Nodes; ${where} is ${describeValue(value)}`,
      );
    }
    if (value.graph !== graph) {
      throw opError(name, `${where} (${value}) belongs to another graph ("${value.graph.name}")`);
    }
    return value;
  };
  if (result instanceof Node) return { nodes: [check(result, 'the result')], structure: { kind: 'node' } };
  if (Array.isArray(result)) {
    return { nodes: result.map((v, i) => check(v, `output ${i}`)), structure: { kind: 'array' } };
  }
  if (typeof result === 'object' && result !== null && Object.getPrototypeOf(result) === Object.prototype) {
    const keys = Object.keys(result);
    const record = result as Record<string, unknown>;
    return {
      nodes: keys.map((k) => check(record[k], `output "${k}"`)),
      structure: { kind: 'record', keys },
    };
  }
  check(result, 'the result');
  throw new Error('unreachable');
}

function restructure(structure: Structure, tensors: Tensor[]): Tensor | Tensor[] | Record<string, Tensor> {
  if (structure.kind === 'node') return tensors[0]!;
  if (structure.kind === 'array') return tensors;
  const out: Record<string, Tensor> = {};
  structure.keys.forEach((k, i) => {
    out[k] = tensors[i]!;
  });
  return out;
}

/**
 * Builds, compiles and runs a graph function once: shorthand for a one-off {@link Exec}. With no inputs,
 * or when the function declares one more parameter than there are inputs, it receives the graph first.
 *
 * @example
 * ```ts
 * execOnce(backend, (x: Node) => mul(x, x), [1, 2, 3]).toArray(); // [1, 4, 9]
 * execOnce(backend, (g: Graph) => iota(g, 'int32', [4])).toArray(); // [0, 1, 2, 3]
 * ```
 */
export function execOnce<O extends GraphOutputs<O>>(backend: Backend, fn: (graph: Graph) => O): TensorsOf<O>;
/** Runs `fn` once on the inputs (JS values or Tensors); see the first overload. */
export function execOnce<O extends GraphOutputs<O>>(
  backend: Backend,
  fn: (...inputs: Node[]) => O,
  ...inputs: InputValue[]
): TensorsOf<O>;
/** Runs `fn` once on the inputs, passing the graph first; see the first overload. */
export function execOnce<O extends GraphOutputs<O>>(
  backend: Backend,
  fn: (graph: Graph, ...inputs: Node[]) => O,
  ...inputs: InputValue[]
): TensorsOf<O>;
export function execOnce<O extends GraphOutputs<O>>(
  backend: Backend,
  fn: GraphFn<O>,
  ...inputs: InputValue[]
): TensorsOf<O> {
  const exec = new Exec<O>(backend, fn as (...inputs: Node[]) => O, {
    cacheSize: 1,
    name: fn.name || 'execOnce',
    withGraph: inputs.length === 0 || fn.length === inputs.length + 1,
  });
  try {
    return exec.call(...inputs);
  } finally {
    exec.dispose();
  }
}
