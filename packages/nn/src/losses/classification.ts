import { isInteger } from '@tsmlx/dtypes';
import {
  abs,
  add,
  clip,
  exp,
  log,
  log1p,
  logSoftmax,
  max,
  mul,
  type Node,
  neg,
  oneHot,
  reduceSum,
  reshape,
  sub,
} from '@tsmlx/graph';
import { nnError } from '../errors.js';
import { classAxis, sameShape } from './check.js';
import { type LossOptions, reduceLoss } from './reduce.js';

/** Options of the losses on probabilities. */
export interface ProbabilityLossOptions extends LossOptions {
  /** Probabilities are clipped into `[epsilon, 1 − epsilon]` before the log. Default 1e-7. */
  epsilon?: number;
}

function clipped(p: Node, epsilon: number): Node {
  return clip(p, epsilon, 1 - epsilon);
}

/**
 * Binary cross-entropy on probabilities: `−(y·log p + (1 − y)·log(1 − p))` per element, with `p`
 * clipped into `[ε, 1 − ε]` (no Inf at 0 or 1); averaged (see {@link LossOptions}). Labels in [0, 1],
 * same shape and dtype as the predictions. Prefer {@link binaryCrossEntropyLogits} when you have logits.
 */
export function binaryCrossEntropy(
  labels: Node,
  predictions: Node,
  options: ProbabilityLossOptions = {},
): Node {
  sameShape('binaryCrossEntropy', labels, predictions);
  const p = clipped(predictions, options.epsilon ?? 1e-7);
  const perElement = neg(add(mul(labels, log(p)), mul(sub(1, labels), log(sub(1, p)))));
  return reduceLoss('binaryCrossEntropy', perElement, options);
}

/**
 * Binary cross-entropy on logits `x`, computed stably as `max(x, 0) − x·y + log1p(e^(−|x|))` (exact
 * for any finite logit, e.g. ±100); averaged (see {@link LossOptions}).
 */
export function binaryCrossEntropyLogits(labels: Node, logits: Node, options?: LossOptions): Node {
  sameShape('binaryCrossEntropyLogits', labels, logits);
  const perElement = add(sub(max(logits, 0), mul(logits, labels)), log1p(exp(neg(abs(logits)))));
  return reduceLoss('binaryCrossEntropyLogits', perElement, options);
}

/**
 * Categorical cross-entropy on probabilities over the last axis: `−Σ y·log(clip(p))` per example
 * (dims `predictions.dims.slice(0, -1)`); averaged (see {@link LossOptions}). Labels are one-hot or soft
 * distributions of the predictions' shape and dtype.
 */
export function categoricalCrossEntropy(
  labels: Node,
  predictions: Node,
  options: ProbabilityLossOptions = {},
): Node {
  classAxis('categoricalCrossEntropy', predictions);
  sameShape('categoricalCrossEntropy', labels, predictions);
  const p = clipped(predictions, options.epsilon ?? 1e-7);
  return reduceLoss('categoricalCrossEntropy', neg(reduceSum(mul(labels, log(p)), -1)), options);
}

/**
 * Categorical cross-entropy on logits over the last axis: `−Σ y·logSoftmax(x)` per example, stable
 * for large logits; averaged (see {@link LossOptions}).
 */
export function categoricalCrossEntropyLogits(labels: Node, logits: Node, options?: LossOptions): Node {
  classAxis('categoricalCrossEntropyLogits', logits);
  sameShape('categoricalCrossEntropyLogits', labels, logits);
  return reduceLoss(
    'categoricalCrossEntropyLogits',
    neg(reduceSum(mul(labels, logSoftmax(logits)), -1)),
    options,
  );
}

/**
 * Sparse categorical cross-entropy on logits: integer class `labels` with the logits' dims but the last
 * (or with a trailing 1), loss `−logSoftmax(x)[label]` per example; averaged (see {@link LossOptions}).
 * A label outside `0..classes-1` contributes 0 (mask such examples explicitly).
 *
 * @throws OpError when the labels are not integers or their dims do not match the logits' batch dims.
 */
export function sparseCategoricalCrossEntropyLogits(labels: Node, logits: Node, options?: LossOptions): Node {
  const op = 'sparseCategoricalCrossEntropyLogits';
  classAxis(op, logits);
  if (!isInteger(labels.dtype)) throw nnError(op, `labels ${labels.shape} must have an integer dtype`);
  const batch = logits.dims.slice(0, -1);
  let l = labels;
  if (l.rank === batch.length + 1 && l.dims[l.rank - 1] === 1) l = reshape(l, batch);
  if (l.rank !== batch.length || l.dims.some((d, i) => d !== batch[i])) {
    throw nnError(
      op,
      `labels ${labels.shape} must have dims [${batch.join(', ')}] (the logits ${logits.shape} without the class axis), optionally with a trailing 1`,
    );
  }
  const classes = logits.dims[logits.rank - 1]!;
  const picked = reduceSum(mul(oneHot(l, classes, logits.dtype), logSoftmax(logits)), -1);
  return reduceLoss(op, neg(picked), options);
}
