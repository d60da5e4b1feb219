// Cache-blocked float64 GEMM core shared by dotGeneral and convGeneral (GotoBLAS/BLIS loop order).
//
// C[rows, cols] += A[rows, depth] · B[depth, cols]. A and B are never read directly: a `Packer` copies
// blocks of them into contiguous, zero-padded panels (of MR rows of A, NR columns of B), so the same core
// serves strided matrices, transposed operands and convolution patches (im2col done block by block).
// Everything is accumulated in JavaScript numbers (float64), whatever the storage dtype: float32 and
// half-float results are rounded once, when the caller stores them.

/** Rows of A per micro-tile. */
export const MR = 4;
/** Columns of B per micro-tile. */
export const NR = 4;
/** Largest depth (K) block. */
const KC_MAX = 320;
/** Rows of A per packed block. */
const MC = 64;
/** Columns of B per packed block. */
const NC = 512;

/**
 * Copies a block of a logical matrix X[outer, inner] into panels of `r` outer indices:
 * `dst[p*r*nInner + kk*r + q] = X[outer0 + p*r + q][inner0 + kk]`, writing 0 where `p*r + q >= nOuter`.
 * For A the outer index is the row and the inner the depth; for B the outer index is the column.
 */
export interface Packer {
  /** Packs the block; see {@link Packer}. */
  pack(dst: Float64Array, outer0: number, nOuter: number, inner0: number, nInner: number, r: number): void;
}

/** A packer over a strided matrix in any numeric storage array; `offset` may change between calls. */
export class StridedPacker implements Packer {
  /**
   * @param src - the elements (numbers).
   * @param offset - index of element [0, 0].
   * @param outerStride - stride between consecutive outer indices.
   * @param innerStride - stride between consecutive inner indices.
   */
  constructor(
    public src: ArrayLike<number>,
    public offset: number,
    public outerStride: number,
    public innerStride: number,
  ) {}

  /** Packs a block of the strided matrix (see {@link Packer}). */
  pack(dst: Float64Array, outer0: number, nOuter: number, inner0: number, nInner: number, r: number): void {
    const { src, outerStride, innerStride } = this;
    const panels = Math.ceil(nOuter / r);
    for (let p = 0; p < panels; p++) {
      const base = p * r * nInner;
      for (let q = 0; q < r; q++) {
        const o = p * r + q;
        let d = base + q;
        if (o >= nOuter) {
          for (let kk = 0; kk < nInner; kk++, d += r) dst[d] = 0;
          continue;
        }
        let s = this.offset + (outer0 + o) * outerStride + inner0 * innerStride;
        for (let kk = 0; kk < nInner; kk++, d += r, s += innerStride) dst[d] = src[s]!;
      }
    }
  }
}

/** Shared scratch buffers (kernels run one at a time on one thread, and a GEMM never nests). */
let packA = new Float64Array(MC * KC_MAX);
let packB = new Float64Array(KC_MAX * NC);
const edge = new Float64Array(MR * NR);
let accumulator = new Float64Array(0);

/**
 * A zeroed float64 scratch of at least `n` elements for C; shared, so valid only until the next call.
 */
export function scratchC(n: number): Float64Array {
  if (accumulator.length < n) accumulator = new Float64Array(Math.max(n, accumulator.length * 2));
  else accumulator.fill(0, 0, n);
  return accumulator;
}

/** Rows to compute per call so that a C chunk stays near 256K elements (a multiple of MC when possible). */
export function rowsPerChunk(rows: number, cols: number): number {
  const target = Math.max(MR, Math.floor((1 << 18) / Math.max(1, cols)));
  const chunk = target >= MC ? target - (target % MC) : target;
  return Math.max(1, Math.min(rows, chunk));
}

/**
 * 4×4 register-tiled micro-kernel: `c[cOff + i*ldc + j] += Σ_k ap[aOff + k*4 + i] * bp[bOff + k*4 + j]`.
 */
