// Float32 GEMM driver over the generated WebAssembly macro-kernel: blocking and packing in TypeScript,
// the arithmetic in WebAssembly SIMD. Used by the wasm variants of dotGeneral and convGeneral.

import {
  joinParallel,
  poolFor,
  startParallel,
  type TaskFunction,
  type TaskWriter,
  wasmTaskFunctions,
} from '../../threads/parallel.js';
import { activeThreads } from '../../threads/runtime.js';
import { isArenaStorage } from '../../threads/storage.js';
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

/**
 * Where C may be written directly, skipping `store`: `C[i, j]` at `array[offset + i*ld + j]`. Used only
 * when `array` lives in the shared arena and `cols` is a multiple of the micro-tile width (tiles then
 * never write past column `cols`); otherwise the driver falls back to `store`.
 */
export interface DirectC {
  /** The output (an arena array). */
  readonly array: Float32Array;
  /** Index of C[0, 0] in `array`. */
  readonly offset: number;
  /** Row pitch of C in elements (≥ cols). */
  readonly ld: number;
}

const CONFIG: Omit<GemmConfig, 'relaxed'> = { mr: 4, nr: 8, unroll: 1 };
const KC = 256;
const MC_TARGET = 128;
const C_CHUNK = 1 << 18;
/** Smallest GEMM (in multiply-adds) worth splitting across threads. */
const PARALLEL_MIN_MACS = 1 << 20;
/** Most packed-A floats of one row chunk of the multi-threaded driver. */
const PARALLEL_A_FLOATS = 1 << 20;

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
    const build = () => buildGemmModule(full, memoryLimits(arena));
    const instance = instantiate(arena, key, build);
    this.fn = instance.exports.gemm as GemmFunction;
    this.scratch = scratchFor(arena);
    const runtime = activeThreads();
    if (runtime && runtime.arena === arena && arena.shared) {
      const fullKey = `${key}|${arena.maximumPages}|shared`;
      this.tasks = wasmTaskFunctions(runtime, fullKey, build, instance.exports, ['gemmBlocks']);
    }
  }

  private readonly tasks: TaskFunction[] | undefined;

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
    direct?: DirectC,
  ): void {
    if (rows === 0 || cols === 0) return;
    if (this.tasks && rows * cols * depth >= PARALLEL_MIN_MACS && poolFor(this.tasks)) {
      this.runThreaded(rows, cols, depth, a, row0, b, store, direct);
      return;
    }
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
  /**
   * The multi-threaded driver: B packed once; A packed chunk by chunk on the calling thread while the
   * pool computes the previous chunk (tasks = row blocks × column groups, each over every depth block,
   * so each element sums in the same order as in {@link WasmGemm.run}'s single-threaded loop).
   */
  private runThreaded(
    rows: number,
    cols: number,
    depth: number,
    a: Packer32,
    row0: number,
    b: Packer32,
    store: StoreRows,
    direct: DirectC | undefined,
  ): void {
    const { mr, nr, unroll, arena, scratch } = this;
    const fn = this.tasks![0]!;
    const threads = activeThreads()!.threads;
    const kBlocks = Math.ceil(depth / KC);
    const kc = Math.ceil(depth / kBlocks);
    const kcPad = Math.ceil(kc / unroll) * unroll;
    const nTiles = Math.ceil(cols / nr);
    const nPad = nTiles * nr;
    const mc = Math.max(mr, Math.floor(MC_TARGET / mr) * mr);
    // Row chunks: packed by the calling thread while the workers compute the previous chunk.
    const blocksTotal = Math.ceil(rows / mc);
    const byBudget = Math.max(1, Math.floor(PARALLEL_A_FLOATS / (kBlocks * kcPad * mc)));
    const chunkBlocks = Math.max(1, Math.min(byBudget, Math.ceil(blocksTotal / 4)));
    const chunk = chunkBlocks * mc;
    const chunks = Math.ceil(rows / chunk);
    const useDirect = direct !== undefined && cols % nr === 0 && arena.shared && isArenaStorage(direct.array);
    const groups = Math.max(1, Math.min(nTiles, Math.ceil((2 * threads) / chunkBlocks)));
    const groupTiles = Math.ceil(nTiles / groups);
    const bFloats = kBlocks * kcPad * nPad;
    const aFloats = chunk * kBlocks * kcPad;
    const cFloats = useDirect ? 0 : chunk * nPad;
    const base = scratch.reserve(4 * (bFloats + 2 * aFloats + 2 * cFloats));
    const f32 = arena.f32;
    const bOff = base / 4;
    const aOffs = [bOff + bFloats, bOff + bFloats + aFloats];
    const cOffs = [aOffs[1]! + aFloats, aOffs[1]! + aFloats + cFloats];
    for (let kb = 0; kb < kBlocks; kb++) {
      const k0 = kb * kc;
      b.pack(f32, bOff + kb * kcPad * nPad, 0, cols, k0, Math.min(kc, depth - k0), kcPad, nr);
    }
    const packChunk = (c: number) => {
      const r0 = c * chunk;
      const count = Math.min(chunk, rows - r0);
      const dst = aOffs[c % 2]!;
      for (let kb = 0; kb < kBlocks; kb++) {
        const k0 = kb * kc;
        a.pack(f32, dst + kb * chunk * kcPad, row0 + r0, count, k0, Math.min(kc, depth - k0), kcPad, mr);
      }
    };
    Object.assign(job, { fn, mr, nr, mc, kcPad, kBlocks, nTiles, groupTiles, groups, chunk, bOff, nPad });
    packChunk(0);
    for (let c = 0; c < chunks; c++) {
      const r0 = c * chunk;
      const count = Math.min(chunk, rows - r0);
      job.aOff = aOffs[c % 2]!;
      job.count = count;
      if (useDirect) {
        job.cByte = direct!.array.byteOffset + 4 * (direct!.offset + r0 * direct!.ld);
        job.ldcBytes = 4 * direct!.ld;
      } else {
        job.cByte = 4 * cOffs[c % 2]!;
        job.ldcBytes = 4 * nPad;
      }
      startParallel(Math.ceil(count / mc) * groups, this.tasks!, describeTask);
      try {
        if (c > 0 && !useDirect) store(r0 - chunk, chunk, f32, cOffs[(c - 1) % 2]!, nPad);
        if (c + 1 < chunks) packChunk(c + 1);
      } finally {
        joinParallel();
      }
    }
    if (!useDirect) {
      const r0 = (chunks - 1) * chunk;
      store(r0, rows - r0, f32, cOffs[(chunks - 1) % 2]!, nPad);
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

/** The parts of one multi-threaded GEMM call that its task descriptions read. */
interface ThreadedJob {
  fn: TaskFunction;
  mr: number;
  nr: number;
  mc: number;
  kcPad: number;
  kBlocks: number;
  nTiles: number;
  groupTiles: number;
  groups: number;
  chunk: number;
  bOff: number;
  nPad: number;
  /** Per chunk: */
  aOff: number;
  count: number;
  cByte: number;
  ldcBytes: number;
}

const job: ThreadedJob = {
  fn: undefined as unknown as TaskFunction,
  mr: 0,
  nr: 0,
  mc: 0,
  kcPad: 0,
  kBlocks: 0,
  nTiles: 0,
  groupTiles: 0,
  groups: 0,
  chunk: 0,
  bOff: 0,
  nPad: 0,
  aOff: 0,
  count: 0,
  cByte: 0,
  ldcBytes: 0,
};

/** Task `t` of a chunk: row block `t / groups` times column group `t % groups`, over every depth block. */
function describeTask(w: TaskWriter, t: number): void {
  const j = job;
  const ib = Math.floor(t / j.groups);
  const g = t - ib * j.groups;
  const m = Math.min(j.mc, j.count - ib * j.mc);
  const j0 = g * j.groupTiles;
  w.add(
    j.fn,
    4 * (j.aOff + ib * j.mc * j.kcPad),
    4 * (j.bOff + j0 * j.nr * j.kcPad),
    j.cByte + ib * j.mc * j.ldcBytes + 4 * j0 * j.nr,
    j.kcPad,
    Math.ceil(m / j.mr),
    Math.min(j.groupTiles, j.nTiles - j0),
    j.ldcBytes,
    j.kBlocks,
    4 * j.chunk * j.kcPad,
    4 * j.kcPad * j.nPad,
  );
}
