import { describe, expect, it } from 'vitest';
import { gemm, rowsPerChunk, StridedPacker } from './gemm.js';

function naive(a: Float64Array, b: Float64Array, m: number, n: number, k: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      c[i * n + j] = s;
    }
  return c;
}

describe('gemm core', () => {
  // Sizes around the 4×4 tile, the 64-row block, the 320-deep block and the 512-column block.
  const sizes: Array<[number, number, number]> = [
    [1, 1, 1],
    [3, 5, 7],
    [4, 4, 4],
    [9, 6, 2],
    [65, 3, 11],
    [5, 7, 641],
    [2, 515, 3],
  ];
  for (const [m, n, k] of sizes) {
    it(`matches a naive product for ${m}x${k} · ${k}x${n}, row-major and transposed operands`, () => {
      const a = Float64Array.from({ length: m * k }, (_, i) => ((i * 37) % 11) - 5);
      const b = Float64Array.from({ length: k * n }, (_, i) => ((i * 53) % 13) - 6);
      const want = naive(a, b, m, n, k);
      const c = new Float64Array(m * n);
      gemm(m, n, k, new StridedPacker(a, 0, k, 1), 0, new StridedPacker(b, 0, 1, n), c, n);
      expect(Array.from(c)).toEqual(Array.from(want)); // small integers: exact
      // The same product with A stored transposed ([K, M]) and B stored transposed ([N, K]).
      const at = new Float64Array(m * k);
      const bt = new Float64Array(k * n);
      for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) at[p * m + i] = a[i * k + p]!;
      for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) bt[j * k + p] = b[p * n + j]!;
      const c2 = new Float64Array(m * n);
      gemm(m, n, k, new StridedPacker(at, 0, 1, m), 0, new StridedPacker(bt, 0, k, 1), c2, n);
      expect(Array.from(c2)).toEqual(Array.from(want));
    });
  }

  it('computes a row range starting at row0 and accumulates into C', () => {
    const a = Float64Array.from([1, 2, 3, 4, 5, 6]); // 3x2
    const b = Float64Array.from([1, 0, 0, 1]); // identity 2x2
    const c = Float64Array.from([10, 10]);
    gemm(1, 2, 2, new StridedPacker(a, 0, 2, 1), 2, new StridedPacker(b, 0, 1, 2), c, 2);
    expect(Array.from(c)).toEqual([15, 16]);
  });

  it('chunks rows so C stays near 256K elements', () => {
    expect(rowsPerChunk(100, 10)).toBe(100);
    expect(rowsPerChunk(100_000, 64)).toBe(4096);
    expect(rowsPerChunk(10, 1 << 20)).toBe(4);
  });
});
