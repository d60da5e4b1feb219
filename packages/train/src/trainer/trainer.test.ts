import { SimpleBackend } from '@tsmlx/backend-simple';
import { Context, constant } from '@tsmlx/context';
import { Tensor } from '@tsmlx/graph';
import { dense, meanSquaredError, sparseCategoricalCrossEntropyLogits } from '@tsmlx/nn';
import { sgd } from '@tsmlx/optx';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { inMemoryDataset } from '../data/inMemory.js';
import { sparseCategoricalAccuracy } from '../metrics/accuracy.js';
import { Trainer } from './trainer.js';
import type { LossFn, ModelFn } from './types.js';

const backend = new SimpleBackend();

/** The first element of a variable's value, as a number. */
function firstValue(ctx: Context, path: string): number {
  return Number(ctx.getVariable(path)!.value!.dataSync()[0]);
}

/** x_i = -1 + 2i/(n-1), y = 3x - 2, as float32 columns [n, 1]. */
function lineData(n: number): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = -1 + (2 * i) / (n - 1);
    y[i] = 3 * x[i]! - 2;
  }
  return { x, y };
}

const linear: ModelFn = (ctx, [x]) => dense(ctx.in('dense'), x!, 1);
const mse: LossFn = ([y], [p]) => meanSquaredError(y!, p!);

function batch(x: Float32Array, y: Float32Array) {
  return {
    inputs: [Tensor.from(x, { shape: [x.length, 1] })],
    labels: [Tensor.from(y, { shape: [y.length, 1] })],
  };
}

