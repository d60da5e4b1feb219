import { abs, lessOrEqual, mul, type Node, square, sub, where } from '@tsmlx/graph';
import { nnError } from '../errors.js';
import { sameShape } from './check.js';
import { type LossOptions, reduceLoss } from './reduce.js';

/**
 * Mean squared error: `(predictions − labels)²`, averaged (see {@link LossOptions}). Labels and
 * predictions have the same shape and float dtype.
 *
 * @throws OpError naming the loss when shapes or dtypes differ.
 */
export function meanSquaredError(labels: Node, predictions: Node, options?: LossOptions): Node {
  sameShape('meanSquaredError', labels, predictions);
  return reduceLoss('meanSquaredError', square(sub(predictions, labels)), options);
}

/** Mean absolute error: `|predictions − labels|`, averaged (see {@link LossOptions}). */
export function meanAbsoluteError(labels: Node, predictions: Node, options?: LossOptions): Node {
  sameShape('meanAbsoluteError', labels, predictions);
  return reduceLoss('meanAbsoluteError', abs(sub(predictions, labels)), options);
}

/** Options of {@link huber}. */
export interface HuberOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear. Default 1. */
  delta?: number;
}

/**
 * Huber loss: with `e = predictions − labels`, `½e²` where `|e| ≤ δ`, else `δ·(|e| − ½δ)`; averaged
 * (see {@link LossOptions}).
 */
export function huber(labels: Node, predictions: Node, options: HuberOptions = {}): Node {
  sameShape('huber', labels, predictions);
  const delta = options.delta ?? 1;
  if (!(delta > 0) || !Number.isFinite(delta)) throw nnError('huber', `delta must be > 0, got ${delta}`);
  const e = abs(sub(predictions, labels));
  const quadratic = mul(square(e), 0.5);
  const linear = mul(sub(e, 0.5 * delta), delta);
  return reduceLoss('huber', where(lessOrEqual(e, delta), quadratic, linear), options);
}
