import type { DType } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { Context } from '../context.js';
import { numbers, stats, testBackend } from '../testing.js';
import {
  computeFans,
  constant,
  defaultInitializer,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  type Initializer,
  lecunNormal,
  lecunUniform,
  ones,
  randomNormal,
  randomUniform,
  truncatedNormal,
  varianceScaling,
  zeros,
} from './index.js';

/** Initializes one variable with `init` in a fresh context and returns its values. */
function sample(init: Initializer, dims: number[], dtype: DType = 'float32', seed = 7): number[] {
  const ctx = new Context({ seed });
  const v = ctx.variable('v', new Shape(dtype, dims), { initializer: init });
  ctx.initializeVariables(testBackend);
  return numbers(v.value);
}

// Standard deviation of a standard normal truncated to [-2, 2], from its closed form
// sqrt(1 - 2·2·φ(2) / (Φ(2) - Φ(-2))), with φ(2) = e^-2 / sqrt(2π) and Φ(2) - Φ(-2) = 0.9544997361036416.
const TRUNC_STD = Math.sqrt(1 - (4 * Math.exp(-2)) / Math.sqrt(2 * Math.PI) / 0.9544997361036416);

describe('computeFans', () => {
  it('follows the dense and channels-last conv rules', () => {
    expect(computeFans(new Shape('float32', []))).toEqual({ fanIn: 1, fanOut: 1 });
    expect(computeFans(new Shape('float32', [7]))).toEqual({ fanIn: 7, fanOut: 7 });
    expect(computeFans(new Shape('float32', [3, 5]))).toEqual({ fanIn: 3, fanOut: 5 });
    // Conv kernel [kh, kw, in, out] = [3, 3, 16, 32]: receptive 9.
    expect(computeFans(new Shape('float32', [3, 3, 16, 32]))).toEqual({ fanIn: 144, fanOut: 288 });
    // Channels-first kernel [out, in, kh, kw].
    expect(computeFans(new Shape('float32', [32, 16, 3, 3]), { input: 1, output: 0 })).toEqual({
      fanIn: 144,
      fanOut: 288,
    });
    expect(() => computeFans(new Shape('float32', [3, 3]), { input: 0, output: 0 })).toThrow(/invalid axes/);
  });
});

