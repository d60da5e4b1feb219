import { execOnce, type Node, Tensor } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import { close, flat, testBackend } from '../testing.js';
import {
  constantSchedule,
  cosineDecay,
  exponentialDecay,
  linearWarmup,
  multiplySchedules,
  piecewiseConstant,
  type Schedule,
  stepDecay,
} from './index.js';

const STEPS = [0, 1, 2, 5, 9, 10, 11, 37, 100, 109, 110, 500];

/** The schedule's values at `steps`, run on an int64 step input as in a training graph. */
function values(schedule: Schedule, steps: readonly number[] = STEPS): number[] {
  return steps.map((s) => {
    const out = execOnce(testBackend, (step: Node) => schedule(step), Tensor.from(BigInt(s)));
    expect(out.dtype).toBe('float32');
    return flat(out)[0]!;
  });
}

describe('learning-rate schedules match their closed forms', () => {
  it('constant', () => {
    close(
      values(constantSchedule(0.1)),
      STEPS.map(() => 0.1),
      1e-7,
    );
  });

  it('linear warm-up', () => {
    const expected = STEPS.map((s) => 0.01 + (0.5 - 0.01) * (Math.min(s, 10) / 10));
    close(values(linearWarmup({ peak: 0.5, warmupSteps: 10, init: 0.01 })), expected, 1e-6);
  });

  it('cosine decay with warm-up and a minimum', () => {
    const W = 10;
    const D = 100;
    const expected = STEPS.map((s) =>
      s < W ? (s / W) * 1 : 0.1 + (1 - 0.1) * 0.5 * (1 + Math.cos((Math.PI * Math.min(s - W, D)) / D)),
    );
    close(values(cosineDecay({ peak: 1, decaySteps: D, warmupSteps: W, min: 0.1 })), expected, 1e-6);
    // Without warm-up: peak at 0, min after decaySteps.
    const plain = STEPS.map((s) => 0.5 * 0.5 * (1 + Math.cos((Math.PI * Math.min(s, D)) / D)));
    close(values(cosineDecay({ peak: 0.5, decaySteps: D })), plain, 1e-6);
  });

  it('exponential decay, smooth and staircase, with a floor', () => {
    close(
      values(exponentialDecay({ initial: 0.1, decayRate: 0.5, decaySteps: 10 })),
      STEPS.map((s) => 0.1 * 0.5 ** (s / 10)),
      1e-6,
    );
    close(
      values(exponentialDecay({ initial: 0.1, decayRate: 0.5, decaySteps: 10, staircase: true, min: 1e-4 })),
      STEPS.map((s) => Math.max(1e-4, 0.1 * 0.5 ** Math.floor(s / 10))),
      1e-6,
    );
    close(
      values(stepDecay(1, 37, 0.1)),
      STEPS.map((s) => 0.1 ** Math.floor(s / 37)),
      1e-6,
    );
  });

  it('piecewise constant switches at each boundary', () => {
    const expected = STEPS.map((s) => (s < 10 ? 1 : s < 100 ? 0.5 : s < 110 ? 0.25 : 0.125));
    close(values(piecewiseConstant([10, 100, 110], [1, 0.5, 0.25, 0.125])), expected, 1e-7);
    expect(() => piecewiseConstant([10], [1])).toThrow(/one more value than boundaries/);
    expect(() => piecewiseConstant([10, 5], [1, 2, 3])).toThrow(/must increase/);
  });

  it('products of schedules', () => {
    const s = multiplySchedules(linearWarmup({ peak: 1, warmupSteps: 10 }), constantSchedule(0.2));
    close(
      values(s),
      STEPS.map((x) => (0.2 * Math.min(x, 10)) / 10),
      1e-6,
    );
  });
});
