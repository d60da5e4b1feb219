// Float32 GEMM driver over the generated WebAssembly macro-kernel: blocking and packing in TypeScript,
// the arithmetic in WebAssembly SIMD. Used by the wasm variants of dotGeneral and convGeneral.

import {
  poolFor,
  runParallel,
  type TaskFunction,
  type TaskWriter,
  wasmTaskFunctions,
} from '../../threads/parallel.js';
import { activeThreads, type ThreadRuntime } from '../../threads/runtime.js';
import { arenaOf } from '../../threads/storage.js';
import { ArenaScratch, sharedArena, type WasmArena } from '../../wasm/arena.js';
import { buildGemmModule, type GemmConfig } from '../../wasm/gemmModule.js';
import { instantiate, memoryLimits } from '../../wasm/instantiate.js';
import { buildPackModule } from '../../wasm/packModule.js';
import { activeRelaxedSimd } from '../../wasm/variant.js';
import { cachedDerived } from './arenaDerivedCache.js';

/**
 * Packs a block of a logical matrix X[outer, inner] into float32 panels of `r` outer indices:
 * `dst[dstOff + p*r*kPad + kk*r + q] = X[outer0 + p*r + q][inner0 + kk]`, with 0 where
 * `p*r + q >= nOuter` or `kk >= nInner` (up to `kPad`). {@link WasmGemm.run} calls `pack` only while none
 * of its own pool jobs is in flight, so a packer may run a parallel job of its own (the convolution's patch
 * packer does).
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
/** Depth of one packed block (B block and A panels of it stay in cache). */
const KC = 256;
/** Rows of one task's A block. */
const MC = 128;
/** Most floats of C computed into scratch per row chunk (when C cannot be written in place). */
const C_CHUNK = 1 << 18;
/** Most packed-A floats of one row chunk. */
const A_CHUNK = 1 << 20;
/** Smallest GEMM (in multiply-adds) worth splitting across threads. */
const PARALLEL_MIN_MACS = 1 << 18;

/** Where a strided operand lies in wasm memory: byte address of its element [0, 0], byte strides. */
interface WasmView {
  addr: number;
  os: number;
  is: number;
}

/**
 * The float32 GEMM: `C = A·B` with A read through one packer (rows) and B through another (columns).
 *
 * Operands read through a {@link StridedPacker32} over a Float32Array are packed by generated wasm code
 * (in place when the array lives in the arena, else after one contiguous copy into it); other packers pack
 * in TypeScript. Packing and the products run as tasks of the worker pool when the backend has threads
 * and the product is large enough; every element of C sums its depth blocks in the same order either way,
 * so results do not depend on the thread count.
 */