describe('Trainer', () => {
  it('takes SGD steps that match a hand-computed gradient step (float64 reference)', async () => {
    const ctx = new Context({ seed: 1 });
    ctx.in('dense').variable('weights', new Shape('float32', [1, 1]), { initializer: constant(0.5) });
    const trainer = new Trainer(backend, ctx, linear, mse, sgd({ learningRate: 0.1 }));
    const { x, y } = lineData(8);
    // Reference: w = 0.5, b = 0; loss = mean((w x + b - y)^2); dL/dw = mean(2 e x), dL/db = mean(2 e).
    let w = 0.5;
    let b = 0;
    for (let step = 0; step < 3; step++) {
      let loss = 0;
      let gw = 0;
      let gb = 0;
      for (let i = 0; i < 8; i++) {
        const e = w * x[i]! + b - y[i]!;
        loss += (e * e) / 8;
        gw += (2 * e * x[i]!) / 8;
        gb += (2 * e) / 8;
      }
      const m = await trainer.trainStep(batch(x, y));
      expect(m.loss).toBeCloseTo(loss, 5);
      w -= 0.1 * gw;
      b -= 0.1 * gb;
      expect(firstValue(ctx, '/dense/weights')).toBeCloseTo(w, 5);
      expect(firstValue(ctx, '/dense/biases')).toBeCloseTo(b, 5);
    }
    expect(trainer.globalStep).toBe(3);
  });

  it('fits a line with SGD and reports the moving-average loss', async () => {
    const ctx = new Context({ seed: 3 });
    const trainer = new Trainer(backend, ctx, linear, mse, sgd({ learningRate: 0.2 }));
    const { x, y } = lineData(64);
    const ds = inMemoryDataset(
      { inputs: [Tensor.from(x, { shape: [64, 1] })], labels: [Tensor.from(y, { shape: [64, 1] })] },
      { batchSize: 16, shuffle: true, seed: 7 },
    );
    let last: Record<string, number> = {};
    // Reference moving average of the reported batch losses: avg += max(0.01, 1/k)·(loss_k − avg).
    let avg = 0;
    let k = 0;
    for (let epoch = 0; epoch < 60; epoch++) {
      for await (const bt of ds) {
        last = await trainer.trainStep(bt);
        k++;
        avg += Math.max(0.01, 1 / k) * (last.loss! - avg);
        expect(last['~loss']).toBeCloseTo(avg, 12);
      }
    }
    expect(Object.keys(last).sort()).toEqual(['loss', '~loss']);
    expect(last.loss).toBeLessThan(1e-6);
    expect(firstValue(ctx, '/dense/weights')).toBeCloseTo(3, 3);
    expect(firstValue(ctx, '/dense/biases')).toBeCloseTo(-2, 3);
    expect(trainer.globalStep).toBe(240);
  });

  it('builds one graph per batch shape, train and eval apart, with isTraining set', async () => {
    const ctx = new Context({ seed: 1 });
    const builds: string[] = [];
    const model: ModelFn = (c, [x], g) => {
      builds.push(`${c.isTraining(g) ? 'train' : 'eval'}:${x!.dims[0]}`);
      return linear(c, [x!], g);
    };
    const trainer = new Trainer(backend, ctx, model, mse, sgd());
    const { x, y } = lineData(13);
    const ds = inMemoryDataset(
      { inputs: [Tensor.from(x, { shape: [13, 1] })], labels: [Tensor.from(y, { shape: [13, 1] })] },
      { batchSize: 5 },
    );
    for (let i = 0; i < 3; i++) for await (const bt of ds) await trainer.trainStep(bt);
    await trainer.eval(ds);
    await trainer.eval(ds);
    expect(builds).toEqual(['train:5', 'train:3', 'eval:5', 'eval:3']);
    expect(trainer.globalStep).toBe(9);
  });

  it('evaluates mean loss and accuracy over uneven batches exactly as hand counts', async () => {
    const ctx = new Context({ seed: 1 });
    // Fixed linear classifier over 3 classes: logits = x · W with W = identity, no bias.
    const model: ModelFn = (c, [x]) => dense(c.in('cls'), x!, 3, { useBias: false });
    ctx
      .in('cls')
      .variable('weights', new Shape('float32', [3, 3]))
      .setValue([
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ]);
    const loss: LossFn = ([y], [logits]) => sparseCategoricalCrossEntropyLogits(y!, logits!);
    const trainer = new Trainer(backend, ctx, model, loss, sgd(), {
      evalMetrics: [sparseCategoricalAccuracy()],
    });
    const xs = [
      [2, 0, 0],
      [0, 1, 0.5],
      [0, 0, 3],
      [1, 2, 0],
      [0.5, 0.2, 0.1],
      [0, 0, 1],
      [3, 1, 2],
    ];
    const labels = [0, 1, 1, 0, 0, 2, 2];
    // Hand count: predicted classes are 0, 1, 2, 1, 0, 2, 0 → correct 0, 1, 4, 5 = 4 of 7.
    let refLoss = 0;
    for (let i = 0; i < xs.length; i++) {
      const row = xs[i]!;
      const lse = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
      refLoss += (lse - row[labels[i]!]!) / xs.length;
    }
    const ds = inMemoryDataset(
      { inputs: [xs.map((r) => r.map(Math.fround))], labels: [Int32Array.from(labels)] },
      { batchSize: 3 },
    );
    // inputs given as nested JS numbers become float32 tensors.
    const m = await trainer.eval(ds);
    expect(m.acc).toBe(4 / 7);
    expect(m['#loss']).toBeCloseTo(refLoss, 6);
    // A second evaluation starts from zero again.
    expect((await trainer.eval(ds)).acc).toBe(4 / 7);
    expect(trainer.globalStep).toBe(0);
  });

  it("adds the layers' regularization to the optimized loss but reports the main loss", async () => {
    const ctx = new Context({ seed: 1, params: { l2_regularization: 0.5 } });
    ctx.in('dense').variable('weights', new Shape('float32', [1, 1]), { initializer: constant(2) });
    const model: ModelFn = (c, [x]) => dense(c.in('dense'), x!, 1, { useBias: false });
    const trainer = new Trainer(backend, ctx, model, mse, sgd({ learningRate: 0.1 }));
    const x = new Float32Array([1, -1]);
    const y = new Float32Array([1, -1]);
    const m = await trainer.trainStep(batch(x, y));
    // e = (2 - 1)·x = ±1 → loss 1; grad = mean(2 e x) + 2·0.5·w = 2 + 2 = 4 → w = 2 − 0.4.
    expect(m.loss).toBeCloseTo(1, 6);
    expect(firstValue(ctx, '/dense/weights')).toBeCloseTo(1.6, 6);
  });

  it('rejects duplicate metric names and bad arguments', () => {
    const ctx = new Context({ seed: 1 });
    expect(
      () =>
        new Trainer(backend, ctx, linear, mse, sgd(), {
          evalMetrics: [sparseCategoricalAccuracy(), sparseCategoricalAccuracy()],
        }),
    ).toThrow(/short name "acc"/);
    expect(() => new Trainer(backend, ctx, linear, mse, {} as never)).toThrow(/update/);
  });
});
