import { add, clip, convert, mul, sub } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import { erfinvCentral } from './erfinv.js';
import type { Initializer } from './types.js';

/** erf(√2) = P(|Z| ≤ 2) for a standard normal Z: the fraction of the normal kept by the ±2σ truncation. */
export const ERF_SQRT2 = 0.9544997361036416;

/** Standard deviation of a standard normal truncated to [-2, 2]. */
export const TRUNCATED_NORMAL_STD = 0.8796256610342398;

function checkFloat(name: string, shape: Shape): void {
  if (!['float16', 'bfloat16', 'float32', 'float64'].includes(shape.dtype)) {
    throw new Error(
      `initializer ${name}: needs a float variable, got ${shape} (use zeros, ones or constant)`,
    );
  }
}

/**
 * Uniform values in `[min, max)`. Float variables only.
 *
 * @param min - lower bound (inclusive). Default 0.
 * @param max - upper bound (exclusive). Default 1.
 */
export function randomUniform(min = 0, max = 1): Initializer {
  if (!(max >= min)) throw new Error(`randomUniform: needs min <= max, got ${min} and ${max}`);
  return (g, shape, rng) => {
    checkFloat('randomUniform', shape);
    return add(mul(rng.uniform(g, shape), max - min), min);
  };
}

/**
 * Normal values with the given mean and standard deviation. Float variables only.
 *
 * @param mean - default 0.
 * @param stddev - default 1.
 */
export function randomNormal(mean = 0, stddev = 1): Initializer {
  if (!(stddev >= 0)) throw new Error(`randomNormal: stddev must be >= 0, got ${stddev}`);
  return (g, shape, rng) => {
    checkFloat('randomNormal', shape);
    return add(mul(rng.normal(g, shape), stddev), mean);
  };
}

/**
 * Normal values truncated to `mean ± 2·stddev` (as TensorFlow/Keras `truncated_normal` and PyTorch
 * `trunc_normal_` with the default bounds); `stddev` is the standard deviation *before* truncation, so the
 * values' standard deviation is about 0.88·stddev ({@link TRUNCATED_NORMAL_STD}).
 *
 * Sampled exactly by inverting the CDF (no rejection loop): u uniform in [0, 1),
 * z = √2 · erfinv((2u − 1) · erf(√2)), computed in float32 (float64 for float64 variables).
 *
 * @param mean - default 0.
 * @param stddev - default 1.
 */
export function truncatedNormal(mean = 0, stddev = 1): Initializer {
  if (!(stddev >= 0)) throw new Error(`truncatedNormal: stddev must be >= 0, got ${stddev}`);
  return (g, shape, rng) => {
    checkFloat('truncatedNormal', shape);
    const work = shape.dtype === 'float64' ? 'float64' : 'float32';
    const u = rng.uniform(g, new Shape(work, shape.dims));
    const x = mul(sub(mul(u, 2), 1), ERF_SQRT2);
    const z = clip(mul(erfinvCentral(x), Math.SQRT2), -2, 2);
    return add(mul(convert(z, shape.dtype), stddev), mean);
  };
}
