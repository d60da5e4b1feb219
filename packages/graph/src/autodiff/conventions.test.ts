// Gradients at the non-differentiable points of elementwise ops, with the documented conventions.
import { describe, expect, it } from 'vitest';
import { execOnce } from '../exec.js';
import * as raw from '../gen_ops.js';
import type { Node } from '../node.js';
import { clip, convert, max, min, pow, rem } from '../ops/arith.js';
import { reduceSum } from '../ops/reduce.js';
import { Tensor } from '../tensor.js';
import { testBackend } from '../testing.js';
import { gradient } from './index.js';

function f64(values: readonly number[]): Tensor {
  return Tensor.from(Float64Array.from(values), { dtype: 'float64' });
}

function grads(fn: (a: Node, b: Node) => Node, a: readonly number[], b: readonly number[]): number[][] {
  const out = execOnce(
    testBackend,
    (x: Node, y: Node) => gradient(reduceSum(fn(x, y)), x, y),
    f64(a),
    f64(b),
  ) as Tensor[];
  return out.map((t) => Array.from(t.dataSync() as Float64Array));
}

describe('gradient conventions at non-smooth points', () => {
  it('pow(x, y) at x = 0 follows JAX: d/dx is 0 for y > 1 or y = 0, 1 for y = 1, inf for 0 < y < 1', () => {
    const [dx, dy] = grads(pow, [0, 0, 0, 0, 0, 2], [2, 1, 0, 0.5, 3.5, 0]) as [number[], number[]];
    expect(dx).toEqual([0, 1, 0, Number.POSITIVE_INFINITY, 0, 0]);
    // d/dy x^y = log(x) x^y, taken as 0 at x = 0; at x = 2, y = 0: log 2.
    expect(dy.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(dy[5]).toBeCloseTo(Math.LN2, 15);
  });

  it('pow with negative bases and integer exponents', () => {
    const [dx] = grads(pow, [-2, -1.5], [3, 2]);
    expect(dx).toEqual([3 * 4, 2 * -1.5]);
  });

  it('max and min split the cotangent evenly on ties', () => {
    const [mx, my] = grads(max, [1, 2, 3], [1, 5, -3]);
    expect(mx).toEqual([0.5, 0, 1]);
    expect(my).toEqual([0.5, 1, 0]);
    const [nx, ny] = grads(min, [1, 2, 3], [1, 5, -3]);
    expect(nx).toEqual([0.5, 1, 0]);
    expect(ny).toEqual([0.5, 0, 1]);
    // max(x, x) has gradient 1, as the identity it is.
    const [self] = execOnce(
      testBackend,
      (x: Node) => gradient(reduceSum(max(x, x)), x),
      f64([4, -2]),
    ) as Tensor[];
    expect(Array.from(self!.dataSync() as Float64Array)).toEqual([1, 1]);
  });

  it('abs has gradient sign(x): 0 at x = 0', () => {
    const [dx] = execOnce(
      testBackend,
      (x: Node) => gradient(reduceSum(raw.abs(x)), x),
      f64([-2, 0, 3]),
    ) as Tensor[];
    expect(Array.from(dx!.dataSync() as Float64Array)).toEqual([-1, 0, 1]);
  });

  it('clamp gives x the cotangent strictly inside the bounds, the bounds where they win, nobody at ties', () => {
    const out = execOnce(
      testBackend,
      (x: Node, lo: Node, hi: Node) => gradient(reduceSum(clip(x, lo, hi)), x, lo, hi),
      f64([-2, -1, 0, 1, 2, 0.5]),
      Tensor.from(-1, { dtype: 'float64' }),
      Tensor.from(1, { dtype: 'float64' }),
    ) as Tensor[];
    const [dx, dlo, dhi] = out.map((t) => Array.from(t.dataSync() as Float64Array));
    expect(dx).toEqual([0, 0, 1, 0, 0, 1]);
    expect(dlo).toEqual([1]); // only x = -2 is below lo
    expect(dhi).toEqual([1]); // only x = 2 is above hi
  });

  it('ceil, floor, round and sign have zero gradient; rem has d/dx = 1 and d/dy = -trunc(x / y)', () => {
    const [dx] = execOnce(
      testBackend,
      (x: Node) =>
        gradient(
          reduceSum(raw.add(raw.add(raw.ceil(x), raw.floor(x)), raw.add(raw.round(x), raw.sign(x)))),
          x,
        ),
      f64([-1.5, 0.2, 2.7]),
    ) as Tensor[];
    expect(Array.from(dx!.dataSync() as Float64Array)).toEqual([0, 0, 0]);
    const [rx, ry] = grads(rem, [7.5, -7.5, 1], [2, 2, 3]);
    expect(rx).toEqual([1, 1, 1]);
    expect(ry).toEqual([-3, 3, -0]);
  });

  it('convertDType converts the cotangent back to the input float dtype', () => {
    const [dx] = execOnce(
      testBackend,
      (x: Node) => gradient(reduceSum(raw.mul(convert(convert(x, 'float32'), 'float64'), raw.add(x, x))), x),
      f64([0.5, -1.25]),
    ) as Tensor[];
    // f = sum(2 x²) with x exactly representable in float32: f' = 4x.
    expect(Array.from(dx!.dataSync() as Float64Array)).toEqual([2, -5]);
  });
});