export class WasmGemm {
  private readonly gemmTask: TaskFunction;
  private readonly packTask: TaskFunction;
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
    const full: GemmConfig = { ...CONFIG, relaxed: activeRelaxedSimd(), ...config };
    this.mr = full.mr;
    this.nr = full.nr;
    this.unroll = full.unroll;
    this.scratch = scratchFor(arena);
    const runtime = activeThreads();
    const pooled = runtime && runtime.arena === arena && arena.shared ? runtime : undefined;
    const limits = memoryLimits(arena);
    const suffix = `|${arena.maximumPages}|${arena.shared ? 'shared' : 'private'}`;
    const gemmKey = `gemm:${full.mr}x${full.nr}u${full.unroll}${full.relaxed ? 'r' : ''}`;
    const buildGemm = () => buildGemmModule(full, limits);
    const gemm = instantiate(arena, gemmKey, buildGemm);
    this.gemmTask = wasmTaskFunctions(pooled, gemmKey + suffix, buildGemm, gemm.exports, ['gemmBlocks'])[0]!;
    const buildPack = () => buildPackModule(limits);
    const pack = instantiate(arena, 'gemmPack', buildPack);
    this.packTask = wasmTaskFunctions(pooled, `gemmPack${suffix}`, buildPack, pack.exports, ['pack'])[0]!;
    this.gemmFns = [this.gemmTask];
    this.packFns = [this.packTask];
    this.bothFns = [this.gemmTask, this.packTask];
  }

  private readonly gemmFns: readonly TaskFunction[];
  private readonly packFns: readonly TaskFunction[];
  private readonly bothFns: readonly TaskFunction[];

  /**
   * Computes `C[i, j] = Σ_k A[row0 + i, k] · B[k, j]` for `i < rows`, `j < cols`, `k < depth` (depth ≥ 1)
   * and hands C to `store` in chunks of rows — or, when `direct` allows it, writes C there in place.
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
    const { mr, nr, unroll, arena } = this;
    const runtime = rows * cols * depth >= PARALLEL_MIN_MACS ? activeThreads() : undefined;
    const threads = runtime && poolFor(this.bothFns, runtime) ? runtime.threads : 1;
    const j = job;
    j.runtime = threads > 1 ? runtime : undefined;
    j.gemm = this.gemmTask;
    j.pack = this.packTask;
    j.gemmFns = this.gemmFns;
    j.packFns = this.packFns;
    j.mr = mr;
    j.nr = nr;
    j.depth = depth;
    j.cols = cols;
    j.kBlocks = Math.ceil(depth / KC);
    j.kc = Math.ceil(depth / j.kBlocks);
    j.kcPad = Math.ceil(j.kc / unroll) * unroll;
    j.nTiles = Math.ceil(cols / nr);
    j.nPad = j.nTiles * nr;
    const mc = Math.max(mr, Math.floor(MC / mr) * mr);
    j.mc = mc;
    const useDirect =
      direct !== undefined && cols % nr === 0 && rows % mr === 0 && arenaOf(direct.array) === arena;
    const rowsPad = Math.ceil(rows / mr) * mr;
    let chunk = Math.max(1, Math.floor(A_CHUNK / (j.kBlocks * j.kcPad * mc))) * mc;
    if (!useDirect) chunk = Math.min(chunk, Math.max(1, Math.floor(C_CHUNK / (j.nPad * mc))) * mc);
    chunk = Math.min(chunk, rowsPad);
    j.chunk = chunk;
    // B packed once and cached when it is an arena array used again (weights): see cachedPackedB.
    const bCached = this.cachedPackedB(b, cols, depth, threads);
    // Scratch: [copy of A's source][copy of B's source][packed B][packed A chunk][C chunk].
    const aSpan = copySpan(a, arena, row0, rows, depth);
    const bSpan = bCached === undefined ? copySpan(b, arena, 0, cols, depth) : NO_SPAN;
    const bFloats = bCached === undefined ? j.kBlocks * j.kcPad * j.nPad : 0;
    const aFloats = chunk * j.kBlocks * j.kcPad;
    const cFloats = useDirect ? 0 : chunk * j.nPad;
    const base = this.scratch.reserve(4 * (aSpan.length + bSpan.length + bFloats + aFloats + cFloats)) / 4;
    const f32 = arena.f32;
    j.bOff = bCached === undefined ? base + aSpan.length + bSpan.length : bCached / 4;
    j.aOff = base + aSpan.length + bSpan.length + bFloats;
    const cOff = j.aOff + aFloats;
    // Pack B, and A's first chunk in the same job; later chunks of A one job each.
    const bView = bCached === undefined ? wasmView(b, arena, 0, bSpan, base + aSpan.length) : undefined;
    const aView = wasmView(a, arena, row0, aSpan, base);
    j.bTasks = 0;
    if (bView) this.planPackB(bView, threads);
    else if (bCached === undefined) {
      for (let kb = 0; kb < j.kBlocks; kb++) {
        const k0 = kb * j.kc;
        b.pack(f32, j.bOff + kb * j.kcPad * j.nPad, 0, cols, k0, Math.min(j.kc, depth - k0), j.kcPad, nr);
      }
    }
    if (aView) j.srcA = aView;
    for (let r0 = 0; r0 < rows; r0 += chunk) {
      const count = Math.min(chunk, rows - r0);
      const blocks = Math.ceil(count / mc);
      j.r0 = r0;
      j.count = count;
      if (!aView) {
        for (let kb = 0; kb < j.kBlocks; kb++) {
          const k0 = kb * j.kc;
          const kThis = Math.min(j.kc, depth - k0);
          a.pack(arena.f32, j.aOff + kb * chunk * j.kcPad, row0 + r0, count, k0, kThis, j.kcPad, mr);
        }
      }
      const packTasks = j.bTasks + (aView ? blocks * j.kBlocks : 0);
      if (packTasks > 0) runParallel(packTasks, j.packFns, describePack, j.runtime);
      j.bTasks = 0;
      // Products: row blocks × column groups, each over every depth block.
      if (useDirect) {
        j.cByte = direct!.array.byteOffset + 4 * (direct!.offset + r0 * direct!.ld);
        j.ldcBytes = 4 * direct!.ld;
      } else {
        j.cByte = 4 * cOff;
        j.ldcBytes = 4 * j.nPad;
      }
      j.groups = Math.max(1, Math.min(j.nTiles, Math.ceil((4 * threads) / blocks)));
      j.groupPanels = Math.ceil(j.nTiles / j.groups);
      j.groups = Math.ceil(j.nTiles / j.groupPanels);
      runParallel(blocks * j.groups, j.gemmFns, describeGemm, j.runtime);
      if (!useDirect) store(r0, count, arena.f32, cOff, j.nPad);
    }
    j.runtime = undefined;
  }

  /** Sets up the B tasks of the next packing job (B read through `view`). */
  private planPackB(view: WasmView, threads: number): void {
    const j = job;
    j.srcB = view;
    j.bPanels = Math.ceil(j.nTiles / (2 * threads));
    j.bTasks = j.kBlocks * Math.ceil(j.nTiles / j.bPanels);
  }

  /**
   * The byte offset of B's packed panels kept from an earlier call, or undefined. Only a strided view of an
   * arena array is cached (on its second use with the same view and blocking), in a block of its own that
   * lives until the array is released — so a weight matrix of an inference program is packed once.
   */
  private cachedPackedB(b: Packer32, cols: number, depth: number, threads: number): number | undefined {
    if (!(b instanceof StridedPacker32) || !(b.src instanceof Float32Array)) return undefined;
    if (b.outerStride < 0 || b.innerStride < 0 || arenaOf(b.src) !== this.arena) return undefined;
    const j = job;
    const key = `gemmB:${b.offset}:${b.outerStride}:${b.innerStride}:${cols}:${depth}:${j.kc}:${j.kcPad}:${this.nr}`;
    const bytes = 4 * j.kBlocks * j.kcPad * j.nPad;
    return cachedDerived(this.arena, b.src, key, bytes, (offset) => {
      j.bOff = offset / 4;
      this.planPackB(wasmView(b, this.arena, 0, NO_SPAN, 0)!, threads);
      runParallel(j.bTasks, j.packFns, describePack, j.runtime);
      j.bTasks = 0;
    });
  }
}

