import { describe, expect, it } from 'vitest';
import { randoms } from '../../testing/programs.js';
import { hasRelaxedSimd } from '../../wasm/features.js';
import { StridedPacker32, WasmGemm } from './wasmGemm.js';

/** Float64 reference of A[m,k]·B[k,n] (row-major). */
function reference(a: Float32Array, b: Float32Array, m: number, n: number, k: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const x = a[i * k + p]!;
      for (let j = 0; j < n; j++) c[i * n + j] = c[i * n + j]! + x * b[p * n + j]!;
    }
  return c;
}

function multiply(
  g: WasmGemm,
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
  transB = false,
) {
  const out = new Float32Array(m * n).fill(Number.NaN);
  const bp = transB ? new StridedPacker32(b, 0, k, 1) : new StridedPacker32(b, 0, 1, n);
  g.run(m, n, k, new StridedPacker32(a, 0, k, 1), 0, bp, (r0, count, c, cOff, ldc) => {
    for (let i = 0; i < count; i++)
      for (let j = 0; j < n; j++) out[(r0 + i) * n + j] = c[cOff + i * ldc + j]!;
  });
  return out;
}

/** Float32 accumulation error bound for depth k with |values| ≤ 1: k·2^-23 (plus slack). */
const bound = (k: number) => 1e-6 + k * 2 ** -23;

const variants = [
  { mr: 4, nr: 8, unroll: 1, relaxed: false },
  { mr: 3, nr: 12, unroll: 2, relaxed: false },
  { mr: 6, nr: 4, unroll: 3, relaxed: false },
  ...(hasRelaxedSimd() ? [{ mr: 4, nr: 8, unroll: 1, relaxed: true }] : []),
];

describe('WasmGemm (float32, WebAssembly SIMD)', () => {
  for (const config of variants) {
    const g = new WasmGemm(undefined, config);
    const label = `${config.mr}x${config.nr} unroll ${config.unroll}${config.relaxed ? ' relaxed' : ''}`;
    it(`${label}: matches a float64 reference around micro-tile edges`, () => {
      const sizes = [
        1,
        config.mr - 1,
        config.mr,
        config.mr + 1,
        config.nr - 1,
        config.nr + 1,
        2 * config.nr + 3,
      ];
      let seed = 1;
      for (const m of sizes.filter((s) => s > 0)) {
        for (const n of sizes.filter((s) => s > 0)) {
          for (const k of [1, 2, 5, 17]) {
            const a = randoms(m * k, seed++);
            const b = randoms(k * n, seed++);
            const want = reference(a, b, m, n, k);
            const got = multiply(g, a, b, m, n, k);
            for (let i = 0; i < m * n; i++) {
              expect(Math.abs(got[i]! - want[i]!), `m=${m} n=${n} k=${k} [${i}]`).toBeLessThanOrEqual(
                bound(k),
              );
            }
          }
        }
      }
    });
    it(`${label}: blocks over depth, rows and columns (several K blocks and row chunks)`, () => {
      for (const [m, n, k] of [
        [300, 37, 600],
        [5, 1100, 257],
        [1030, 260, 9],
      ] as const) {
        const a = randoms(m * k, m + n);
        const b = randoms(k * n, k);
        const want = reference(a, b, m, n, k);
        const got = multiply(g, a, b, m, n, k);
        let worst = 0;
        for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
        expect(worst, `${m}x${n}x${k}`).toBeLessThanOrEqual(bound(k));
      }
    });
  }

  it('reads a transposed B (contiguous along depth)', () => {
    const g = new WasmGemm();
    const [m, n, k] = [9, 13, 31];
    const a = randoms(m * k, 5);
    const bT = randoms(n * k, 6); // [n, k]
    const b = new Float32Array(k * n);
    for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) b[p * n + j] = bT[j * k + p]!;
    const want = reference(a, b, m, n, k);
    const got = multiply(g, a, bT, m, n, k, true);
    for (let i = 0; i < m * n; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(bound(k));
  });

  it('propagates NaN and infinities', () => {
    const g = new WasmGemm();
    const a = Float32Array.from([1, Number.NaN, 2, 0, Number.POSITIVE_INFINITY, 1]); // [3, 2]
    const b = Float32Array.from([1, 2, 3, 4]); // [2, 2]
    const got = multiply(g, a, b, 3, 2, 2);
    expect([...got]).toEqual([
      Number.NaN,
      Number.NaN,
      2,
      4,
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
  });
});
