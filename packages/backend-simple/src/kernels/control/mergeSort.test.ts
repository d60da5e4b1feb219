import { describe, expect, it } from 'vitest';
import { sortPositions } from './mergeSort.js';

/** Deterministic pseudo-random integers in [0, modulus). */
function lcg(n: number, modulus: number, seed: number): number[] {
  const out: number[] = [];
  let state = seed;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out.push(state % modulus);
  }
  return out;
}

describe('sortPositions', () => {
  it('is a stable sort for every length around the run and merge boundaries', () => {
    for (const n of [0, 1, 2, 11, 12, 13, 23, 24, 25, 48, 49, 100, 257, 1000]) {
      for (const modulus of [3, 1000]) {
        const keys = lcg(n, modulus, n + modulus);
        const perm = new Int32Array(n);
        const scratch = new Int32Array(n);
        let comparisons = 0;
        const sorted = sortPositions(perm, scratch, n, (p, q) => {
          comparisons++;
          return keys[p]! < keys[q]!;
        });
        // The built-in sort is stable (ES2019): ties keep position order.
        const want = Array.from({ length: n }, (_, i) => i).sort((p, q) => keys[p]! - keys[q]!);
        expect(Array.from(sorted), `n=${n} modulus=${modulus}`).toEqual(want);
        expect(comparisons).toBeLessThanOrEqual(
          Math.max(1, n * Math.ceil(Math.log2(Math.max(n, 2))) + 6 * n),
        );
      }
    }
  });
});
