import { type DType, isInteger } from '@tsmlx/dtypes';
import { opError } from '../errors.js';
import * as raw from '../gen_ops.js';
import type { Node } from '../node.js';
import { add, div, mul, sub, where } from './arith.js';
import { axesOf, axisOf } from './axes.js';
import { expectFloat } from './constants.js';

/** Options of reductions. */
export interface ReduceOptions {
  /** Keep the reduced axes as size-1 dims (so the result broadcasts against the input). Default false. */
  keepDims?: boolean;
}

/** Reduction axes: one axis, a list (negative axes count from the end), or undefined for all axes. */
export type Axes = number | readonly number[] | undefined;

type ReduceName =
  | 'reduceSum'
  | 'reduceProduct'
  | 'reduceMax'
  | 'reduceMin'
  | 'reduceBitwiseAnd'
  | 'reduceBitwiseOr'
  | 'reduceBitwiseXor'
  | 'reduceLogicalAnd'
  | 'reduceLogicalOr'
  | 'reduceLogicalXor';

/** A reduction over `axes` (all when omitted), with negative axes and `keepDims`. */
export type ReduceOp = (x: Node, axes?: Axes, options?: ReduceOptions) => Node;

/** Reshapes a reduction result back to the input's rank, with size-1 reduced axes. */
export function keepReducedDims(x: Node, reduced: Node, axes: readonly number[]): Node {
  return raw.reshape(reduced, { dims: x.dims.map((d, i) => (axes.includes(i) ? 1 : d)) });
}

function reduction(name: ReduceName, rawOp: (x: Node, attrs: { axes: readonly number[] }) => Node): ReduceOp {
  return (x, axes, options = {}) => {
    const list = axesOf(name, x, axes);
    const reduced = list.length === 0 ? x : rawOp(x, { axes: list });
    return options.keepDims ? keepReducedDims(x, reduced, list) : reduced;
  };
}

/** Sum over `axes` (all when omitted). */
export const reduceSum: ReduceOp = reduction('reduceSum', raw.reduceSum);
/** Product over `axes` (all when omitted). */
export const reduceProduct: ReduceOp = reduction('reduceProduct', raw.reduceProduct);
/** Maximum over `axes` (all when omitted); NaN propagates. */
export const reduceMax: ReduceOp = reduction('reduceMax', raw.reduceMax);
/** Minimum over `axes` (all when omitted); NaN propagates. */
export const reduceMin: ReduceOp = reduction('reduceMin', raw.reduceMin);
/** Bitwise and over `axes` (integers). */
export const reduceBitwiseAnd: ReduceOp = reduction('reduceBitwiseAnd', raw.reduceBitwiseAnd);
/** Bitwise or over `axes` (integers). */
export const reduceBitwiseOr: ReduceOp = reduction('reduceBitwiseOr', raw.reduceBitwiseOr);
/** Bitwise xor over `axes` (integers). */
export const reduceBitwiseXor: ReduceOp = reduction('reduceBitwiseXor', raw.reduceBitwiseXor);
/** Logical and over `axes` (bool): true where all are true. */
export const reduceLogicalAnd: ReduceOp = reduction('reduceLogicalAnd', raw.reduceLogicalAnd);
/** Logical or over `axes` (bool): true where any is true. */
export const reduceLogicalOr: ReduceOp = reduction('reduceLogicalOr', raw.reduceLogicalOr);
/** Logical xor (parity) over `axes` (bool). */
export const reduceLogicalXor: ReduceOp = reduction('reduceLogicalXor', raw.reduceLogicalXor);

function countOf(x: Node, axes: readonly number[]): number {
  return axes.reduce((n, a) => n * x.dims[a]!, 1);
}

/** Mean over `axes` (all when omitted) of a float tensor; NaN over empty axes. */
export function mean(x: Node, axes?: Axes, options: ReduceOptions = {}): Node {
  expectFloat('mean', x);
  const list = axesOf('mean', x, axes);
  return div(reduceSum(x, list, options), countOf(x, list));
}

