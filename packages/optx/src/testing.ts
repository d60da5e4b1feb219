// Helpers for this package's tests (not exported from the package).
import { SimpleBackend } from '@tsmlx/backend-simple';
import type { Tensor } from '@tsmlx/graph';

/** The backend the tests run on. */
export const testBackend = new SimpleBackend();

/** The elements of a tensor or nested array as a flat list of numbers. */
export function flat(t: Tensor | unknown): number[] {
  const value = t && typeof t === 'object' && 'toArray' in t ? (t as Tensor).toArray() : t;
  return (Array.isArray(value) ? (value as unknown[]).flat(8) : [value]).map(Number);
}

/** Asserts two lists of numbers are equal within `tol` (absolute + relative). */
export function close(
  actual: readonly number[],
  expected: readonly number[],
  tol: number,
  what = 'value',
): void {
  if (actual.length !== expected.length)
    throw new Error(`${what}: length ${actual.length} != ${expected.length}`);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tol * (1 + Math.abs(e)))) {
      throw new Error(`${what}[${i}]: got ${a}, expected ${e} (tolerance ${tol})`);
    }
  });
}
