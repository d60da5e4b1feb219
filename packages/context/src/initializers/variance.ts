import { computeFans, type FanAxes } from './fans.js';
import { randomNormal, randomUniform, TRUNCATED_NORMAL_STD, truncatedNormal } from './random.js';
import type { Initializer } from './types.js';

/** Options of {@link varianceScaling}. */
export interface VarianceScalingOptions {
  /** Target variance factor: the values get variance `scale / n`. Default 1. */
  scale?: number;
  /** Which fan `n` is: `fanIn`, `fanOut`, or `fanAvg` = (fanIn + fanOut) / 2. Default `fanIn`. */
  mode?: 'fanIn' | 'fanOut' | 'fanAvg';
  /**
   * `uniform`: in ±sqrt(3·scale/n); `normal`: plain normal with stddev sqrt(scale/n) (PyTorch's convention);
   * `truncatedNormal`: normal truncated at ±2σ, its pre-truncation stddev divided by 0.8796 so the values still
   * have variance scale/n (Keras' convention). Default `normal`.
   */
  distribution?: 'uniform' | 'normal' | 'truncatedNormal';
  /** Input and output feature axes, for kernel layouts other than `[...spatial, in, out]` (see {@link computeFans}). */
  fanAxes?: FanAxes;
}

/**
 * Random values with variance `scale / n`, `n` from the weight's fans ({@link computeFans}): the family
 * Glorot/Xavier, He/Kaiming and LeCun belong to. Float variables only.
 */
export function varianceScaling(options: VarianceScalingOptions = {}): Initializer {
  const scale = options.scale ?? 1;
  const mode = options.mode ?? 'fanIn';
  const distribution = options.distribution ?? 'normal';
  if (!(scale > 0)) throw new Error(`varianceScaling: scale must be > 0, got ${scale}`);
  return (g, shape, rng) => {
    const { fanIn, fanOut } = computeFans(shape, options.fanAxes);
    const n = Math.max(1, mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2);
    const variance = scale / n;
    switch (distribution) {
      case 'uniform': {
        const limit = Math.sqrt(3 * variance);
        return randomUniform(-limit, limit)(g, shape, rng);
      }
      case 'truncatedNormal':
        return truncatedNormal(0, Math.sqrt(variance) / TRUNCATED_NORMAL_STD)(g, shape, rng);
      default:
        return randomNormal(0, Math.sqrt(variance))(g, shape, rng);
    }
  };
}

/**
 * Glorot (Xavier) uniform: U(−limit, limit) with limit = sqrt(6 / (fanIn + fanOut)).
 *
 * @param fanAxes - feature axes for non-default kernel layouts (see {@link computeFans}).
 */
export function glorotUniform(fanAxes?: FanAxes): Initializer {
  return varianceScaling({ scale: 1, mode: 'fanAvg', distribution: 'uniform', fanAxes });
}

/** Glorot (Xavier) normal: N(0, σ²) with σ = sqrt(2 / (fanIn + fanOut)). */
export function glorotNormal(fanAxes?: FanAxes): Initializer {
  return varianceScaling({ scale: 1, mode: 'fanAvg', distribution: 'normal', fanAxes });
}

/** He (Kaiming) uniform, for ReLU layers: U(−limit, limit) with limit = sqrt(6 / fanIn). */
export function heUniform(fanAxes?: FanAxes): Initializer {
  return varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'uniform', fanAxes });
}

/** He (Kaiming) normal, for ReLU layers: N(0, σ²) with σ = sqrt(2 / fanIn). */
export function heNormal(fanAxes?: FanAxes): Initializer {
  return varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'normal', fanAxes });
}

/** LeCun normal, for SELU layers: N(0, σ²) with σ = sqrt(1 / fanIn). */
export function lecunNormal(fanAxes?: FanAxes): Initializer {
  return varianceScaling({ scale: 1, mode: 'fanIn', distribution: 'normal', fanAxes });
}

/** LeCun uniform: U(−limit, limit) with limit = sqrt(3 / fanIn). */
export function lecunUniform(fanAxes?: FanAxes): Initializer {
  return varianceScaling({ scale: 1, mode: 'fanIn', distribution: 'uniform', fanAxes });
}

/** Alias of {@link glorotUniform}. */
export const xavierUniform = glorotUniform;
/** Alias of {@link glorotNormal}. */
export const xavierNormal = glorotNormal;
/** Alias of {@link heUniform}. */
export const kaimingUniform = heUniform;
/** Alias of {@link heNormal}. */
export const kaimingNormal = heNormal;
