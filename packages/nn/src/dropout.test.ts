import type { Context } from '@tsmlx/context';
import type { Node, Tensor } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import { dropout } from './dropout.js';
import { flat, newContext, tensor, testBackend } from './testing.js';

describe('dropout', () => {
  const n = 4000;
  const xs = Array.from({ length: n }, (_, i) => 1 + (i % 7));

  it('is the identity in inference', () => {
    const ctx = newContext();
    const y = ctx
      .exec(testBackend, (c: Context, x: Node) => dropout(c, x, 0.5))
      .call(tensor(xs, [n])) as Tensor;
    expect(flat(y)).toEqual(xs);
  });

  it('zeros about `rate` of the elements in training and scales the rest by 1/(1-rate)', () => {
    const ctx = newContext();
    const exec = ctx.exec(testBackend, (c: Context, x: Node) => dropout(c, x, 0.3), { training: true });
    const first = flat(exec.call(tensor(xs, [n], 'float32')) as Tensor);
    let zeros = 0;
    first.forEach((v, i) => {
      if (v === 0) zeros++;
      else expect(Math.abs(v - xs[i]! / 0.7)).toBeLessThan(1e-5);
    });
    // Binomial(4000, 0.3): mean 1200, sd ≈ 29; allow 5 sd.
    expect(Math.abs(zeros - 1200)).toBeLessThan(145);
    // The RNG state advances: the next call draws another mask.
    const second = flat(exec.call(tensor(xs, [n], 'float32')) as Tensor);
    expect(second).not.toEqual(first);
  });

  it('reads dropout_rate when no rate is given; rate 0 is the identity', () => {
    const ctx = newContext();
    ctx.setParam('dropout_rate', 0.5);
    const y = flat(
      ctx
        .exec(testBackend, (c: Context, x: Node) => dropout(c, x), { training: true })
        .call(tensor(xs, [n])) as Tensor,
    );
    const zeros = y.filter((v) => v === 0).length;
    expect(Math.abs(zeros - 2000)).toBeLessThan(160);
    const same = flat(
      ctx
        .exec(testBackend, (c: Context, x: Node) => dropout(c, x, 0), { training: true })
        .call(tensor(xs, [n])) as Tensor,
    );
    expect(same).toEqual(xs);
  });

  it('rejects rates outside [0, 1) naming the scope', () => {
    const ctx = newContext().in('head');
    expect(() =>
      ctx.exec(testBackend, (c: Context, x: Node) => dropout(c, x, 1)).call(tensor([1], [1])),
    ).toThrow(/dropout at scope "\/head": rate must be a number in \[0, 1\), got 1/);
  });
});