/**
 * The contiguous element range `[start, end)` of a strided packer's source that a product reads, when it
 * must be copied into the arena first (the source is a Float32Array outside it); empty otherwise.
 */
function copySpan(
  p: Packer32,
  arena: WasmArena,
  outer0: number,
  nOuter: number,
  nInner: number,
): { start: number; length: number } {
  if (!(p instanceof StridedPacker32) || !(p.src instanceof Float32Array)) return NO_SPAN;
  if (p.outerStride < 0 || p.innerStride < 0 || arenaOf(p.src) === arena) return NO_SPAN;
  const start = p.offset + outer0 * p.outerStride;
  const end = start + (nOuter - 1) * p.outerStride + (nInner - 1) * p.innerStride + 1;
  return { start, length: end - start };
}

const NO_SPAN = { start: 0, length: 0 };

/**
 * Where the packer's element [outer0, 0] lies in wasm memory (copying its span to float index `copyAt`
 * first when {@link copySpan} gave one), or undefined when it must pack in TypeScript.
 */
function wasmView(
  p: Packer32,
  arena: WasmArena,
  outer0: number,
  span: { start: number; length: number },
  copyAt: number,
): WasmView | undefined {
  if (!(p instanceof StridedPacker32) || !(p.src instanceof Float32Array)) return undefined;
  if (p.outerStride < 0 || p.innerStride < 0) return undefined;
  const os = 4 * p.outerStride;
  const is = 4 * p.innerStride;
  if (span.length > 0) {
    arena.f32.set(p.src.subarray(span.start, span.start + span.length), copyAt);
    return { addr: 4 * copyAt, os, is };
  }
  if (arenaOf(p.src) !== arena) return undefined;
  return { addr: p.src.byteOffset + 4 * (p.offset + outer0 * p.outerStride), os, is };
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

/** The parts of one GEMM call that its task descriptions read (one call runs at a time per thread). */
interface GemmJob {
  runtime: ThreadRuntime | undefined;
  gemm: TaskFunction;
  pack: TaskFunction;
  gemmFns: readonly TaskFunction[];
  packFns: readonly TaskFunction[];
  mr: number;
  nr: number;
  depth: number;
  cols: number;
  kc: number;
  kcPad: number;
  kBlocks: number;
  nTiles: number;
  nPad: number;
  mc: number;
  chunk: number;
  bOff: number;
  aOff: number;
  /** Where A and B are read from (when packed by wasm). */
  srcA: WasmView;
  srcB: WasmView;
  /** Tasks packing B in the next packing job (0: none), and B panels per task. */
  bTasks: number;
  bPanels: number;
  /** Tile columns per product task, and the number of column groups. */
  groupPanels: number;
  groups: number;
  /** Per row chunk: */
  r0: number;
  count: number;
  cByte: number;
  ldcBytes: number;
}

const job: GemmJob = {
  runtime: undefined,
  gemm: undefined as unknown as TaskFunction,
  pack: undefined as unknown as TaskFunction,
  gemmFns: [],
  packFns: [],
  mr: 0,
  nr: 0,
  depth: 0,
  cols: 0,
  kc: 0,
  kcPad: 0,
  kBlocks: 0,
  nTiles: 0,
  nPad: 0,
  mc: 0,
  chunk: 0,
  bOff: 0,
  aOff: 0,
  srcA: { addr: 0, os: 0, is: 0 },
  srcB: { addr: 0, os: 0, is: 0 },
  bTasks: 0,
  bPanels: 0,
  groupPanels: 0,
  groups: 0,
  r0: 0,
  count: 0,
  cByte: 0,
  ldcBytes: 0,
};

/** Task `t` of a packing job: the tasks packing B (if any), then those packing this chunk of A. */
function describePack(w: TaskWriter, t: number): void {
  const j = job;
  if (t < j.bTasks) {
    // Depth block `t / groups`, panels of column group `t % groups`.
    const groups = j.bTasks / j.kBlocks;
    const kb = Math.floor(t / groups);
    const p0 = (t - kb * groups) * j.bPanels;
    const k0 = kb * j.kc;
    const { addr, os, is } = j.srcB;
    w.add(
      j.pack,
      addr + p0 * j.nr * os + k0 * is,
      os,
      is,
      4 * (j.bOff + kb * j.kcPad * j.nPad + p0 * j.nr * j.kcPad),
      Math.min(j.cols - p0 * j.nr, j.bPanels * j.nr),
      Math.min(j.kc, j.depth - k0),
      j.kcPad,
      j.nr,
    );
    return;
  }
  // Row block `u / kBlocks`, depth block `u % kBlocks`.
  const u = t - j.bTasks;
  const ib = Math.floor(u / j.kBlocks);
  const kb = u - ib * j.kBlocks;
  const k0 = kb * j.kc;
  const { addr, os, is } = j.srcA;
  w.add(
    j.pack,
    addr + (j.r0 + ib * j.mc) * os + k0 * is,
    os,
    is,
    4 * (j.aOff + kb * j.chunk * j.kcPad + ib * j.mc * j.kcPad),
    Math.min(j.mc, j.count - ib * j.mc),
    Math.min(j.kc, j.depth - k0),
    j.kcPad,
    j.mr,
  );
}

/** Task `t` of a chunk's products: row block `t / groups` times column group `t % groups`. */
function describeGemm(w: TaskWriter, t: number): void {
  const j = job;
  const ib = Math.floor(t / j.groups);
  const g = t - ib * j.groups;
  const m = Math.min(j.mc, j.count - ib * j.mc);
  const j0 = g * j.groupPanels;
  w.add(
    j.gemm,
    4 * (j.aOff + ib * j.mc * j.kcPad),
    4 * (j.bOff + j0 * j.nr * j.kcPad),
    j.cByte + ib * j.mc * j.ldcBytes + 4 * j0 * j.nr,
    j.kcPad,
    Math.ceil(m / j.mr),
    Math.min(j.groupPanels, j.nTiles - j0),
    j.ldcBytes,
    j.kBlocks,
    4 * j.chunk * j.kcPad,
    4 * j.kcPad * j.nPad,
  );
}
