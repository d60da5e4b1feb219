import { broadcastDims, sameDims } from '@tsmlx/shapes';
import { atUserFrame, opError } from '../errors.js';
import * as raw from '../gen_ops.js';
import { describeValue, graphOf } from '../graph.js';
import { Node } from '../node.js';
import type { Scalar } from '../values.js';
import { scalar } from './constants.js';

/** An operand of elementwise ops: a node, or a JS scalar taking the dtype of the other operands. */
export type Operand = Node | Scalar;

function isScalarValue(value: unknown): value is Scalar {
  const t = typeof value;
  return t === 'number' || t === 'bigint' || t === 'boolean';
}

/**
 * Turns the operands of an elementwise op into nodes of one graph and one dtype: JS scalars become
 * scalar constants of the nodes' dtype. No dtype promotion: nodes must already share their dtype.
 *
 * @throws OpError naming the op and the operands when there is no node, a value is not an operand, or
 * the dtypes differ.
 */
export function toNodes(op: string, operands: readonly Operand[]): Node[] {
  const nodes = operands.filter((v): v is Node => v instanceof Node);
  for (const v of operands) {
    if (!(v instanceof Node) && !isScalarValue(v)) {
      throw opError(
        op,
        `operands must be Nodes or JS scalars (number, bigint, boolean), got ${describeValue(v)}`,
      );
    }
  }
  if (nodes.length === 0) {
    throw opError(op, `needs at least one Node operand to know the graph and dtype, got only JS values`);
  }
  const graph = graphOf(op, nodes);
  const dtype = nodes[0]!.dtype;
  for (const n of nodes) {
    if (n.dtype !== dtype) {
      throw opError(
        op,
        `operands have different dtypes: ${nodes.map((m) => m.shape.toString()).join(', ')}; tsmlx does not promote ` +
          `dtypes implicitly: convert one with convert(x, '${dtype}')`,
      );
    }
  }
  return operands.map((v) => (v instanceof Node ? v : scalar(graph, v, dtype)));
}

/**
 * Broadcasts `x` to `dims` under the tsmlx rule: a scalar goes anywhere; otherwise the rank must match
 * and each dim be equal or 1. Returns `x` itself when it already has those dims.
 */
export function broadcastToDims(op: string, x: Node, dims: readonly number[]): Node {
  if (sameDims(x.dims, dims)) return x;
  if (x.rank !== 0 && x.rank !== dims.length) {
    throw opError(op, `cannot broadcast ${x.shape} to [${dims.join(', ')}]: ranks differ`);
  }
  const axesMapping = x.dims.map((_, i) => i);
  return raw.broadcastInDim(x, { dims, axesMapping });
}

/** The common dims of the operands under the tsmlx broadcasting rule. @throws ShapeError naming the op. */
export function commonDims(op: string, nodes: readonly Node[]): number[] {
  try {
    let acc = nodes[0]!.shape;
    for (let i = 1; i < nodes.length; i++) acc = acc.withDims(broadcastDims(acc, nodes[i]!.shape, op));
    return [...acc.dims];
  } catch (error) {
    throw atUserFrame(error);
  }
}

/** Converts and broadcasts operands to one dtype and common dims. */
export function broadcastOperands(op: string, operands: readonly Operand[]): Node[] {
  const nodes = toNodes(op, operands);
  const dims = commonDims(op, nodes);
  return nodes.map((n) => broadcastToDims(op, n, dims));
}
