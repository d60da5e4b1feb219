import type { Backend } from '@tsmlx/backends';
import { describeValue, Graph, type InputValue, LruCache, Node, Tensor, type TensorsOf } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import type { Context } from './context.js';
import { graphState } from './graphState.js';
import { type CompiledContextGraph, compileContextGraph, runContextGraph } from './runner.js';

/**
 * What a context graph function returns: one node, an array of nodes, a record of nodes, or nothing (a
 * function that only updates variables).
 */
export type ContextOutputs<O = unknown> =
  | Node
  | readonly Node[]
  | { readonly [K in keyof O]: Node }
  | undefined
  // biome-ignore lint/suspicious/noConfusingVoidType: a function that only updates variables returns void
  | void;

/** What {@link ContextExec.call} returns for outputs `O`: the same structure with Tensors, or nothing. */
// biome-ignore lint/suspicious/noConfusingVoidType: matches ContextOutputs
export type ContextTensorsOf<O> = O extends undefined | void ? undefined : TensorsOf<O>;

/** A context graph function: the context, then one node per input. */
export type ContextFn<O> = (ctx: Context, ...inputs: Node[]) => O;

/** A context graph function that also takes the graph (second), then one node per input. */
export type ContextFnWithGraph<O> = (ctx: Context, g: Graph, ...inputs: Node[]) => O;

/** Options of `Context.exec`. */
export interface ContextExecOptions {
  /** Build training graphs (`ctx.isTraining(g)` is true: dropout on, batch statistics updated). Default false. */
  training?: boolean;
  /** Name of the graphs. Default: the function's name, or `context_exec`. */
  name?: string;
  /** Most compiled graphs kept (one per tuple of input shapes), least recently used dropped. Default 32. */
  cacheSize?: number;
  /** Pass the graph as the second argument. Default: when `fn.length === inputs + 2`. */
  withGraph?: boolean;
}

type Structure = { kind: 'none' } | { kind: 'node' } | { kind: 'array' } | { kind: 'record'; keys: string[] };

interface Entry {
  compiled: CompiledContextGraph;
  structure: Structure;
}

/**
 * Runs a graph function that uses a {@link Context}'s variables (made by `Context.exec`). For each tuple
 * of input shapes it builds the graph once — the variables the function reads become extra parameters, the
 * ones it sets extra outputs — and compiles it. Each {@link ContextExec.call} first initializes variables the
 * graph reads that have no value yet (one initialization graph), then runs, writes the updated variables
 * back, and returns the function's outputs as Tensors.
 */
export class ContextExec<O extends ContextOutputs<O>> {
  /** The context the function runs with. */
  readonly context: Context;
  /** The backend graphs are compiled and run on. */
  readonly backend: Backend;
  /** Name of the graphs. */
  readonly name: string;
  private readonly fn: ContextFn<O> | ContextFnWithGraph<O>;
  private readonly options: ContextExecOptions;
  private readonly cache: LruCache<string, Entry>;

  /** Made by `Context.exec`. */
  constructor(
    context: Context,
    backend: Backend,
    fn: ContextFn<O> | ContextFnWithGraph<O>,
    options: ContextExecOptions = {},
  ) {
    if (typeof fn !== 'function')
      throw new TypeError(`ctx.exec: fn must be a function, got ${describeValue(fn)}`);
    this.context = context;
    this.backend = backend;
    this.fn = fn;
    this.options = options;
    this.name = options.name ?? (fn.name || 'context_exec');
    this.cache = new LruCache(options.cacheSize ?? 32, (_key, entry) => entry.compiled.executable.dispose());
  }

  /** Number of compiled graphs in the cache. */
  get cacheSize(): number {
    return this.cache.size;
  }

  /**
   * Runs the function on `inputs` (Tensors, or JS values made Tensors with `Tensor.from`: numbers become
   * float32). Returns new tensors owned by the caller, in the structure the function returned.
   */
  call(...inputs: InputValue[]): ContextTensorsOf<O> {
    const owned: Tensor[] = [];
    const tensors = inputs.map((input) => {
      if (input instanceof Tensor) return input;
      const tensor = Tensor.from(input);
      owned.push(tensor);
      return tensor;
    });
    try {
      const entry = this.entryFor(tensors.map((t) => t.shape));
      this.context.initializeVariables(this.backend, entry.compiled.variableInputs);
      const outputs = runContextGraph(this.backend, entry.compiled, tensors);
      return restructure(entry.structure, outputs) as ContextTensorsOf<O>;
    } finally {
      for (const t of owned) t.dispose();
    }
  }

  /** The graph built for the given input shapes (building and compiling it when not cached). */
  graphFor(...shapes: Shape[]): Graph {
    return this.entryFor(shapes).compiled.graph;
  }

  /** Builds and compiles the graph for the given input shapes ahead of time. */
  compile(...shapes: Shape[]): void {
    this.entryFor(shapes);
  }

  /** Frees the compiled graphs; later calls compile again. */
  dispose(): void {
    this.cache.clear();
  }

  /** Same as {@link ContextExec.dispose}, for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  private entryFor(shapes: readonly Shape[]): Entry {
    shapes.forEach((s, i) => {
      if (!(s instanceof Shape))
        throw new TypeError(`ctx.exec "${this.name}": input ${i} shape must be a Shape`);
    });
    const key = shapes.map(String).join(', ');
    const hit = this.cache.get(key);
    if (hit) return hit;
    const g = new Graph(this.name);
    graphState(g).training = this.options.training ?? false;
    const params = shapes.map((s) => g.parameter(s));
    const withGraph = this.options.withGraph ?? this.fn.length === shapes.length + 2;
    const result = this.context.buildIn(g, () =>
      withGraph
        ? (this.fn as ContextFnWithGraph<O>)(this.context, g, ...params)
        : (this.fn as ContextFn<O>)(this.context, ...params),
    );
    const { nodes, structure } = flatten(result, g, this.name);
    const entry = { compiled: compileContextGraph(this.backend, g, shapes.length, nodes), structure };
    this.cache.set(key, entry);
    return entry;
  }
}

function flatten(result: unknown, g: Graph, name: string): { nodes: Node[]; structure: Structure } {
  const check = (value: unknown, where: string): Node => {
    if (!(value instanceof Node)) {
      throw new TypeError(
        `ctx.exec "${name}": the function must return a Node, an array or record of Nodes, or nothing; ${where} is ${describeValue(value)}`,
      );
    }
    if (value.graph !== g)
      throw new Error(`ctx.exec "${name}": ${where} (${value}) belongs to another graph`);
    return value;
  };
  if (result === undefined) return { nodes: [], structure: { kind: 'none' } };
  if (result instanceof Node) return { nodes: [check(result, 'the result')], structure: { kind: 'node' } };
  if (Array.isArray(result))
    return { nodes: result.map((v, i) => check(v, `output ${i}`)), structure: { kind: 'array' } };
  if (typeof result === 'object' && result !== null && Object.getPrototypeOf(result) === Object.prototype) {
    const keys = Object.keys(result);
    const record = result as Record<string, unknown>;
    return { nodes: keys.map((k) => check(record[k], `output "${k}"`)), structure: { kind: 'record', keys } };
  }
  check(result, 'the result');
  throw new Error('unreachable');
}

function restructure(structure: Structure, tensors: Tensor[]): unknown {
  switch (structure.kind) {
    case 'none':
      return undefined;
    case 'node':
      return tensors[0];
    case 'array':
      return tensors;
    default: {
      const out: Record<string, Tensor> = {};
      structure.keys.forEach((k, i) => {
        out[k] = tensors[i]!;
      });
      return out;
    }
  }
}
