import type { Context } from '@tsmlx/context';
import type { Node, Tensor } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import { batchNorm, layerNorm, normalize, rmsNorm } from './normalization.js';
import {
  checkParameterGradients,
  expectClose,
  flat,
  newContext,
  projection,
  seeded,
  tensor,
  testBackend,
  varValues,
} from './testing.js';

/** Per-feature statistics of x [rows, features] (features last). */
function stats(x: number[], features: number): { mean: number[]; variance: number[] } {
  const rows = x.length / features;
  const mean = new Array<number>(features).fill(0);
  const variance = new Array<number>(features).fill(0);
  for (let r = 0; r < rows; r++) for (let f = 0; f < features; f++) mean[f]! += x[r * features + f]! / rows;
  for (let r = 0; r < rows; r++)
    for (let f = 0; f < features; f++) variance[f]! += (x[r * features + f]! - mean[f]!) ** 2 / rows;
  return { mean, variance };
}

describe('batchNorm', () => {
  const dims = [4, 3, 2]; // features last: 2 features, statistics over 12 rows
  const xs = seeded(24, 5, -2, 3);

  it('training normalizes with batch statistics and updates the moving averages; inference uses them', () => {
    const ctx = newContext();
    const gamma = [1.5, -0.5];
    const beta = [0.25, 2];
    const train = ctx.exec(
      testBackend,
      (c: Context, x: Node) => batchNorm(c.in('bn'), x, { momentum: 0.9, epsilon: 1e-3 }),
      {
        training: true,
      },
    );
    const infer = ctx.exec(testBackend, (c: Context, x: Node) =>
      batchNorm(c.in('bn'), x, { momentum: 0.9, epsilon: 1e-3 }),
    );
    train.call(tensor(xs, dims)); // creates variables; moving averages move once
    expect(ctx.getVariable('/bn/mean')!.trainable).toBe(false);
    expect(ctx.getVariable('/bn/variance')!.trainable).toBe(false);
    ctx.getVariable('/bn/scale')!.setValue(gamma);
    ctx.getVariable('/bn/offset')!.setValue(beta);
    const { mean, variance } = stats(xs, 2);
    // After one step from (0, 1): moving = 0.9·init + 0.1·batch.
    expectClose(
      varValues(ctx, '/bn/mean'),
      mean.map((m) => 0.1 * m),
      1e-12,
    );
    expectClose(
      varValues(ctx, '/bn/variance'),
      variance.map((v) => 0.9 + 0.1 * v),
      1e-12,
    );
    const y = flat(train.call(tensor(xs, dims)) as Tensor);
    const expected = xs.map((v, i) => {
      const f = i % 2;
      return ((v - mean[f]!) / Math.sqrt(variance[f]! + 1e-3)) * gamma[f]! + beta[f]!;
    });
    expectClose(y, expected, 1e-12);
    // Second step: 0.9·(previous) + 0.1·batch.
    const m2 = mean.map((m) => 0.9 * 0.1 * m + 0.1 * m);
    const v2 = variance.map((v) => 0.9 * (0.9 + 0.1 * v) + 0.1 * v);
    expectClose(varValues(ctx, '/bn/mean'), m2, 1e-12);
    expectClose(varValues(ctx, '/bn/variance'), v2, 1e-12);
    // Inference: moving statistics, no update.
    const z = flat(infer.call(tensor(xs, dims)) as Tensor);
    expectClose(
      z,
      xs.map((v, i) => {
        const f = i % 2;
        return ((v - m2[f]!) / Math.sqrt(v2[f]! + 1e-3)) * gamma[f]! + beta[f]!;
      }),
      1e-12,
    );
    expectClose(varValues(ctx, '/bn/mean'), m2, 1e-12);
  });

  it('channels-first axis and hyperparameters from the context', () => {
    const ctx = newContext();
    ctx.setParam('batch_norm_momentum', 0.5).setParam('batch_norm_epsilon', 0);
    const x = [1, 2, 3, 10, 20, 30]; // [1, 2, 3]: features on axis 1
    const y = flat(
      ctx
        .exec(testBackend, (c: Context, v: Node) => batchNorm(c, v, { axis: 1 }), { training: true })
        .call(tensor(x, [1, 2, 3])) as Tensor,
    );
    const s = Math.sqrt(2 / 3);
    expectClose(y, [-1 / s, 0, 1 / s, -1 / s, 0, 1 / s], 1e-12);
    expectClose(varValues(ctx, '/mean'), [1, 10], 1e-12); // 0.5·0 + 0.5·mean
  });

  it('has correct gradients in training (through the batch statistics) and inference', () => {
    for (const training of [true, false]) {
      const ctx = newContext();
      ctx.setParam('batch_norm_epsilon', 0.1);
      const n = checkParameterGradients(ctx, (c, x) => projection(batchNorm(c, x)), [tensor(xs, dims)], {
        training,
      });
      expect(n).toBe(4);
    }
  });
});

