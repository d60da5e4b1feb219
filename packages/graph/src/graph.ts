import {
  type Backend,
  Builder,
  type Executable,
  type OpAttrs,
  type OpName,
  opSpec,
  type Program,
  type Value,
} from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { atUserFrame, opError } from './errors.js';
import { formatGraph } from './format.js';
import { Node } from './node.js';

/** Options of a {@link Graph}. */
export interface GraphOptions {
  /**
   * Record where each node was created (`new Error()` per node; the text is formatted only when read).
   * Default true; turn off to shave build time of very large graphs.
   */
  captureStacks?: boolean;
}

/**
 * A computation graph under construction. Ops add {@link Node}s with static shapes; shape and dtype
 * errors throw at once, pointing at the user's line. At compile time the graph lowers the nodes reachable
 * from the outputs to a backend `Builder` (from `@tsmlx/backends`).
 *
 * Usually an {@link Exec} makes the graph and its parameters; build one by hand to inspect or lower it.
 *
 * @example
 * ```ts
 * const g = new Graph('axpy');
 * const x = g.parameter(new Shape('float32', [3]));
 * const y = add(mul(x, 2), 1);
 * console.log(g.toString());
 * ```
 */
export class Graph {
  /** Name of the graph (and of the programs lowered from it). */
  readonly name: string;
  private readonly nodeList: Node[] = [];
  private readonly parameterList: Node[] = [];
  private readonly captureStacks: boolean;
  private readonly memo = new Map<string, Node>();

  /**
   * @param name - name for printing and for the lowered program.
   * @param options - see {@link GraphOptions}.
   */
  constructor(name = 'graph', options: GraphOptions = {}) {
    this.name = name;
    this.captureStacks = options.captureStacks ?? true;
  }

  /** Every node, in creation order (a topological order). */
  get nodes(): readonly Node[] {
    return this.nodeList;
  }

  /** The parameters (inputs), in order. */
  get parameters(): readonly Node[] {
    return this.parameterList;
  }

  /**
   * Adds an input of the given shape; inputs are numbered in call order.
   *
   * @param name - name for printing; defaults to `p0`, `p1`, ...
   */
  parameter(shape: Shape, name = `p${this.parameterList.length}`): Node {
    if (!(shape instanceof Shape)) {
      throw opError(
        'parameter',
        `shape must be a Shape (e.g. new Shape('float32', [2, 3])), got ${String(shape)}`,
      );
    }
    const node = this.addOp('parameter', [], { index: this.parameterList.length, name, shape }) as Node;
    this.parameterList.push(node);
    return node;
  }

  /**
   * Adds a primitive op of the op table: checks the operands (nodes of this graph) and attributes with the
   * op's spec and returns the new node, or one node per output for multi-output ops. Graph-level ops
   * (`add`, `matMul`, ...) are built on this; it is also the hook for autodiff and custom ops.
   *
   * @throws OpError naming the op, the operand shapes and what would be valid; its stack starts at the
   * user's call.
   */
  addOp<N extends OpName>(op: N, inputs: readonly Node[], attrs: OpAttrs[N]): Node | Node[] {
    const spec = opSpec(op);
    for (const input of inputs) {
      if (!(input instanceof Node)) throw opError(op, `operands must be Nodes, got ${describeValue(input)}`);
      if (input.graph !== this) {
        throw opError(
          op,
          `operand ${input} belongs to graph "${input.graph.name}", not "${this.name}"; nodes of different graphs do not mix`,
        );
      }
    }
    if (op === 'parameter' && (attrs as OpAttrs['parameter']).index !== this.parameterList.length) {
      throw opError('parameter', 'add parameters with graph.parameter(shape)');
    }
    let shapes: Shape[];
    try {
      shapes = spec.infer(
        inputs.map((n) => n.shape),
        attrs,
      );
    } catch (error) {
      throw atUserFrame(error);
    }
    const origin = this.captureStacks ? new Error() : undefined;
    const frozenInputs = Object.freeze([...inputs]);
    const nodes = shapes.map((shape, i) => {
      const node = new Node(this, this.nodeList.length, op, frozenInputs, attrs, i, shape, origin);
      this.nodeList.push(node);
      return node;
    });
    if (!spec.multiOutput) return nodes[0]!;
    const siblings = Object.freeze([...nodes]);
    for (const node of nodes) node.setSiblings(siblings);
    return nodes;
  }

