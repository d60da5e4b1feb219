import { describe, expect, it } from 'vitest';
import { execOnce } from '../exec.js';
import * as raw from '../gen_ops.js';
import type { Node } from '../node.js';
import { add, mul } from '../ops/arith.js';
import { constant } from '../ops/constants.js';
import { reduceSum } from '../ops/reduce.js';
import { Tensor } from '../tensor.js';
import { seededValues } from '../testing/gradcheck.js';
import { testBackend } from '../testing.js';
import { gradient } from './index.js';

function f64(values: readonly number[]): Tensor {
  return Tensor.from(Float64Array.from(values), { dtype: 'float64' });
}

function read(t: Tensor): number[] {
  return Array.from(t.dataSync() as Float64Array);
}

function expectNear(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    expect(Math.abs(a - expected[i]!), `element ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(
      tolerance * (1 + Math.abs(expected[i]!)),
    );
  });
}

describe('second-order gradients', () => {
  it('d²/dx² tanh(x) = -2 tanh(x) (1 - tanh(x)²), and the third derivative', () => {
    const xs = [-2, -0.7, 0, 0.3, 1.1, 2.5];
    const [first, second, third] = execOnce(
      testBackend,
      (x: Node) => {
        const [d1] = gradient(reduceSum(raw.tanh(x)), x) as [Node];
        const [d2] = gradient(reduceSum(d1), x) as [Node];
        const [d3] = gradient(reduceSum(d2), x) as [Node];
        return [d1, d2, d3];
      },
      f64(xs),
    ) as Tensor[];
    const t = xs.map(Math.tanh);
    expectNear(
      read(first!),
      t.map((v) => 1 - v * v),
      1e-14,
    );
    expectNear(
      read(second!),
      t.map((v) => -2 * v * (1 - v * v)),
      1e-14,
    );
    // d/dx [-2t(1-t²)] = -2(1-t²)(1-3t²)
    expectNear(
      read(third!),
      t.map((v) => -2 * (1 - v * v) * (1 - 3 * v * v)),
      1e-13,
    );
  });

  it('Hessian-vector product of f(x) = sum(a x³) + (b·x)² matches 6 a x v + 2 b (b·v)', () => {
    const n = 5;
    const a = seededValues(n, 11);
    const b = seededValues(n, 12);
    const x = seededValues(n, 13);
    const v = seededValues(n, 14);
    const [hvp] = execOnce(
      testBackend,
      (xn: Node, vn: Node) => {
        const an = constant(xn.graph, Float64Array.from(a), 'float64');
        const bn = constant(xn.graph, Float64Array.from(b), 'float64');
        const bx = reduceSum(mul(bn, xn));
        const f = add(reduceSum(mul(an, mul(xn, mul(xn, xn)))), mul(bx, bx));
        const [grad] = gradient(f, xn) as [Node];
        return gradient(reduceSum(mul(grad, vn)), xn); // ∇(∇f · v) = H v
      },
      f64(x),
      f64(v),
    ) as Tensor[];
    const bv = b.reduce((s, bi, i) => s + bi * v[i]!, 0);
    const expected = x.map((xi, i) => 6 * a[i]! * xi * v[i]! + 2 * b[i]! * bv);
    expectNear(read(hvp!), expected, 1e-13);
  });

  it('differentiates gradients through division, sqrt and logistic', () => {
    // f(x) = sum(sqrt(x) / (1 + x) + logistic(x)); f'' in closed form, per element.
    const xs = [0.3, 1, 2.5];
    const [second] = execOnce(
      testBackend,
      (x: Node) => {
        const onePlus = add(x, 1);
        const f = reduceSum(add(raw.div(raw.sqrt(x), onePlus), raw.logistic(x)));
        const [d1] = gradient(f, x) as [Node];
        return gradient(reduceSum(d1), x);
      },
      f64(xs),
    ) as Tensor[];
    const expected = xs.map((x) => {
      // g = x^(1/2) (1+x)^-1: g'' by the product rule.
      const u = Math.sqrt(x);
      const du = 0.5 / u;
      const ddu = -0.25 / (u * u * u);
      const w = 1 / (1 + x);
      const dw = -w * w;
      const ddw = 2 * w * w * w;
      const s = 1 / (1 + Math.exp(-x));
      return ddu * w + 2 * du * dw + u * ddw + s * (1 - s) * (1 - 2 * s);
    });
    expectNear(read(second!), expected, 1e-13);
  });
});
