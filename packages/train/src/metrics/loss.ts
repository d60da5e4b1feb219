import { mul, type Node } from '@tsmlx/graph';
import {
  type BatchValue,
  batchMetric,
  type Metric,
  type MetricInputs,
  meanMetric,
  movingAverageMetric,
} from './metric.js';

/** Examples in a batch: the size of axis 0 of the first label (else of the first input; 1 for scalars). */
export function batchSize({ labels, inputs }: MetricInputs): number {
  const first: Node | undefined = labels[0] ?? inputs[0];
  return first && first.rank > 0 ? first.dims[0]! : 1;
}

/** The batch loss weighted by the number of examples, so means over batches of different sizes are per example. */
export function lossValue(inputs: MetricInputs): BatchValue {
  const n = batchSize(inputs);
  return { sum: mul(inputs.loss, n), count: n };
}

/** The loss of the current batch; short name `loss`. */
export function batchLoss(): Metric {
  return batchMetric({ name: 'Batch Loss', shortName: 'loss', kind: 'loss' }, lossValue);
}

/** The mean loss per example since the last reset (an evaluation's loss); short name `#loss`. */
export function meanLoss(): Metric {
  return meanMetric({ name: 'Mean Loss', shortName: '#loss', kind: 'loss' }, lossValue);
}

/** An exponential moving average of the batch loss (see {@link movingAverageMetric}); short name `~loss`. */
export function movingAverageLoss(rate = 0.01): Metric {
  return movingAverageMetric(
    { name: 'Moving Average Loss', shortName: '~loss', kind: 'loss' },
    lossValue,
    rate,
  );
}
