// Timing: warm-up, then the median of several timed runs.
import type { Runner } from '../peers/types.js';

/** Timing budget of one measurement. */
export interface MeasureOptions {
  /** Warm-up time in ms (at least `minWarmup` runs). Default 300. */
  warmupMs?: number;
  /** Minimum warm-up runs. Default 2. */
  minWarmup?: number;
  /** Timed budget in ms (at least `minRuns` runs). Default 1500. */
  budgetMs?: number;
  /** Minimum timed runs. Default 5. */
  minRuns?: number;
  /** Maximum timed runs. Default 50. */
  maxRuns?: number;
}

/**
 * Median seconds per run of `run`, after warm-up. Slow runs (first run > 0.5 s) get 1 warm-up and 3 timed
 * runs; very slow ones (> 3 s) 1 warm-up and 2 timed runs, to keep the whole benchmark within minutes.
 */
export async function medianSeconds(run: Runner, options: MeasureOptions = {}): Promise<number> {
  const warmupMs = options.warmupMs ?? 300;
  const budgetMs = options.budgetMs ?? 1500;
  const maxRuns = options.maxRuns ?? 50;
  const first = performance.now();
  await run();
  const firstMs = performance.now() - first;
  const slow = firstMs > 500;
  const minWarmup = slow ? 1 : (options.minWarmup ?? 2);
  const minRuns = firstMs > 3000 ? 2 : slow ? 3 : (options.minRuns ?? 5);
  const warmEnd = performance.now() + warmupMs;
  for (let i = 1; i < minWarmup || performance.now() < warmEnd; i++) await run();
  const times: number[] = [];
  const end = performance.now() + budgetMs;
  while (times.length < minRuns || (performance.now() < end && times.length < maxRuns)) {
    const start = performance.now();
    await run();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}