describe('initializers', () => {
  it('zeros, ones and constant fill any dtype', () => {
    expect(sample(zeros, [2, 3])).toEqual([0, 0, 0, 0, 0, 0]);
    expect(sample(ones, [3], 'int64')).toEqual([1, 1, 1]);
    expect(sample(constant(2.5), [2], 'float64')).toEqual([2.5, 2.5]);
    expect(sample(constant(-3), [], 'int32')).toEqual([-3]);
    expect(sample(constant(1.5), [2], 'bfloat16')).toEqual([1.5, 1.5]);
  });

  it('randomUniform covers [min, max) with the uniform mean and std', () => {
    const values = sample(randomUniform(-2, 3), [200, 500]);
    const s = stats(values);
    expect(s.min).toBeGreaterThanOrEqual(-2);
    expect(s.max).toBeLessThan(3);
    expect(s.mean).toBeCloseTo(0.5, 1); // |error| < 0.05; the standard error is 0.0032
    expect(Math.abs(s.std - 5 / Math.sqrt(12))).toBeLessThan(0.01);
  });

  it('randomNormal has the requested mean and std', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const s = stats(sample(randomNormal(1, 0.5), [100_000], dtype));
      expect(Math.abs(s.mean - 1)).toBeLessThan(0.01); // standard error 0.0016
      expect(Math.abs(s.std - 0.5)).toBeLessThan(0.01); // standard error 0.0011
    }
  });

  it('truncatedNormal stays within ±2σ with the truncated std', () => {
    const s = stats(sample(truncatedNormal(0, 2), [100_000]));
    expect(s.min).toBeGreaterThanOrEqual(-4);
    expect(s.max).toBeLessThanOrEqual(4);
    expect(s.min).toBeLessThan(-3.9);
    expect(s.max).toBeGreaterThan(3.9);
    expect(Math.abs(s.mean)).toBeLessThan(0.02);
    expect(Math.abs(s.std - 2 * TRUNC_STD)).toBeLessThan(0.02);
  });

  it('Glorot/He/LeCun uniform use limit = sqrt(k / fan)', () => {
    const cases: [Initializer, number[], number][] = [
      [glorotUniform(), [200, 300], Math.sqrt(6 / (200 + 300))],
      [heUniform(), [3, 3, 16, 32], Math.sqrt(6 / (3 * 3 * 16))],
      [lecunUniform(), [400, 100], Math.sqrt(3 / 400)],
    ];
    for (const [init, dims, limit] of cases) {
      const s = stats(sample(init, dims));
      expect(s.min).toBeGreaterThanOrEqual(-limit);
      expect(s.max).toBeLessThan(limit);
      expect(s.max).toBeGreaterThan(0.99 * limit);
      expect(Math.abs(s.mean)).toBeLessThan(0.01 * limit);
      expect(Math.abs(s.std / (limit / Math.sqrt(3)) - 1)).toBeLessThan(0.02);
    }
  });

  it('Glorot/He/LeCun normal use std = sqrt(k / fan)', () => {
    const cases: [Initializer, number[], number][] = [
      [glorotNormal(), [200, 300], Math.sqrt(2 / (200 + 300))],
      [heNormal(), [400, 100], Math.sqrt(2 / 400)],
      [heNormal({ input: 1, output: 0 }), [32, 16, 3, 3], Math.sqrt(2 / 144)],
      [lecunNormal(), [300, 200], Math.sqrt(1 / 300)],
    ];
    for (const [init, dims, std] of cases) {
      const s = stats(sample(init, dims));
      expect(Math.abs(s.mean)).toBeLessThan(0.02 * std);
      expect(Math.abs(s.std / std - 1)).toBeLessThan(0.02);
    }
  });

  it('varianceScaling with a truncated normal keeps the variance scale / n', () => {
    const s = stats(sample(varianceScaling({ scale: 2, distribution: 'truncatedNormal' }), [500, 200]));
    expect(Math.abs(s.std / Math.sqrt(2 / 500) - 1)).toBeLessThan(0.02);
    expect(s.max).toBeLessThanOrEqual((2 * Math.sqrt(2 / 500)) / TRUNC_STD + 1e-6);
  });

  it('the default is He normal for float kernels and zeros otherwise', () => {
    const s = stats(sample(defaultInitializer, [256, 64]));
    expect(Math.abs(s.std / Math.sqrt(2 / 256) - 1)).toBeLessThan(0.03);
    expect(sample(defaultInitializer, [5])).toEqual([0, 0, 0, 0, 0]);
    expect(sample(defaultInitializer, [2, 2], 'int32')).toEqual([0, 0, 0, 0]);
  });

  it('handles half precision, scalars and empty shapes', () => {
    const h = stats(sample(randomUniform(0, 1), [20_000], 'float16'));
    expect(h.min).toBeGreaterThanOrEqual(0);
    expect(h.max).toBeLessThan(1);
    expect(Math.abs(h.mean - 0.5)).toBeLessThan(0.01);
    const b = stats(sample(randomNormal(0, 1), [20_000], 'bfloat16'));
    expect(Math.abs(b.std - 1)).toBeLessThan(0.03);
    expect(sample(randomNormal(), [])).toHaveLength(1);
    expect(sample(randomNormal(), [0, 3])).toEqual([]);
    expect(sample(truncatedNormal(), [3, 0])).toEqual([]);
  });

  it('rejects random initializers for integer variables', () => {
    expect(() => sample(randomNormal(), [2], 'int32')).toThrow(/needs a float variable/);
  });
});
