import { isFloat } from '@tsmlx/dtypes';
import { convert, div, max, mean, mul, type Node, reduceSum, reshape, where } from '@tsmlx/graph';
import { nnError } from '../errors.js';

/** How a loss reduces its per-element values. */
export type LossReduction = 'mean' | 'sum' | 'none';

/** Options every loss takes. */
export interface LossOptions {
  /**
   * Per-example (or per-element) weights, float of the predictions' dtype, whose dims are a prefix of the
   * loss's per-element dims (e.g. `[batch]`), each equal or 1. Multiplies each loss value.
   */
  weights?: Node;
  /**
   * Bool mask with the same dims rule as `weights`: false entries are excluded. With `'mean'`, the mean
   * is over the included entries only (0 when none is).
   */
  mask?: Node;
  /** `'mean'` (default) over all (included) entries, `'sum'`, or `'none'` for the per-element values. */
  reduction?: LossReduction;
}

/** Reshapes a weight or mask so it broadcasts against `loss` (trailing dims of 1 added). */
function fitted(op: string, what: string, w: Node, loss: Node): Node {
  const ok = w.rank <= loss.rank && w.dims.every((d, i) => d === loss.dims[i] || d === 1);
  if (!ok) {
    throw nnError(
      op,
      `${what} ${w.shape} must have dims that are a prefix of the loss dims [${loss.dims.join(', ')}] (each equal or 1)`,
    );
  }
  if (w.rank === loss.rank) return w;
  return reshape(w, [...w.dims, ...new Array<number>(loss.rank - w.rank).fill(1)]);
}

/** @internal Applies weights, mask and the reduction to per-element loss values. */
export function reduceLoss(op: string, loss: Node, options: LossOptions = {}): Node {
  let values = loss;
  if (options.weights) {
    const w = options.weights;
    if (!isFloat(w.dtype) || w.dtype !== loss.dtype) {
      throw nnError(op, `weights ${w.shape} must have the predictions' dtype ${loss.dtype}`);
    }
    values = mul(values, fitted(op, 'weights', w, loss));
  }
  const reduction = options.reduction ?? 'mean';
  if (!['mean', 'sum', 'none'].includes(reduction)) {
    throw nnError(op, `reduction must be 'mean', 'sum' or 'none', got ${JSON.stringify(reduction)}`);
  }
  if (options.mask) {
    const m = options.mask;
    if (m.dtype !== 'bool') throw nnError(op, `mask ${m.shape} must have dtype bool`);
    const mask = fitted(op, 'mask', m, loss);
    values = where(mask, values, 0);
    if (reduction === 'mean') {
      // Each mask entry stands for the loss entries it broadcasts over.
      const perEntry = loss.dims.reduce((p, d, i) => p * (mask.dims[i] === 1 ? d : 1), 1);
      const count = mul(reduceSum(convert(mask, loss.dtype)), perEntry);
      return div(reduceSum(values), max(count, 1));
    }
  }
  if (reduction === 'none') return values;
  return reduction === 'sum' ? reduceSum(values) : mean(values);
}
