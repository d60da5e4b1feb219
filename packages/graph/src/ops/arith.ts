import type { DType } from '@tsmlx/dtypes';
import { opError } from '../errors.js';
import * as raw from '../gen_ops.js';
import { Node } from '../node.js';
import { broadcastOperands, broadcastToDims, commonDims, type Operand, toNodes } from './broadcast.js';

/**
 * An elementwise binary op with broadcasting: operands are Nodes or JS scalars (which take the other
 * operand's dtype). A scalar broadcasts to anything; otherwise ranks must be equal and each dim equal
 * or 1. No implicit dtype promotion.
 */
export type BinaryOp = (lhs: Operand, rhs: Operand) => Node;

type BinaryName =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'rem'
  | 'pow'
  | 'max'
  | 'min'
  | 'atan2'
  | 'bitwiseAnd'
  | 'bitwiseOr'
  | 'bitwiseXor'
  | 'shiftLeft'
  | 'shiftRightArithmetic'
  | 'shiftRightLogical'
  | 'logicalAnd'
  | 'logicalOr'
  | 'logicalXor'
  | 'equal'
  | 'notEqual'
  | 'greaterThan'
  | 'greaterOrEqual'
  | 'lessThan'
  | 'lessOrEqual';

function binary(name: BinaryName, rawOp: (lhs: Node, rhs: Node) => Node): BinaryOp {
  return (lhs, rhs) => {
    const [a, b] = broadcastOperands(name, [lhs, rhs]) as [Node, Node];
    return rawOp(a, b);
  };
}

/** `lhs + rhs`, broadcasting (see {@link BinaryOp}); integers wrap. */
export const add: BinaryOp = binary('add', raw.add);
/** `lhs - rhs`, broadcasting; integers wrap. */
export const sub: BinaryOp = binary('sub', raw.sub);
/** `lhs * rhs`, broadcasting; integers wrap. */
export const mul: BinaryOp = binary('mul', raw.mul);
/** `lhs / rhs`, broadcasting; integer division truncates toward zero. */
export const div: BinaryOp = binary('div', raw.div);
/** Remainder with the sign of `lhs` (C fmod), broadcasting. */
export const rem: BinaryOp = binary('rem', raw.rem);
/** `lhs ** rhs`, broadcasting. */
export const pow: BinaryOp = binary('pow', raw.pow);
/** Elementwise maximum, broadcasting; NaN if either is NaN. */
export const max: BinaryOp = binary('max', raw.max);
/** Elementwise minimum, broadcasting; NaN if either is NaN. */
export const min: BinaryOp = binary('min', raw.min);
/** `atan2(lhs, rhs)`, broadcasting (floats). */
export const atan2: BinaryOp = binary('atan2', raw.atan2);
/** Bitwise and, broadcasting (integers). */
export const bitwiseAnd: BinaryOp = binary('bitwiseAnd', raw.bitwiseAnd);
/** Bitwise or, broadcasting (integers). */
export const bitwiseOr: BinaryOp = binary('bitwiseOr', raw.bitwiseOr);
/** Bitwise xor, broadcasting (integers). */
export const bitwiseXor: BinaryOp = binary('bitwiseXor', raw.bitwiseXor);
/** `lhs << rhs`, broadcasting (integers). */
export const shiftLeft: BinaryOp = binary('shiftLeft', raw.shiftLeft);
/** `lhs >> rhs` keeping the sign, broadcasting (integers). */
export const shiftRightArithmetic: BinaryOp = binary('shiftRightArithmetic', raw.shiftRightArithmetic);
/** `lhs >>> rhs` filling zeros, broadcasting (integers). */
export const shiftRightLogical: BinaryOp = binary('shiftRightLogical', raw.shiftRightLogical);
/** Logical and, broadcasting (bool). */
export const logicalAnd: BinaryOp = binary('logicalAnd', raw.logicalAnd);
/** Logical or, broadcasting (bool). */
export const logicalOr: BinaryOp = binary('logicalOr', raw.logicalOr);
/** Logical xor, broadcasting (bool). */
export const logicalXor: BinaryOp = binary('logicalXor', raw.logicalXor);
/** `lhs == rhs` (bool result), broadcasting. */
export const equal: BinaryOp = binary('equal', raw.equal);
/** `lhs != rhs` (bool result), broadcasting. */
export const notEqual: BinaryOp = binary('notEqual', raw.notEqual);
/** `lhs > rhs` (bool result), broadcasting. */
export const greaterThan: BinaryOp = binary('greaterThan', raw.greaterThan);
/** `lhs >= rhs` (bool result), broadcasting. */
export const greaterOrEqual: BinaryOp = binary('greaterOrEqual', raw.greaterOrEqual);
/** `lhs < rhs` (bool result), broadcasting. */
export const lessThan: BinaryOp = binary('lessThan', raw.lessThan);
/** `lhs <= rhs` (bool result), broadcasting. */
export const lessOrEqual: BinaryOp = binary('lessOrEqual', raw.lessOrEqual);

/** `x * x`. */
export function square(x: Node): Node {
  return raw.mul(x, x);
}

/** `1 / x`. */
export function reciprocal(x: Node): Node {
  return div(1, x);
}

/**
 * Elementwise select: `onTrue` where `condition` holds, else `onFalse`. The condition is a bool node;
 * the values are nodes or JS scalars of one dtype; all three broadcast together.
 *
 * @example
 * ```ts
 * where(greaterThan(x, 0), x, 0); // relu
 * ```
 */
export function where(condition: Node, onTrue: Operand, onFalse: Operand): Node {
  if (!(condition instanceof Node)) throw opError('where', 'condition must be a bool Node');
  if (condition.dtype !== 'bool') {
    throw opError(
      'where',
      `condition ${condition.shape} must have dtype bool (compare values first, e.g. greaterThan)`,
    );
  }
  const [a, b] = toNodes('where', [onTrue, onFalse]) as [Node, Node];
  const dims = commonDims('where', [condition, a, b]);
  const cond = condition.rank === 0 ? condition : broadcastToDims('where', condition, dims);
  return raw.where(cond, broadcastToDims('where', a, dims), broadcastToDims('where', b, dims));
}

/**
 * Clamps `x` into `[lo, hi]` elementwise. Bounds are JS scalars or nodes of the dtype of `x` that
 * broadcast to its dims.
 */
export function clip(x: Node, lo: Operand, hi: Operand): Node {
  if (!(x instanceof Node)) throw opError('clip', 'x must be a Node');
  const [l, y, h] = toNodes('clip', [lo, x, hi]) as [Node, Node, Node];
  const fit = (bound: Node): Node => {
    if (bound.rank === 0) return bound;
    const dims = commonDims('clip', [bound, y]);
    if (dims.some((d, i) => d !== y.dims[i])) {
      throw opError('clip', `bound ${bound.shape} does not broadcast to the dims of x ${y.shape}`);
    }
    return broadcastToDims('clip', bound, dims);
  };
  return raw.clamp(fit(l), y, fit(h));
}

/**
 * Converts `x` to `dtype` (returns `x` when it already has it). Floats to integers truncate toward zero;
 * to bool, nonzero is true.
 */
export function convert(x: Node, dtype: DType): Node {
  if (!(x instanceof Node)) throw opError('convert', 'x must be a Node');
  return x.dtype === dtype ? x : raw.convertDType(x, { dtype });
}