describe('layerNorm and rmsNorm', () => {
  const dims = [3, 4];
  const xs = seeded(12, 9, -3, 3);

  it('layerNorm normalizes each row over the last axis, then gain and offset', () => {
    const ctx = newContext();
    const exec = ctx.exec(testBackend, (c: Context, x: Node) => layerNorm(c.in('ln'), x));
    exec.call(tensor(xs, dims));
    const gain = [1, 2, -1, 0.5];
    const offset = [0, 1, 2, 3];
    ctx.getVariable('/ln/gain')!.setValue(gain);
    ctx.getVariable('/ln/offset')!.setValue(offset);
    const y = flat(exec.call(tensor(xs, dims)) as Tensor);
    const expected: number[] = [];
    for (let r = 0; r < 3; r++) {
      const row = xs.slice(r * 4, r * 4 + 4);
      const m = row.reduce((p, q) => p + q) / 4;
      const v = row.reduce((p, q) => p + (q - m) ** 2, 0) / 4;
      expected.push(...row.map((x, j) => ((x - m) / Math.sqrt(v + 1e-5)) * gain[j]! + offset[j]!));
    }
    expectClose(y, expected, 1e-12);
  });

  it('layerNorm over several axes has parameters shaped like those axes', () => {
    const ctx = newContext();
    const y = flat(
      ctx
        .exec(testBackend, (c: Context, x: Node) => layerNorm(c, x, { axes: [1, 2], epsilon: 0 }))
        .call(tensor(xs, [1, 3, 4])) as Tensor,
    );
    expect(ctx.getVariable('/gain')!.shape.dims).toEqual([3, 4]);
    const m = xs.reduce((p, q) => p + q) / 12;
    const v = xs.reduce((p, q) => p + (q - m) ** 2, 0) / 12;
    expectClose(
      y,
      xs.map((x) => (x - m) / Math.sqrt(v)),
      1e-12,
    );
  });

  it('rmsNorm divides by the root mean square, then scales', () => {
    const ctx = newContext();
    const exec = ctx.exec(testBackend, (c: Context, x: Node) => rmsNorm(c, x, { epsilon: 1e-6 }));
    exec.call(tensor(xs, dims));
    ctx.getVariable('/scale')!.setValue([2, 1, 0.5, -1]);
    const y = flat(exec.call(tensor(xs, dims)) as Tensor);
    const expected: number[] = [];
    for (let r = 0; r < 3; r++) {
      const row = xs.slice(r * 4, r * 4 + 4);
      const rms = Math.sqrt(row.reduce((p, q) => p + q * q, 0) / 4 + 1e-6);
      expected.push(...row.map((x, j) => (x / rms) * [2, 1, 0.5, -1][j]!));
    }
    expectClose(y, expected, 1e-12);
  });

  it('have correct gradients', () => {
    for (const fn of [(c: Context, x: Node) => layerNorm(c, x), (c: Context, x: Node) => rmsNorm(c, x)]) {
      const ctx = newContext();
      // Non-trivial gains so the offset and gain gradients differ.
      const n = checkParameterGradients(ctx, (c, x) => projection(fn(c, x)), [tensor(xs, dims)]);
      expect(n).toBeGreaterThanOrEqual(4);
    }
  });

  it('normalize picks by name and rejects unknown names naming the scope', () => {
    const ctx = newContext();
    const exec = (kind: string) =>
      ctx
        .in(kind)
        .exec(testBackend, (c: Context, x: Node) => normalize(c, x, kind))
        .call(tensor(xs, dims));
    expect(flat(exec('none') as Tensor)).toEqual(xs);
    exec('layer');
    exec('rms');
    exec('batch');
    expect(ctx.getVariable('/layer/gain')).toBeDefined();
    expect(ctx.getVariable('/rms/scale')).toBeDefined();
    expect(ctx.getVariable('/batch/mean')).toBeDefined();
    expect(() => exec('group')).toThrow(
      /normalize at scope "\/group": unknown normalization "group"; valid ones are: none, layer, batch, rms/,
    );
  });

  it('reject integer inputs naming the scope', () => {
    const ctx = newContext().in('norm');
    expect(() =>
      ctx.exec(testBackend, (c: Context, x: Node) => layerNorm(c, x)).call(tensor([1, 2], [2], 'int32')),
    ).toThrow(/layerNorm at scope "\/norm".*float dtype/);
    expect(() =>
      ctx
        .exec(testBackend, (c: Context, x: Node) => batchNorm(c, x, { axis: 3 }))
        .call(tensor([1, 2], [1, 2])),
    ).toThrow(/batchNorm at scope "\/norm".*axis 3 is out of range/);
  });
});
