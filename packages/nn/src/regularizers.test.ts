import type { Context } from '@tsmlx/context';
import { type Node, scalar, type Tensor } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import { convolution } from './convolution.js';
import { lstm } from './lstm.js';
import {
  addRegularizationLoss,
  combineRegularizers,
  l1Regularizer,
  l2Regularizer,
  regularizationLoss,
} from './regularizers.js';
import { expectClose, flat, newContext, seeded, tensor, testBackend, varValues } from './testing.js';

const sumSq = (v: number[]) => v.reduce((s, x) => s + x * x, 0);
const sumAbs = (v: number[]) => v.reduce((s, x) => s + Math.abs(x), 0);

describe('regularizers', () => {
  it('layers read l1/l2_regularization from their scope up, and regularizationLoss sums every term of the graph', () => {
    const ctx = newContext();
    ctx.setParam('l2_regularization', 0.1);
    ctx.in('rnn').setParam('l1_regularization', 0.01).setParam('l2_regularization', 0);
    const exec = ctx.exec(testBackend, (c: Context, x: Node) => {
      const y = convolution(c.in('conv'), x).filters(2).kernelSize(2).done();
      const r = lstm(c.in('rnn'), y, 2);
      addRegularizationLoss(scalar(x.graph, 0.125, x.dtype)); // a user-registered term
      return [r.output, regularizationLoss(c, x.graph)];
    });
    const [, reg] = exec.call(tensor(seeded(12), [2, 3, 2])) as Tensor[];
    const expected =
      0.1 * sumSq(varValues(ctx, '/conv/weights')) +
      0.01 * (sumAbs(varValues(ctx, '/rnn/weights')) + sumAbs(varValues(ctx, '/rnn/recurrent_weights'))) +
      0.125;
    expectClose(flat(reg!), [expected], 1e-12);
  });

  it('combine, and reject negative amounts', () => {
    const ctx = newContext();
    const w = [1, -2, 3];
    const y = ctx
      .exec(testBackend, (_c: Context, x: Node) =>
        combineRegularizers(l1Regularizer(0.5), l2Regularizer(2))(x),
      )
      .call(tensor(w, [3])) as Tensor;
    expectClose(flat(y), [0.5 * 6 + 2 * 14]);
    expect(() => l2Regularizer(-1)).toThrow(/finite number ≥ 0/);
  });

  it('addRegularizationLoss needs scalars', () => {
    const ctx = newContext();
    expect(() =>
      ctx.exec(testBackend, (_c: Context, x: Node) => addRegularizationLoss(x)).call(tensor([1, 2], [2])),
    ).toThrow(/must be a scalar/);
  });
});
