import type { OpAttrs, OpName } from '@tsmlx/backends';
import type { DType } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import { trimStack, userFrame } from './errors.js';
import type { Graph } from './graph.js';

/**
 * A value in a {@link Graph}: the output of one primitive op applied to earlier nodes. Its shape is
 * static, known when the node is built. A node records what made it — the op, its input nodes, its
 * attributes, which output of the op it is and where in the user's code it was created — so the graph
 * can be lowered to a backend program, differentiated and printed.
 *
 * Nodes are made by ops (`add(x, y)`, `reduceSum(x, -1)`, ...), never with `new`.
 */
export class Node {
  /** The graph this node belongs to. */
  readonly graph: Graph;
  /** Index of the node in its graph (creation order, which is a topological order). */
  readonly id: number;
  /** The primitive op that made this node. */
  readonly op: OpName;
  /** The op's operands, in order. */
  readonly inputs: readonly Node[];
  /** The op's attributes (the op table's type for `op`). */
  readonly attrs: OpAttrs[OpName];
  /** Which output of the op this node is (0 unless the op has several outputs). */
  readonly outputIndex: number;
  /** The static shape: dtype and dims. */
  readonly shape: Shape;
  private siblingList: readonly Node[] | undefined;
  private readonly origin: Error | undefined;

  /** @internal Nodes are created by {@link Graph.addOp}. */
  constructor(
    graph: Graph,
    id: number,
    op: OpName,
    inputs: readonly Node[],
    attrs: OpAttrs[OpName],
    outputIndex: number,
    shape: Shape,
    origin: Error | undefined,
  ) {
    this.graph = graph;
    this.id = id;
    this.op = op;
    this.inputs = inputs;
    this.attrs = attrs;
    this.outputIndex = outputIndex;
    this.shape = shape;
    this.origin = origin;
  }

  /** The element dtype. */
  get dtype(): DType {
    return this.shape.dtype;
  }

  /** Number of dimensions (0 for a scalar). */
  get rank(): number {
    return this.shape.rank;
  }

  /** The dimensions. */
  get dims(): readonly number[] {
    return this.shape.dims;
  }

  /**
   * Every output of the op application this node belongs to, in output order (just `[this]` for
   * single-output ops).
   */
  get siblings(): readonly Node[] {
    return this.siblingList ?? [this];
  }

  /** @internal Set by the graph for multi-output ops. */
  setSiblings(siblings: readonly Node[]): void {
    this.siblingList = siblings;
  }

  /**
   * The stack where the node was created, starting at the user's call (undefined when the graph was made
   * with `captureStacks: false`). Formatted only when read.
   */
  get stack(): string | undefined {
    const stack = this.origin?.stack;
    return stack === undefined ? undefined : trimStack(stack);
  }

  /** The user's source location that created the node (`file:line:column`), when known. */
  get createdAt(): string | undefined {
    return userFrame(this.origin?.stack);
  }

  /** Short description, e.g. `Node #3 add (float32)[2, 3]`. */
  toString(): string {
    const output = this.siblingList ? `[${this.outputIndex}]` : '';
    return `Node #${this.id} ${this.op}${output} ${this.shape}`;
  }
}
