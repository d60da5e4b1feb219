import { isFloat, isInteger } from '@tsmlx/dtypes';
import { argMax, convert, equal, greaterThan, type Node, reduceSum, reshape, scalarLike } from '@tsmlx/graph';
import {
  type BatchValue,
  type Metric,
  type MetricInputs,
  meanMetric,
  movingAverageMetric,
} from './metric.js';

function only(what: string, nodes: readonly Node[], role: string): Node {
  const n = nodes[0];
  if (!n) throw new Error(`${what}: the batch has no ${role}`);
  return n;
}

/**
 * Per-batch correct count of sparse categorical predictions: `labels[0]` integer classes with the dims of the
 * predictions but the last (or a trailing 1), `predictions[0]` scores (logits or probabilities) over the last
 * axis. An example is correct when its arg-max class equals its label (the first maximum wins ties).
 */
export function sparseCategoricalCorrect({ labels, predictions }: MetricInputs): BatchValue {
  const what = 'sparseCategoricalAccuracy';
  const scores = only(what, predictions, 'predictions');
  let l = only(what, labels, 'labels');
  if (scores.rank < 1) throw new Error(`${what}: predictions must have a class axis, got ${scores.shape}`);
  if (!isInteger(l.dtype)) throw new Error(`${what}: labels must be integer classes, got ${l.shape}`);
  const batch = scores.dims.slice(0, -1);
  if (l.rank === batch.length + 1 && l.dims[l.rank - 1] === 1) l = reshape(l, batch);
  if (l.rank !== batch.length || l.dims.some((d, i) => d !== batch[i])) {
    throw new Error(
      `${what}: labels ${l.shape} must have dims [${batch.join(', ')}] (predictions ${scores.shape})`,
    );
  }
  const predicted = argMax(scores, -1, { dtype: 'int64' });
  const correct = equal(predicted, l.dtype === 'int64' ? l : convert(l, 'int64'));
  return { sum: reduceSum(convert(correct, 'float64')), count: l.shape.size };
}

function binaryCorrect(what: string, threshold: number, { labels, predictions }: MetricInputs): BatchValue {
  const p = only(what, predictions, 'predictions');
  const l = only(what, labels, 'labels');
  if (!isFloat(p.dtype)) throw new Error(`${what}: predictions must be float, got ${p.shape}`);
  if (p.shape.size !== l.shape.size) {
    throw new Error(
      `${what}: labels ${l.shape} and predictions ${p.shape} must have the same number of elements`,
    );
  }
  const predicted = greaterThan(p, scalarLike(p, threshold));
  let truth: Node;
  if (l.dtype === 'bool') truth = l;
  else if (isFloat(l.dtype)) truth = greaterThan(l, scalarLike(l, 0.5));
  else truth = greaterThan(l, scalarLike(l, 0));
  const flatTruth =
    truth.rank === predicted.rank && truth.dims.every((d, i) => d === predicted.dims[i])
      ? truth
      : reshape(truth, predicted.dims);
  return { sum: reduceSum(convert(equal(predicted, flatTruth), 'float64')), count: p.shape.size };
}

/**
 * Per-batch correct count of binary predictions given as probabilities (`predictions[0] > 0.5` is class 1);
 * labels are 0/1 numbers (floats above 0.5, or integers above 0, count as 1) or bools, one per prediction.
 */
export function binaryCorrect05(inputs: MetricInputs): BatchValue {
  return binaryCorrect('binaryAccuracy', 0.5, inputs);
}

/** Per-batch correct count of binary predictions given as logits (`predictions[0] > 0` is class 1); see {@link binaryCorrect05}. */
export function binaryLogitsCorrect(inputs: MetricInputs): BatchValue {
  return binaryCorrect('binaryLogitsAccuracy', 0, inputs);
}

/** Mean accuracy of sparse categorical predictions (see {@link sparseCategoricalCorrect}); short name `acc`. */
export function sparseCategoricalAccuracy(): Metric {
  return meanMetric({ name: 'Mean Accuracy', shortName: 'acc', kind: 'accuracy' }, sparseCategoricalCorrect);
}

/** Moving average of the sparse categorical accuracy (see {@link movingAverageMetric}); short name `~acc`. */
export function movingAverageSparseCategoricalAccuracy(rate = 0.01): Metric {
  return movingAverageMetric(
    { name: 'Moving Average Accuracy', shortName: '~acc', kind: 'accuracy' },
    sparseCategoricalCorrect,
    rate,
  );
}

/** Mean accuracy of binary predictions given as probabilities (threshold 0.5); short name `acc`. */
export function binaryAccuracy(): Metric {
  return meanMetric({ name: 'Mean Binary Accuracy', shortName: 'acc', kind: 'accuracy' }, binaryCorrect05);
}

/** Moving average of the binary accuracy on probabilities; short name `~acc`. */
export function movingAverageBinaryAccuracy(rate = 0.01): Metric {
  return movingAverageMetric(
    { name: 'Moving Average Binary Accuracy', shortName: '~acc', kind: 'accuracy' },
    binaryCorrect05,
    rate,
  );
}

/** Mean accuracy of binary predictions given as logits (threshold 0); short name `acc`. */
export function binaryLogitsAccuracy(): Metric {
  return meanMetric(
    { name: 'Mean Binary Logits Accuracy', shortName: 'acc', kind: 'accuracy' },
    binaryLogitsCorrect,
  );
}

/** Moving average of the binary accuracy on logits; short name `~acc`. */
export function movingAverageBinaryLogitsAccuracy(rate = 0.01): Metric {
  return movingAverageMetric(
    { name: 'Moving Average Binary Logits Accuracy', shortName: '~acc', kind: 'accuracy' },
    binaryLogitsCorrect,
    rate,
  );
}