  /**
   * Returns the node memoized under `key`, making it with `make` the first time. Ops use it to share
   * small constants (e.g. the scalar `1` of a dtype) instead of adding duplicates.
   */
  memoized(key: string, make: () => Node): Node {
    let node = this.memo.get(key);
    if (node === undefined) {
      node = make();
      this.memo.set(key, node);
    }
    return node;
  }

  /**
   * Lowers the graph into `builder`: every parameter (in order), then the nodes reachable from `outputs`.
   * Returns the builder values of the outputs.
   */
  lower(builder: Builder, outputs: readonly Node[]): Value[] {
    for (const out of outputs) {
      if (!(out instanceof Node) || out.graph !== this) {
        throw opError('lower', `outputs must be nodes of graph "${this.name}", got ${describeValue(out)}`);
      }
    }
    const reachable = this.reachableFrom(outputs);
    const values = new Array<Value | undefined>(this.nodeList.length);
    for (const p of this.parameterList) {
      const attrs = p.attrs as OpAttrs['parameter'];
      values[p.id] = builder.parameter(attrs.shape, attrs.name);
    }
    for (const node of this.nodeList) {
      if (!reachable[node.id] || values[node.id] !== undefined) continue;
      if (node.op === 'constant') {
        const attrs = node.attrs as OpAttrs['constant'];
        values[node.id] = builder.constant(attrs.value, attrs.shape);
        continue;
      }
      const operands = node.inputs.map((input) => values[input.id]!);
      const result = builder.op(node.op, operands, node.attrs);
      if (Array.isArray(result)) {
        node.siblings.forEach((sibling, i) => {
          values[sibling.id] = result[i]!;
        });
      } else {
        values[node.id] = result;
      }
    }
    return outputs.map((out) => values[out.id]!);
  }

  /** Lowers the graph to a closed `Program` (from `@tsmlx/backends`) with the given outputs; no backend needed. */
  buildProgram(outputs: readonly Node[], name = this.name): Program {
    const builder = new Builder(name);
    return builder.build(this.lower(builder, outputs));
  }

  /**
   * Lowers the graph and compiles it with `backend`.
   *
   * @throws UnsupportedError when the backend lacks an op or dtype the outputs need.
   */
  compile(backend: Backend, outputs: readonly Node[]): Executable {
    return backend.compile(this.buildProgram(outputs));
  }

  /** Marks (by node id) the nodes the outputs depend on, siblings of multi-output ops included. */
  private reachableFrom(outputs: readonly Node[]): boolean[] {
    const seen = new Array<boolean>(this.nodeList.length).fill(false);
    const stack = [...outputs];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (seen[node.id]) continue;
      for (const sibling of node.siblings) seen[sibling.id] = true;
      for (const input of node.inputs) if (!seen[input.id]) stack.push(input);
    }
    return seen;
  }

  /**
   * A readable listing of the graph: one line per node with its op, operands, attributes and shape.
   *
   * @example
   * ```text
   * Graph "axpy": 1 parameter, 4 nodes
   *   %0 = parameter p0 : (float32)[3]
   *   %1 = constant 2 : (float32)[]
   *   ...
   * ```
   */
  toString(): string {
    return formatGraph(this, false);
  }

  /** Like {@link Graph.toString}, and each node also shows where in the user's code it was created. */
  debugString(): string {
    return formatGraph(this, true);
  }
}

/**
 * The graph of the given operands.
 *
 * @throws OpError when there are none, when one is not a Node, or when they belong to different graphs.
 */
export function graphOf(op: string, nodes: readonly Node[]): Graph {
  const first = nodes[0];
  if (!(first instanceof Node)) {
    throw opError(
      op,
      first === undefined
        ? 'needs at least one operand node'
        : `operands must be Nodes, got ${describeValue(first)}`,
    );
  }
  for (const node of nodes) {
    if (!(node instanceof Node)) throw opError(op, `operands must be Nodes, got ${describeValue(node)}`);
    if (node.graph !== first.graph) {
      throw opError(
        op,
        `operands belong to different graphs ("${first.graph.name}" and "${node.graph.name}"); nodes of different graphs do not mix`,
      );
    }
  }
  return first.graph;
}

/** Describes any value for an error message. */
export function describeValue(value: unknown): string {
  if (value instanceof Node) return value.toString();
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}
