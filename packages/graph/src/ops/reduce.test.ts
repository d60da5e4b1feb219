import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { execOnce } from '../exec.js';
import { Graph } from '../graph.js';
import type { Node } from '../node.js';
import { Tensor } from '../tensor.js';
import { testBackend as backend, expectClose, f32, nest, randomValues } from '../testing.js';
import {
  argMax,
  argMin,
  cumSum,
  logSumExp,
  mean,
  reduceLogicalOr,
  reduceMax,
  reduceProduct,
  reduceSum,
  variance,
} from './reduce.js';

// x has dims [2, 3, 4]; element (i, j, k) at flat index 12i + 4j + k.
const dims = [2, 3, 4];
const flat = f32(randomValues(24, 7));
const at = (i: number, j: number, k: number) => flat[12 * i + 4 * j + k]!;
const x = nest(flat, dims);

describe('reductions: building', () => {
  const g = new Graph();
  const p = g.parameter(new Shape('float32', dims));

  it('take negative axes, all axes by default, and keepDims', () => {
    expect(reduceSum(p).shape.toString()).toBe('(float32)[]');
    expect(reduceSum(p, -1).shape.toString()).toBe('(float32)[2, 3]');
    expect(reduceSum(p, [0, -1], { keepDims: true }).shape.toString()).toBe('(float32)[1, 3, 1]');
    expect(argMax(p, 1, { keepDims: true }).shape.toString()).toBe('(int32)[2, 1, 4]');
    expect(argMin(p, 0, { dtype: 'int64' }).shape.toString()).toBe('(int64)[3, 4]');
  });

  it('name the op, operand and valid axes for a bad axis', () => {
    expect(() => reduceSum(p, 3)).toThrow(
      /reduceSum: axis 3 is out of range for \(float32\)\[2, 3, 4\]; valid axes are -3..2/,
    );
    expect(() => reduceSum(p, [1, -2])).toThrow(/repeat axis 1/);
    const ints = g.parameter(new Shape('int32', [2]));
    expect(() => mean(ints)).toThrow(/mean: operand \(int32\)\[2\] has dtype int32; expected a float dtype/);
  });
});

describe('reductions: values', () => {
  it('sum, product and max over axes, with keepDims', () => {
    const [s, sk, pr, mx] = execOnce(
      backend,
      (t: Node) => [
        reduceSum(t, -1),
        reduceSum(t, [0, 2], { keepDims: true }),
        reduceProduct(t, 1),
        reduceMax(t),
      ],
      Tensor.from(x),
    );
    const sumK = [0, 1].map((i) =>
      [0, 1, 2].map((j) => [0, 1, 2, 3].reduce((acc, k) => acc + at(i, j, k), 0)),
    );
    expectClose(s!.toArray(), sumK);
    const sumIK = [0, 1, 2].map((j) =>
      [0, 1].reduce((acc, i) => acc + [0, 1, 2, 3].reduce((a, k) => a + at(i, j, k), 0), 0),
    );
    expectClose(sk!.toArray(), [sumIK.map((v) => [v])]);
    const prodJ = [0, 1].map((i) => [0, 1, 2, 3].map((k) => at(i, 0, k) * at(i, 1, k) * at(i, 2, k)));
    expectClose(pr!.toArray(), prodJ);
    expect(mx!.toArray()).toBe(Math.max(...flat));
  });

  it('sums a zero-size axis to 0 and reduces bools', () => {
    const zero = execOnce(
      backend,
      (t: Node) => reduceSum(t, 1),
      Tensor.from(new Float32Array(0), { shape: [2, 0] }),
    );
    expect(zero.toArray()).toEqual([0, 0]);
    const any = execOnce(backend, (t: Node) => reduceLogicalOr(t, -1), [
      [false, true],
      [false, false],
    ]);
    expect(any.toArray()).toEqual([true, false]);
  });

  it('mean and variance (two-pass, with ddof)', () => {
    const values = [1, 2, 3, 4, 10];
    const m = values.reduce((p, q) => p + q, 0) / values.length; // 4
    const ss = values.reduce((p, q) => p + (q - m) ** 2, 0); // 50
    const [mu, v0, v1] = execOnce(
      backend,
      (t: Node) => [mean(t), variance(t), variance(t, 0, { ddof: 1 })],
      Tensor.from(values, { dtype: 'float64' }),
    );
    expect(mu!.toArray()).toBe(m);
    expect(v0!.toArray()).toBe(ss / 5);
    expect(v1!.toArray()).toBe(ss / 4);
  });

  it('logSumExp is stable for large inputs and handles -Infinity rows', () => {
    const inf = Number.NEGATIVE_INFINITY;
    const out = execOnce(
      backend,
      (t: Node) => logSumExp(t, -1),
      Tensor.from(
        [
          [1000, 1000],
          [1, 2],
          [inf, inf],
        ],
        { dtype: 'float64' },
      ),
    );
    expectClose(out.toArray(), [1000 + Math.log(2), Math.log(Math.exp(1) + Math.exp(2)), inf], 1e-12);
  });

  it('argMax/argMin pick the first of ties', () => {
    const [amax, amin] = execOnce(backend, (t: Node) => [argMax(t), argMin(t, 0)], [
      [1, 3, 3],
      [2, 0, 0],
    ]);
    expect(amax!.toArray()).toEqual([1, 0]);
    expect(amin!.toArray()).toEqual([0, 1, 1]);
  });

  it('cumSum forward and reverse along an axis', () => {
    const m = [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ];
    const [fwd, rev, down] = execOnce(
      backend,
      (t: Node) => [cumSum(t), cumSum(t, -1, { reverse: true }), cumSum(t, 0)],
      Tensor.from(m, { dtype: 'int32' }),
    );
    const prefix = (r: number[]) => r.map((_, i) => r.slice(0, i + 1).reduce((p, q) => p + q, 0));
    const suffix = (r: number[]) => r.map((_, i) => r.slice(i).reduce((p, q) => p + q, 0));
    expect(fwd!.toArray()).toEqual(m.map(prefix));
    expect(rev!.toArray()).toEqual(m.map(suffix));
    expect(down!.toArray()).toEqual([m[0], m[0]!.map((v, i) => v + m[1]![i]!)]);
  });
});
