import { describe, expect, it } from 'vitest';
import { identityWithCustomGradient } from '../autodiff/index.js';
import * as raw from '../gen_ops.js';
import { mul } from '../ops/arith.js';
import { reduceSum } from '../ops/reduce.js';
import { testBackend } from '../testing.js';
import { checkGradient, gradientInputValues, seededValues } from './gradcheck.js';

describe('checkGradient', () => {
  it('accepts a correct gradient and reports tiny errors', () => {
    const result = checkGradient(testBackend, (x, y) => reduceSum(mul(raw.sin(x!), y!)), [
      { dims: [2, 3], seed: 1 },
      { dims: [2, 3], seed: 2 },
    ]);
    expect(result.ok).toBe(true);
    expect(result.wrt).toEqual([0, 1]);
    expect(result.maxError).toBeLessThan(1e-8);
    expect(result.analytic).toHaveLength(2);
    // The analytic gradient with respect to y is sin(x), computed here independently.
    const x = seededValues(6, 1);
    Array.from(result.analytic[1]!).forEach((v, i) => {
      expect(Math.abs(v - Math.sin(x[i]!))).toBeLessThan(1e-15);
    });
  });

  it('catches a wrong gradient and points at the worst element', () => {
    const doubled = (x: Parameters<typeof raw.exp>[0]) => identityWithCustomGradient(x, (_x, g) => mul(g, 2));
    const result = checkGradient(testBackend, (x) => reduceSum(raw.exp(doubled(x!))), [
      { dims: [4], seed: 3 },
    ]);
    expect(result.ok).toBe(false);
    const w = result.worst!;
    expect(w.input).toBe(0);
    expect(w.analytic / w.numeric).toBeCloseTo(2, 6);
  });

  it('passes integer inputs through without differentiating them', () => {
    const result = checkGradient(
      testBackend,
      (x, i) =>
        reduceSum(
          mul(raw.dynamicSlice(x!, [i!], { sizes: [2] }), raw.dynamicSlice(x!, [i!], { sizes: [2] })),
        ),
      [
        { dims: [5], seed: 4 },
        { dims: [], dtype: 'int32', values: [2] },
      ],
    );
    expect(result.ok).toBe(true);
    expect(result.wrt).toEqual([0]);
    const x = seededValues(5, 4);
    expect(Array.from(result.analytic[0]!)).toEqual([0, 0, 2 * x[2]!, 2 * x[3]!, 0]);
  });

  it('rejects a wrt index that is not a float input', () => {
    expect(() =>
      checkGradient(testBackend, (x) => reduceSum(x!), [{ dims: [2], dtype: 'int32', values: [1, 2] }], {
        wrt: [0],
      }),
    ).toThrow(/wrt index 0 is not a float input/);
  });
});

describe('seeded inputs', () => {
  it('are deterministic, in range and differ by seed', () => {
    const a = seededValues(100, 7, -2, 3);
    expect(seededValues(100, 7, -2, 3)).toEqual(a);
    expect(seededValues(100, 8, -2, 3)).not.toEqual(a);
    for (const v of a) {
      expect(v).toBeGreaterThanOrEqual(-2);
      expect(v).toBeLessThan(3);
    }
  });

  it('use explicit values when given, checking their count, and integers for integer dtypes', () => {
    expect(gradientInputValues({ dims: [2], values: [1, 2] })).toEqual([1, 2]);
    expect(() => gradientInputValues({ dims: [2, 2], values: [1] })).toThrow(/needs 4 values, got 1/);
    const ints = gradientInputValues({ dims: [10], dtype: 'int32', min: -5, max: 5 });
    for (const v of ints) expect(Number.isInteger(v)).toBe(true);
  });
});
