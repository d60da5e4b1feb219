// VJP rules of the reductions: reduceSum, reduceProduct, reduceMax, reduceMin and argMinMax.
import type { OpAttrs } from '@tsmlx/backends';
import * as raw from '../../gen_ops.js';
import type { Node } from '../../node.js';
import { scalarLike, zeros } from '../../ops/constants.js';
import { registerVJP } from '../registry.js';

/** The axes of `x` a reduction over `axes` keeps, in order. */
function keptAxes(rank: number, axes: readonly number[]): number[] {
  const kept: number[] = [];
  for (let i = 0; i < rank; i++) if (!axes.includes(i)) kept.push(i);
  return kept;
}

/**
 * Broadcasts `r`, the result (or cotangent) of a reduction of `x` over `axes`, back to the dims of `x`.
 *
 * @internal
 */
export function broadcastReduced(r: Node, x: Node, axes: readonly number[]): Node {
  return raw.broadcastInDim(r, { dims: x.dims, axesMapping: keptAxes(x.rank, axes) });
}

/** A tensor of `dims` filled with the scalar `value` in the dtype of `like`. */
function fullLike(like: Node, dims: readonly number[], value: number): Node {
  const s = scalarLike(like, value);
  return dims.length === 0 ? s : raw.broadcastInDim(s, { dims, axesMapping: [] });
}

/**
 * Inclusive cumulative product along the last axis of a rank-2 tensor `[m, k]`, as a Hillis-Steele scan:
 * ⌈log2 k⌉ steps of "multiply by the tensor shifted right by s, padded with ones". Built from pad and mul
 * only (no division), so it is exact with zeros and differentiable by the shape and elementwise rules.
 */
function cumulativeProduct(x: Node): Node {
  const k = x.dims[1]!;
  const one = scalarLike(x, 1);
  let p = x;
  for (let s = 1; s < k; s *= 2) {
    const shifted = raw.pad(p, one, { low: [0, s], high: [0, -s], interior: [0, 0] });
    p = raw.mul(p, shifted);
  }
  return p;
}

/** Exclusive cumulative product along the last axis of `[m, k]`: element i is the product of 0..i-1. */
function exclusiveProduct(x: Node): Node {
  const inclusive = cumulativeProduct(x);
  return raw.pad(inclusive, scalarLike(x, 1), { low: [0, 1], high: [0, -1], interior: [0, 0] });
}

/**
 * For each element of `x`, the product of the other elements of its reduction group (the elements sharing
 * its coordinates on the kept axes): the product of the elements before it times the product of those after
 * it. Exact when the group holds zeros (one zero: only that element gets a nonzero value; several: all get 0).
 *
 * @internal
 */
export function productOfOthers(x: Node, axes: readonly number[]): Node {
  const kept = keptAxes(x.rank, axes);
  const permutation = [...kept, ...axes];
  const m = kept.reduce((p, a) => p * x.dims[a]!, 1);
  const k = axes.reduce((p, a) => p * x.dims[a]!, 1);
  const moved = raw.transpose(x, { permutation });
  const flat = raw.reshape(moved, { dims: [m, k] });
  const before = exclusiveProduct(flat);
  const reversed = raw.reverse(flat, { axes: [1] });
  const after = raw.reverse(exclusiveProduct(reversed), { axes: [1] });
  const others = raw.mul(before, after);
  const unflat = raw.reshape(others, { dims: permutation.map((a) => x.dims[a]!) });
  const inverse = new Array<number>(x.rank);
  permutation.forEach((a, i) => {
    inverse[a] = i;
  });
  return raw.transpose(unflat, { permutation: inverse });
}

/**
 * The cotangent of a max/min reduction: the cotangent of each group goes to the elements equal to the
 * group's extreme, **split evenly among ties** (two tied maxima get half each). Groups whose extreme is NaN
 * give no gradient.
 */
function extremeVJP(node: Node, g: Node): Node {
  const x = node.inputs[0]!;
  const { axes } = node.attrs as OpAttrs['reduceMax'];
  const winners = raw.equal(x, broadcastReduced(node, x, axes));
  const counts = raw.reduceSum(raw.convertDType(winners, { dtype: x.dtype }), { axes });
  // A NaN group has no winner: divide by 1 instead of 0 there (the mask zeroes it anyway).
  const safeCounts = raw.max(counts, fullLike(x, counts.dims, 1));
  const share = broadcastReduced(raw.div(g, safeCounts), x, axes);
  return raw.where(winners, share, fullLike(x, x.dims, 0));
}

registerVJP('reduceSum', (node, [g]) => {
  const x = node.inputs[0]!;
  const { axes } = node.attrs as OpAttrs['reduceSum'];
  return [broadcastReduced(g!, x, axes)];
});

registerVJP('reduceProduct', (node, [g]) => {
  const x = node.inputs[0]!;
  const { axes } = node.attrs as OpAttrs['reduceProduct'];
  if (x.shape.size === 0) return [zeros(x.graph, x.dtype, x.dims)];
  if (axes.length === 0) return [g!];
  return [raw.mul(broadcastReduced(g!, x, axes), productOfOthers(x, axes))];
});

registerVJP('reduceMax', (node, [g]) => [extremeVJP(node, g!)]);
registerVJP('reduceMin', (node, [g]) => [extremeVJP(node, g!)]);

// argMinMax returns integers: piecewise constant, no gradient (gradient() never reaches it through float
// values; the rule documents that and covers direct calls).
registerVJP('argMinMax', () => [undefined]);
