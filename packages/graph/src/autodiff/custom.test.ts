import { OpError } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { execOnce } from '../exec.js';
import * as raw from '../gen_ops.js';
import { Graph } from '../graph.js';
import type { Node } from '../node.js';
import { add, clip, lessOrEqual, mul, sub, where } from '../ops/arith.js';
import { reduceSum } from '../ops/reduce.js';
import { Tensor } from '../tensor.js';
import { testBackend } from '../testing.js';
import { type CustomGradient, gradient, identityWithCustomGradient, stopGradient } from './index.js';

function f64(values: readonly number[]): Tensor {
  return Tensor.from(Float64Array.from(values), { dtype: 'float64' });
}

function run(fn: (x: Node) => Node[], x: readonly number[]): number[][] {
  const out = execOnce(testBackend, fn, f64(x)) as Tensor[];
  return out.map((t) => Array.from(t.dataSync() as Float64Array));
}

describe('stopGradient', () => {
  it('keeps the value and blocks the gradient', () => {
    // loss = sum(stop(x^2) * x): value sum(x^3), gradient x^2 (not 3x^2).
    const [value, grad] = run(
      (x) => {
        const loss = reduceSum(mul(stopGradient(mul(x, x)), x));
        return [loss, ...gradient(loss, x)];
      },
      [1, 2, -3],
    );
    expect(value).toEqual([1 + 8 - 27]);
    expect(grad).toEqual([1, 4, 9]);
  });

  it('gives zeros when every path is stopped', () => {
    const [grad] = run((x) => gradient(reduceSum(raw.exp(stopGradient(x))), x), [1, 2]);
    expect(grad).toEqual([0, 0]);
  });

  it('prunes the backward pass of what it stops', () => {
    const g = new Graph('stop');
    const x = g.parameter(new Shape('float64', [3]));
    const loss = reduceSum(mul(stopGradient(raw.tanh(raw.exp(x))), x));
    const before = g.nodes.length;
    gradient(loss, x);
    const created = g.nodes.slice(before).map((n) => n.op);
    // Only the cotangent of x through mul: no tanh/exp rule ran behind the stop.
    expect(created.filter((op) => op === 'mul')).toHaveLength(1);
    expect(created).not.toContain('exp');
  });
});

describe('identityWithCustomGradient', () => {
  it('is the identity forward and uses the custom rule backward (gradient clipping)', () => {
    const clipped: CustomGradient = (_h, g) => clip(g, -0.5, 0.5);
    const [value, grad] = run(
      (x) => {
        const h = identityWithCustomGradient(mul(x, 2), clipped);
        const loss = reduceSum(mul(h, h)); // dloss/dh = 2h = 4x, clipped, then times 2
        return [loss, ...gradient(loss, x)];
      },
      [0.05, 1, -2],
    );
    expect(value).toEqual([4 * (0.0025 + 1 + 4)]);
    expect(grad).toEqual([0.4, 1, -1]);
  });

  it('builds a straight-through estimator with stopGradient', () => {
    // Forward: round(x). Backward: the cotangent passes where |x| <= 1, zero elsewhere.
    const ste = (x: Node): Node => {
      const passthrough = identityWithCustomGradient(x, (xi, g) => where(lessOrEqual(raw.abs(xi), 1), g, 0));
      return add(passthrough, stopGradient(sub(raw.round(x), x)));
    };
    const [value, grad] = run(
      (x) => {
        const q = ste(x);
        return [q, ...gradient(reduceSum(mul(q, 3)), x)];
      },
      [0.3, 0.7, -0.6, 1.4, -2.5, 1],
    );
    expect(value).toEqual([0, 1, -1, 1, -2, 1]);
    expect(grad).toEqual([3, 3, 3, 0, 0, 3]);
  });

  it('may return undefined (no gradient)', () => {
    const [grad] = run((x) => gradient(reduceSum(identityWithCustomGradient(x, () => undefined)), x), [1, 2]);
    expect(grad).toEqual([0, 0]);
  });

  it('rejects a non-function and a cotangent of the wrong shape', () => {
    const g = new Graph('bad');
    const x = g.parameter(new Shape('float64', [3]));
    expect(() => identityWithCustomGradient(x, 'no' as unknown as CustomGradient)).toThrow(OpError);
    const y = identityWithCustomGradient(x, (_x, grad) => reduceSum(grad));
    expect(() => gradient(reduceSum(y), x)).toThrow(
      /gave a cotangent \(float64\)\[\] for input 0 of shape \(float64\)\[3\]/,
    );
  });
});
