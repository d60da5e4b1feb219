import { type DType, isInteger } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { opError } from '../errors.js';
import * as raw from '../gen_ops.js';
import type { Node } from '../node.js';
import { convert, div, equal, sub } from './arith.js';
import { axisOf } from './axes.js';
import { expectFloat, iota } from './constants.js';
import { subProgram } from './control.js';
import { type Axes, logSumExp, reduceMax, reduceSum } from './reduce.js';
import { expandDims, sliceAxis } from './shape.js';

/**
 * Softmax over `axes` (default the last axis): `exp(x - max) / sum(exp(x - max))`, stable for large
 * inputs.
 */
export function softmax(x: Node, axes: Axes = -1): Node {
  expectFloat('softmax', x);
  const shifted = sub(x, reduceMax(x, axes, { keepDims: true }));
  const e = raw.exp(shifted);
  return div(e, reduceSum(e, axes, { keepDims: true }));
}

/** Log of the softmax over `axes` (default the last axis): `x - logSumExp(x)`, computed stably. */
export function logSoftmax(x: Node, axes: Axes = -1): Node {
  expectFloat('logSoftmax', x);
  return sub(x, logSumExp(x, axes, { keepDims: true }));
}

/**
 * One-hot encoding: for integer `indices` of dims `[...d]`, a tensor of dims `[...d, depth]` holding 1
 * at each index and 0 elsewhere (all zeros for an index outside `0..depth-1`).
 *
 * @param dtype - dtype of the result. Default float32.
 */
export function oneHot(indices: Node, depth: number, dtype: DType = 'float32'): Node {
  if (!isInteger(indices.dtype))
    throw opError('oneHot', `indices ${indices.shape} must have an integer dtype`);
  if (!Number.isInteger(depth) || depth < 0)
    throw opError('oneHot', `depth must be a non-negative integer, got ${depth}`);
  const positions = iota(indices.graph, indices.dtype, [...indices.dims, depth], -1);
  return convert(equal(expandDims(indices, -1), positions), dtype);
}

/** The `k` largest values along an axis and their indices. */
export interface TopK {
  /** The largest values, in descending order. */
  values: Node;
  /** Their indices along the axis (int32); ties keep the lower index first. */
  indices: Node;
}

/**
 * The `k` largest values along `axis` (default -1), in descending order, with their int32 indices.
 * Built with a stable sort.
 */
export function topK(x: Node, k: number, axis = -1): TopK {
  const a = axisOf('topK', x, axis);
  const n = x.dims[a]!;
  if (!Number.isInteger(k) || k < 0 || k > n) {
    throw opError('topK', `k must be an integer in 0..${n} (axis ${a} of ${x.shape}), got ${k}`);
  }
  const comparator = subProgram(
    'topKComparator',
    [Shape.scalar(x.dtype), Shape.scalar(x.dtype), Shape.scalar('int32'), Shape.scalar('int32')],
    (lhs, rhs) => raw.greaterThan(lhs!, rhs!),
  );
  const positions = iota(x.graph, 'int32', x.dims, a);
  const [values, indices] = raw.sort([x, positions], { axis: a, stable: true, comparator }) as [Node, Node];
  return { values: sliceAxis(values, a, 0, k), indices: sliceAxis(indices, a, 0, k) };
}
