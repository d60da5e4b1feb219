// Helpers for this package's tests (not exported from the package).
import { SimpleBackend } from '@tsmlx/backend-simple';
import type { Tensor } from '@tsmlx/graph';

/** The backend the tests run on. */
export const testBackend = new SimpleBackend();

/** The elements of a tensor as plain numbers (float16/bfloat16 decoded, bigints converted). */
export function numbers(t: Tensor | undefined): number[] {
  if (!t) throw new Error('no tensor');
  const flat = (t.rank === 0 ? [t.toArray()] : (t.toArray() as unknown[]).flat(t.rank)) as unknown[];
  return flat.map(Number);
}

/** Mean and (population) standard deviation of a list, in float64. */
export function stats(values: readonly number[]): { mean: number; std: number; min: number; max: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length), min, max };
}