function micro4x4(
  kc: number,
  ap: Float64Array,
  aOff: number,
  bp: Float64Array,
  bOff: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  for (let k = 0; k < kc; k++) {
    const a0 = ap[aOff]!;
    const a1 = ap[aOff + 1]!;
    const a2 = ap[aOff + 2]!;
    const a3 = ap[aOff + 3]!;
    const b0 = bp[bOff]!;
    const b1 = bp[bOff + 1]!;
    const b2 = bp[bOff + 2]!;
    const b3 = bp[bOff + 3]!;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
    aOff += 4;
    bOff += 4;
  }
  c[cOff] = c[cOff]! + c00;
  c[cOff + 1] = c[cOff + 1]! + c01;
  c[cOff + 2] = c[cOff + 2]! + c02;
  c[cOff + 3] = c[cOff + 3]! + c03;
  cOff += ldc;
  c[cOff] = c[cOff]! + c10;
  c[cOff + 1] = c[cOff + 1]! + c11;
  c[cOff + 2] = c[cOff + 2]! + c12;
  c[cOff + 3] = c[cOff + 3]! + c13;
  cOff += ldc;
  c[cOff] = c[cOff]! + c20;
  c[cOff + 1] = c[cOff + 1]! + c21;
  c[cOff + 2] = c[cOff + 2]! + c22;
  c[cOff + 3] = c[cOff + 3]! + c23;
  cOff += ldc;
  c[cOff] = c[cOff]! + c30;
  c[cOff + 1] = c[cOff + 1]! + c31;
  c[cOff + 2] = c[cOff + 2]! + c32;
  c[cOff + 3] = c[cOff + 3]! + c33;
}

/**
 * `C[i, j] += Σ_k A[row0 + i, k] · B[k, j]` for `i < rows`, `j < cols`, `k < depth`, with C row-major at
 * `c[i*ldc + j]`. A is read through `a` (outer = row, inner = depth), B through `b` (outer = column,
 * inner = depth).
 */
export function gemm(
  rows: number,
  cols: number,
  depth: number,
  a: Packer,
  row0: number,
  b: Packer,
  c: Float64Array,
  ldc: number,
): void {
  if (rows === 0 || cols === 0 || depth === 0) return;
  const kBlocks = Math.ceil(depth / KC_MAX);
  const kcMax = Math.ceil(depth / kBlocks);
  if (packA.length < MC * kcMax) packA = new Float64Array(MC * kcMax);
  const ncMax = Math.min(NC, Math.ceil(cols / NR) * NR);
  if (packB.length < kcMax * ncMax) packB = new Float64Array(kcMax * ncMax);
  const ap = packA;
  const bp = packB;
  for (let jc = 0; jc < cols; jc += NC) {
    const nc = Math.min(NC, cols - jc);
    for (let pc = 0; pc < depth; pc += kcMax) {
      const kc = Math.min(kcMax, depth - pc);
      b.pack(bp, jc, nc, pc, kc, NR);
      for (let ic = 0; ic < rows; ic += MC) {
        const mc = Math.min(MC, rows - ic);
        a.pack(ap, row0 + ic, mc, pc, kc, MR);
        for (let jr = 0; jr < nc; jr += NR) {
          const bOff = jr * kc;
          const nr = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const aOff = ir * kc;
            const mr = Math.min(MR, mc - ir);
            const cOff = (ic + ir) * ldc + jc + jr;
            if (mr === MR && nr === NR) {
              micro4x4(kc, ap, aOff, bp, bOff, c, cOff, ldc);
            } else {
              edge.fill(0);
              micro4x4(kc, ap, aOff, bp, bOff, edge, 0, NR);
              for (let i = 0; i < mr; i++) {
                for (let j = 0; j < nr; j++) {
                  const at = cOff + i * ldc + j;
                  c[at] = c[at]! + edge[i * NR + j]!;
                }
              }
            }
          }
        }
      }
    }
  }
}
