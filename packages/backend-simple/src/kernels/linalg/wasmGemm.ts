// Float32 GEMM driver over the generated WebAssembly macro-kernel: blocking and packing in TypeScript,
// the arithmetic in WebAssembly SIMD. Used by the wasm variants of dotGeneral and convGeneral.
import { ArenaScratch, sharedArena, type WasmArena } from '../../wasm/arena.js';
import { hasRelaxedSimd } from '../../wasm/features.js';
import { buildGemmModule, type GemmConfig, type GemmFunction } from '../../wasm/gemmModule.js';
import { instantiate, memoryLimits } from '../../wasm/instantiate.js';

/**
 * Packs a block of a logical matrix X[outer, inner] into float32 panels of `r` outer indices:
 * `dst[dstOff + p*r*kPad + kk*r + q] = X[outer0 + p*r + q][inner0 + kk]`, with 0 where
 * `p*r + q >= nOuter` or `kk >= nInner` (up to `kPad`).
 */
export interface Packer32 {
  /** Packs the block; see {@link Packer32}. */
  pack(
    dst: Float32Array,
    dstOff: number,
    outer0: number,
    nOuter: number,
    inner0: number,
    nInner: number,
    kPad: number,
    r: number,
  ): void;
}

/** A {@link Packer32} over a strided matrix of numbers; `offset` may change between calls. */
export class StridedPacker32 implements Packer32 {
  /**
   * @param src - the elements.
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

  /** Packs (see {@link Packer32}); reads along whichever index is contiguous in memory. */
  pack(
    dst: Float32Array,
    dstOff: number,
    outer0: number,
    nOuter: number,
    inner0: number,
    nInner: number,
    kPad: number,
    r: number,
  ): void {
    const { src, outerStride: os, innerStride: is } = this;
    const panels = Math.ceil(nOuter / r);
    for (let p = 0; p < panels; p++) {
      const base = dstOff + p * r * kPad;
      const full = Math.min(r, nOuter - p * r);
      const s0 = this.offset + (outer0 + p * r) * os + inner0 * is;
      if (os === 1 && full === r) {
        // Contiguous along the outer index: copy rows of r.
        for (let kk = 0; kk < nInner; kk++) {
          const d = base + kk * r;
          const s = s0 + kk * is;
          for (let q = 0; q < r; q++) dst[d + q] = src[s + q]!;
        }
      } else {
        for (let q = 0; q < full; q++) {
          let d = base + q;
          let s = s0 + q * os;
          for (let kk = 0; kk < nInner; kk++, d += r, s += is) dst[d] = src[s]!;
        }
        if (full < r) {
          for (let kk = 0; kk < nInner; kk++) dst.fill(0, base + kk * r + full, base + kk * r + r);
        }
      }
      if (kPad > nInner) dst.fill(0, base + nInner * r, base + kPad * r);
    }
  }
}

/** Receives finished rows of C: rows `r0..r0+count` are at `c[cOff + i*ldc + j]` (j < cols). */
export type StoreRows = (r0: number, count: number, c: Float32Array, cOff: number, ldc: number) => void;

const CONFIG: Omit<GemmConfig, 'relaxed'> = { mr: 4, nr: 8, unroll: 1 };
const KC = 256;
const MC_TARGET = 128;
const C_CHUNK = 1 << 18;

/** The float32 GEMM: `C = A·B` with A read through one packer (rows) and B through another (columns). */
export class WasmGemm {
  private readonly fn: GemmFunction;
  private readonly scratch: ArenaScratch;
  /** Rows per micro-tile. */
  readonly mr: number;
  /** Columns per micro-tile. */
  readonly nr: number;
  private readonly unroll: number;

  /** @param arena - the memory to compute in. @param config - micro-kernel shape (default tuned). */
  constructor(
    readonly arena: WasmArena = sharedArena(),
    config: Partial<GemmConfig> = {},
  ) {
    const full: GemmConfig = { ...CONFIG, relaxed: hasRelaxedSimd(), ...config };
    this.mr = full.mr;
    this.nr = full.nr;
    this.unroll = full.unroll;
    const key = `gemm:${full.mr}x${full.nr}u${full.unroll}${full.relaxed ? 'r' : ''}`;
    const instance = instantiate(arena, key, () => buildGemmModule(full, memoryLimits(arena)));
    this.fn = instance.exports.gemm as GemmFunction;
    this.scratch = scratchFor(arena);
  }

  /**
   * Computes `C[i, j] = Σ_k A[row0 + i, k] · B[k, j]` for `i < rows`, `j < cols`, `k < depth` (depth ≥ 1)
   * and hands C to `store` in chunks of rows.
   */
  run(
    rows: number,
    cols: number,
    depth: number,
    a: Packer32,
    row0: number,
    b: Packer32,
    store: StoreRows,
  ): void {
    if (rows === 0 || cols === 0) return;
    const { mr, nr, unroll } = this;
    const kBlocks = Math.ceil(depth / KC);
    const kc = Math.ceil(depth / kBlocks);
    const kcPad = Math.ceil(kc / unroll) * unroll;
    const nTiles = Math.ceil(cols / nr);
    const nPad = nTiles * nr;
    const mc = Math.max(mr, Math.floor(MC_TARGET / mr) * mr);
    const chunkTarget = Math.max(mc, Math.floor(C_CHUNK / nPad / mc) * mc);
    const chunk = Math.min(chunkTarget, Math.ceil(rows / mr) * mr);
    const bFloats = kBlocks * kcPad * nPad;
    const aFloats = mc * kcPad;
    const cFloats = chunk * nPad;
    const base = this.scratch.reserve(4 * (bFloats + aFloats + cFloats));
    const f32 = this.arena.f32;
    const bOff = base / 4;
    const aOff = bOff + bFloats;
    const cOff = aOff + aFloats;
    for (let kb = 0; kb < kBlocks; kb++) {
      const k0 = kb * kc;
      b.pack(f32, bOff + kb * kcPad * nPad, 0, cols, k0, Math.min(kc, depth - k0), kcPad, nr);
    }
    for (let r0 = 0; r0 < rows; r0 += chunk) {
      const count = Math.min(chunk, rows - r0);
      for (let kb = 0; kb < kBlocks; kb++) {
        const k0 = kb * kc;
        const kThis = Math.min(kc, depth - k0);
        for (let ic = 0; ic < count; ic += mc) {
          const m = Math.min(mc, count - ic);
          a.pack(f32, aOff, row0 + r0 + ic, m, k0, kThis, kcPad, mr);
          this.fn(
            4 * aOff,
            4 * (bOff + kb * kcPad * nPad),
            4 * (cOff + ic * nPad),
            kcPad,
            Math.ceil(m / mr),
            nTiles,
            4 * nPad,
            kb === 0 ? 1 : 0,
          );
        }
      }
      store(r0, count, f32, cOff, nPad);
    }
  }
}

const scratches = new WeakMap<WasmArena, ArenaScratch>();

/** The scratch block shared by the linalg kernels of an arena (they run one at a time). */
export function scratchFor(arena: WasmArena): ArenaScratch {
  let s = scratches.get(arena);
  if (!s) {
    s = new ArenaScratch(arena);
    scratches.set(arena, s);
  }
  return s;
}