/** Options of {@link variance}. */
export interface VarianceOptions extends ReduceOptions {
  /** Delta degrees of freedom: divides by `n - ddof` (1 for the unbiased sample variance). Default 0. */
  ddof?: number;
}

/** Variance over `axes` (all when omitted) of a float tensor: `mean((x - mean(x))²)` (two-pass, stable). */
export function variance(x: Node, axes?: Axes, options: VarianceOptions = {}): Node {
  expectFloat('variance', x);
  const list = axesOf('variance', x, axes);
  const centered = sub(x, mean(x, list, { keepDims: true }));
  const sumSq = reduceSum(mul(centered, centered), list, options);
  return div(sumSq, countOf(x, list) - (options.ddof ?? 0));
}

/**
 * `log(sum(exp(x)))` over `axes`, computed stably: the maximum is subtracted first (and added back),
 * so large inputs do not overflow; all -Infinity gives -Infinity.
 */
export function logSumExp(x: Node, axes?: Axes, options: ReduceOptions = {}): Node {
  expectFloat('logSumExp', x);
  const list = axesOf('logSumExp', x, axes);
  const maxKept = reduceMax(x, list, { keepDims: true });
  const finiteMax = where(raw.isFinite(maxKept), maxKept, 0);
  const shifted = raw.exp(sub(x, finiteMax));
  const sum = reduceSum(shifted, list, { keepDims: true });
  const result = add(raw.log(sum), finiteMax);
  return options.keepDims
    ? result
    : raw.reshape(result, { dims: x.dims.filter((_, i) => !list.includes(i)) });
}

/** Options of {@link argMax} and {@link argMin}. */
export interface ArgOptions extends ReduceOptions {
  /** Integer dtype of the indices. Default int32. */
  dtype?: DType;
}

function argMinMax(op: string, x: Node, axis: number, isMin: boolean, options: ArgOptions): Node {
  const a = axisOf(op, x, axis);
  const outputDType = options.dtype ?? 'int32';
  if (!isInteger(outputDType)) throw opError(op, `dtype must be an integer dtype, got ${outputDType}`);
  const r = raw.argMinMax(x, { axis: a, isMin, outputDType });
  return options.keepDims ? keepReducedDims(x, r, [a]) : r;
}

/** Index of the maximum along `axis` (default -1); the first wins ties; NaN counts as the maximum. */
export function argMax(x: Node, axis = -1, options: ArgOptions = {}): Node {
  return argMinMax('argMax', x, axis, false, options);
}

/** Index of the minimum along `axis` (default -1); the first wins ties; NaN counts as the minimum. */
export function argMin(x: Node, axis = -1, options: ArgOptions = {}): Node {
  return argMinMax('argMin', x, axis, true, options);
}

/** Options of {@link cumSum}. */
export interface CumSumOptions {
  /** Sum from the end: element i holds the sum of elements i..n-1. Default false. */
  reverse?: boolean;
}

/**
 * Cumulative sum along `axis` (default -1): element i holds the sum of elements 0..i. Built as a
 * sliding-window sum (reduceWindow) with a window as long as the axis.
 */
export function cumSum(x: Node, axis = -1, options: CumSumOptions = {}): Node {
  const a = axisOf('cumSum', x, axis);
  const n = x.dims[a]!;
  if (n <= 1) return x;
  return raw.reduceWindow(x, {
    reduction: 'sum',
    windowDims: x.dims.map((_, i) => (i === a ? n : 1)),
    strides: x.dims.map(() => 1),
    baseDilations: x.dims.map(() => 1),
    windowDilations: x.dims.map(() => 1),
    padding: x.dims.map((_, i): [number, number] =>
      i !== a ? [0, 0] : options.reverse ? [0, n - 1] : [n - 1, 0],
    ),
  });
}
