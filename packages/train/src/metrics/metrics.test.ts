import { SimpleBackend } from '@tsmlx/backend-simple';
import { Context } from '@tsmlx/context';
import { type Graph, type Node, Tensor } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import {
  binaryAccuracy,
  binaryLogitsAccuracy,
  movingAverageSparseCategoricalAccuracy,
  sparseCategoricalAccuracy,
} from './accuracy.js';
import { meanLoss, movingAverageLoss } from './loss.js';
import { formatMetricValue, type Metric } from './metric.js';

const backend = new SimpleBackend();

/** Runs `metric.update` on fed labels/predictions/loss, one call per batch; returns the reported values. */
function runner(metric: Metric) {
  const ctx = new Context({ seed: 1 });
  const scope = ctx.at(`/metrics/test/${metric.scopeName}`);
  const exec = ctx.exec(
    backend,
    (c: Context, g: Graph, labels: Node, predictions: Node, loss: Node) =>
      metric.update(c.at(scope.scope), g, { inputs: [], labels: [labels], predictions: [predictions], loss }),
    { withGraph: true },
  );
  return {
    step: (labels: Tensor, predictions: Tensor, loss = 0): number => {
      const out = exec.call(labels, predictions, Tensor.from(new Float32Array([loss]), { shape: [] }));
      return Number(out.dataSync()[0]);
    },
    reset: () => metric.reset(scope),
  };
}

const f32 = (rows: number[][]) =>
  Tensor.from(new Float32Array(rows.flat()), { shape: [rows.length, rows[0]!.length] });

describe('accuracy metrics (hand counts)', () => {
  it('sparse categorical: arg-max vs label, ties to the first, labels [b] or [b, 1], running mean', () => {
    const r = runner(sparseCategoricalAccuracy());
    // Batch 1: predicted 2, 0 (tie 0/1 → first), 1, 1 ; labels 2, 1, 1, 0 → 2 correct of 4.
    const p1 = f32([
      [0.1, 0.2, 0.7],
      [5, 5, 1],
      [-1, 3, 2],
      [0, 1, 0],
    ]);
    expect(r.step(Tensor.from(Int32Array.from([2, 1, 1, 0])), p1)).toBe(2 / 4);
    // Batch 2 (labels [b, 1], int64): predicted 0, 2, 2; labels 0, 2, 1 → 2 correct; total 4 of 7.
    const p2 = f32([
      [9, 1, 1],
      [0, 0, 1],
      [0, -1, 3],
    ]);
    expect(r.step(Tensor.from(BigInt64Array.from([0n, 2n, 1n]), { shape: [3, 1] }), p2)).toBe(4 / 7);
    r.reset();
    expect(r.step(Tensor.from(Int32Array.from([2, 1, 1, 0])), p1)).toBe(2 / 4);
  });

  it('binary on probabilities (threshold 0.5) with float, int and bool labels', () => {
    const probs = Tensor.from(new Float32Array([0.9, 0.2, 0.5, 0.51, 0.0]));
    // Predicted 1, 0, 0 (0.5 is not above), 1, 0.
    const float = runner(binaryAccuracy());
    expect(float.step(Tensor.from(new Float32Array([1, 0, 1, 1, 1])), probs)).toBe(3 / 5);
    const ints = runner(binaryAccuracy());
    expect(ints.step(Tensor.from(Int32Array.from([1, 0, 0, 0, 0])), probs)).toBe(4 / 5);
    const bools = runner(binaryAccuracy());
    expect(bools.step(Tensor.from([true, true, false, true, false]), probs)).toBe(4 / 5);
  });

  it('binary on logits (threshold 0), labels reshaped to the predictions', () => {
    const r = runner(binaryLogitsAccuracy());
    const logits = f32([[3], [-0.1], [0], [0.2]]); // predicted 1, 0, 0, 1
    expect(r.step(Tensor.from(new Float32Array([1, 1, 0, 0])), logits)).toBe(2 / 4);
    expect(r.step(Tensor.from(new Float32Array([1, 0, 0, 1])), logits)).toBe(6 / 8);
  });

  it('moving-average accuracy: plain mean for the first 1/rate batches, then decays', () => {
    const r = runner(movingAverageSparseCategoricalAccuracy(0.5));
    const right = f32([[1, 0]]);
    const wrong = f32([[0, 1]]);
    const label = Tensor.from(Int32Array.from([0]));
    // k=1: w=1 → 1; k=2: w=0.5 → 0.5; k=3: w=max(0.5, 1/3)=0.5 → 0.75; k=4 wrong → 0.375.
    expect(r.step(label, right)).toBe(1);
    expect(r.step(label, wrong)).toBe(0.5);
    expect(r.step(label, right)).toBe(0.75);
    expect(r.step(label, wrong)).toBe(0.375);
  });
});

describe('loss metrics', () => {
  it('mean loss weights each batch by its examples', () => {
    const r = runner(meanLoss());
    const p = (n: number) => f32(Array.from({ length: n }, () => [0, 0]));
    const l = (n: number) => Tensor.from(new Int32Array(n));
    expect(r.step(l(4), p(4), 1.5)).toBeCloseTo(1.5, 7);
    // (4·1.5 + 2·0.25) / 6
    expect(r.step(l(2), p(2), 0.25)).toBeCloseTo((4 * 1.5 + 2 * 0.25) / 6, 7);
  });

  it('moving-average loss follows avg += max(rate, 1/k)(x − avg)', () => {
    const r = runner(movingAverageLoss(0.1));
    const losses = [4, 2, 1, 8, 0.5, 3, 3, 2, 1, 0.25, 6, 1, 1];
    let avg = 0;
    losses.forEach((x, i) => {
      avg += Math.max(0.1, 1 / (i + 1)) * (Math.fround(x) - avg);
      expect(r.step(Tensor.from(new Int32Array(1)), f32([[0]]), x)).toBeCloseTo(avg, 12);
    });
  });

  it('formats values by kind', () => {
    expect(formatMetricValue('accuracy', 0.98765)).toBe('98.77%');
    expect(formatMetricValue('loss', 0.123456)).toBe('0.1235');
    expect(formatMetricValue('loss', 1.5e-5)).toBe('1.500e-5');
    expect(sparseCategoricalAccuracy().format(0.5)).toBe('50.00%');
  });
});
