import {
  add,
  convert,
  cos,
  div,
  greaterOrEqual,
  max,
  min,
  mul,
  type Node,
  pow,
  sub,
  where,
} from '@tsmlx/graph';
import { f32, type Schedule, stepAsFloat } from './schedule.js';

function checkSteps(name: string, what: string, steps: number, allowZero = false): void {
  if (!Number.isInteger(steps) || steps < (allowZero ? 0 : 1)) {
    throw new Error(`${name}: ${what} must be an integer >= ${allowZero ? 0 : 1}, got ${steps}`);
  }
}

/** A constant learning rate. */
export function constantSchedule(value: number): Schedule {
  return (step) => f32(step, value);
}

/** Options of {@link linearWarmup}. */
export interface LinearWarmupOptions {
  /** Rate reached at the end of the warm-up and kept afterwards. */
  peak: number;
  /** Warm-up length in steps (≥ 1). */
  warmupSteps: number;
  /** Rate at step 0. Default 0. */
  init?: number;
}

/**
 * Linear warm-up: `init + (peak − init) · min(step, warmupSteps) / warmupSteps`, so `init` at step 0 and
 * `peak` from step `warmupSteps` on.
 */
export function linearWarmup(options: LinearWarmupOptions): Schedule {
  const { peak, warmupSteps, init = 0 } = options;
  checkSteps('linearWarmup', 'warmupSteps', warmupSteps);
  return (step) => {
    const frac = div(min(stepAsFloat(step), warmupSteps), warmupSteps);
    return add(mul(frac, peak - init), init);
  };
}

/** Options of {@link cosineDecay}. */
export interface CosineDecayOptions {
  /** Rate at the start of the decay (after the warm-up). */
  peak: number;
  /** Length of the cosine phase in steps (after the warm-up); the rate stays at `min` afterwards. */
  decaySteps: number;
  /** Linear warm-up steps from `init` to `peak` before the decay. Default 0. */
  warmupSteps?: number;
  /** Final rate. Default 0. */
  min?: number;
  /** Rate at step 0 when there is a warm-up. Default 0. */
  init?: number;
}

/**
 * Cosine decay with optional linear warm-up (as optax's `warmup_cosine_decay_schedule`, SGDR without restarts):
 * - `step < W` (W = warmupSteps): `init + (peak − init) · step / W`;
 * - then with t = min(step − W, decaySteps) / decaySteps: `min + (peak − min) · (1 + cos(π t)) / 2`.
 */
export function cosineDecay(options: CosineDecayOptions): Schedule {
  const { peak, decaySteps, warmupSteps = 0, min: floor = 0, init = 0 } = options;
  checkSteps('cosineDecay', 'decaySteps', decaySteps);
  checkSteps('cosineDecay', 'warmupSteps', warmupSteps, true);
  return (step) => {
    const s = stepAsFloat(step);
    const t = div(min(max(sub(s, warmupSteps), 0), decaySteps), decaySteps);
    const decayed = add(mul(add(cos(mul(t, Math.PI)), 1), (peak - floor) / 2), floor);
    if (warmupSteps === 0) return decayed;
    const warm = add(mul(div(s, warmupSteps), peak - init), init);
    return where(greaterOrEqual(s, warmupSteps), decayed, warm);
  };
}

/** Options of {@link exponentialDecay}. */
export interface ExponentialDecayOptions {
  /** Rate at step 0. */
  initial: number;
  /** Factor applied every `decaySteps` steps (e.g. 0.96). */
  decayRate: number;
  /** Steps per factor (≥ 1). */
  decaySteps: number;
  /** Apply the factor in whole steps: `floor(step / decaySteps)` (a staircase). Default false. */
  staircase?: boolean;
  /** Lower bound of the rate. Default 0. */
  min?: number;
}

/**
 * Exponential decay: `max(min, initial · decayRate^(step / decaySteps))`, the exponent floored with
 * `staircase` (then it is PyTorch's `StepLR` with gamma = decayRate, step_size = decaySteps).
 */
export function exponentialDecay(options: ExponentialDecayOptions): Schedule {
  const { initial, decayRate, decaySteps, staircase = false, min: floor = 0 } = options;
  checkSteps('exponentialDecay', 'decaySteps', decaySteps);
  if (!(decayRate > 0)) throw new Error(`exponentialDecay: decayRate must be > 0, got ${decayRate}`);
  return (step) => {
    const exponent = staircase
      ? convert(div(step, decaySteps), 'float32')
      : div(stepAsFloat(step), decaySteps);
    return max(mul(pow(f32(step, decayRate), exponent), initial), floor);
  };
}

/** Step decay (PyTorch's `StepLR`): `initial · gamma^floor(step / stepSize)`. */
export function stepDecay(initial: number, stepSize: number, gamma: number): Schedule {
  return exponentialDecay({ initial, decayRate: gamma, decaySteps: stepSize, staircase: true });
}

/**
 * Piecewise constant: `values[0]` before `boundaries[0]`, `values[i]` for
 * `boundaries[i−1] ≤ step < boundaries[i]`, the last value from the last boundary on. Boundaries are increasing step numbers;
 * `values.length === boundaries.length + 1`.
 */
export function piecewiseConstant(boundaries: readonly number[], values: readonly number[]): Schedule {
  if (values.length !== boundaries.length + 1) {
    throw new Error(
      `piecewiseConstant: needs one more value than boundaries, got ${boundaries.length} boundaries and ${values.length} values`,
    );
  }
  boundaries.forEach((b, i) => {
    checkSteps('piecewiseConstant', 'each boundary', b, true);
    if (i > 0 && b <= boundaries[i - 1]!)
      throw new Error(`piecewiseConstant: boundaries must increase, got [${boundaries.join(', ')}]`);
  });
  return (step) => {
    let rate: Node = f32(step, values[0]!);
    boundaries.forEach((b, i) => {
      rate = where(greaterOrEqual(step, b), f32(step, values[i + 1]!), rate);
    });
    return rate;
  };
}

/** Multiplies two schedules (e.g. a warm-up factor and a decay). */
export function multiplySchedules(a: Schedule, b: Schedule): Schedule {
  return (step) => mul(a(step), b(step));
}
