// Float32 products with few rows (M ≤ 4) on the generated GEMV module: Y[M, N] = X[M, K] · W[K, N] with W
// row-major, streamed in its natural layout. Nothing is packed: X (small) is interleaved into the arena,
// W is read in place when it already lives in the arena, else from a copy cached
// across calls (wasmGemvCache.ts), else copied there with one memcpy.
import {
  poolFor,
  runParallel,
  type TaskFunction,
  type TaskWriter,
  wasmTaskFunctions,
} from '../../threads/parallel.js';
import { activeThreads } from '../../threads/runtime.js';
import { ArenaScratch, sharedArena, type WasmArena } from '../../wasm/arena.js';
import { buildGemvModule } from '../../wasm/gemvModule.js';
import { instantiate, memoryLimits } from '../../wasm/instantiate.js';
import { activeRelaxedSimd } from '../../wasm/variant.js';
import { cachedWeights } from './wasmGemvCache.js';

/** Largest M that the GEMV path takes (larger products go to the packed GEMM). */
export const GEMV_MAX_ROWS = 4;

/** W rows per block by M (register budget: M·r broadcasts + M accumulators + 1 load; best measured). */
const ROWS_PER_BLOCK = [0, 8, 4, 3, 2];

/** Below this many floats, copies are plain loops. */
const SMALL = 64;

/** Smallest product (multiply-adds) whose columns are split across the worker pool. */
const PARALLEL_MIN_MACS = 1 << 17;

const scratches = new WeakMap<WasmArena, ArenaScratch>();

function scratchOf(arena: WasmArena): ArenaScratch {
  let s = scratches.get(arena);
  if (!s) {
    s = new ArenaScratch(arena);
    scratches.set(arena, s);
  }
  return s;
}

const align16 = (floats: number) => Math.ceil(floats / 16) * 16;

/** A float32 product of M ≤ 4 rows, specialized at construction for its shape [M, K] · [K, N]. */
export class WasmGemv {
  private readonly task: TaskFunction;
  private readonly tasks: readonly TaskFunction[];
  private readonly scratch: ArenaScratch;
  private readonly rows: number;

  /**
   * @param m - rows (1 to {@link GEMV_MAX_ROWS}).
   * @param k - depth (≥ 1).
   * @param n - columns (≥ 1).
   * @param arena - the memory to compute in.
   */
  constructor(
    readonly m: number,
    readonly k: number,
    readonly n: number,
    readonly arena: WasmArena = sharedArena(),
  ) {
    if (m < 1 || m > GEMV_MAX_ROWS) throw new Error(`gemv: m must be 1..${GEMV_MAX_ROWS}, got ${m}`);
    const relaxed = activeRelaxedSimd();
    const r = ROWS_PER_BLOCK[m]!;
    const key = `gemv:${m}x${n}r${r}${relaxed ? 'r' : ''}`;
    const build = () => buildGemvModule({ m, n, r, relaxed }, memoryLimits(arena));
    const instance = instantiate(arena, key, build);
    const runtime = activeThreads();
    const pooled = runtime && runtime.arena === arena && arena.shared ? runtime : undefined;
    const poolKey = `${key}|${arena.maximumPages}|${arena.shared ? 'shared' : 'private'}`;
    this.task = wasmTaskFunctions(pooled, poolKey, build, instance.exports, ['gemvAll'])[0]!;
    this.tasks = [this.task];
    this.scratch = scratchOf(arena);
    this.rows = r;
  }

  /**
   * Computes `out[outOff + i*N + j] = Σ_kk x[xOff + i*xRow + kk*xCol] · w[wOff + kk*N + j]`.
   * @param x - the rows of X (any strides).
   * @param w - W, row-major and contiguous from `wOff`.
   * @param out - receives Y row-major (N per row).
   */
  run(
    x: Float32Array,
    xOff: number,
    xRow: number,
    xCol: number,
    w: Float32Array,
    wOff: number,
    out: Float32Array,
    outOff: number,
  ): void {
    const { m, k, n, arena } = this;
    const nPad = align16(n);
    const xFloats = align16(m * k);
    const yFloats = m * nPad;
    // W is read in place when it is in this (shared) arena and its rows are whole vectors (no reads past
    // the end), else from its cached arena copy (a whole array used again), else copied for this call.
    const inPlace = arena.shared && n % 4 === 0 && w.buffer === arena.memory.buffer;
    const cached = inPlace || wOff !== 0 || w.length !== k * n ? undefined : cachedWeights(arena, w);
    const copy = !inPlace && cached === undefined;
    const wFloats = copy ? align16(k * n + 4) : 0;
    const base = this.scratch.reserve(4 * (xFloats + yFloats + wFloats)) / 4;
    const f32 = arena.f32;
    const xs = base;
    const ys = xs + xFloats;
    let wp: number;
    if (inPlace) wp = w.byteOffset + 4 * wOff;
    else if (cached !== undefined) wp = cached;
    else {
      const wc = ys + yFloats;
      f32.set(w.subarray(wOff, wOff + k * n), wc);
      wp = 4 * wc;
    }
    // Small copies run as plain loops: the typed-array builtins cost more than the work below ~64 floats.
    if (m === 1 && xCol === 1 && k >= SMALL) f32.set(x.subarray(xOff, xOff + k), xs);
    else {
      for (let i = 0; i < m; i++) {
        for (let kk = 0, s = xOff + i * xRow, d = xs + i; kk < k; kk++, s += xCol, d += m) f32[d] = x[s]!;
      }
    }
    if (yFloats >= SMALL) f32.fill(0, ys, ys + yFloats);
    else for (let i = ys; i < ys + yFloats; i++) f32[i] = 0;
    const r = this.rows;
    const job = gemvJob;
    job.task = this.task;
    job.xp = 4 * xs;
    job.wp = wp;
    job.yp = 4 * ys;
    job.blocks = Math.floor(k / r);
    job.rest = k % r;
    const vecs = Math.ceil(n / 4);
    // Column slices across the pool (each column sums in depth order: the same bits on any thread count).
    const runtime = m * k * n >= PARALLEL_MIN_MACS ? activeThreads() : undefined;
    const slices = runtime && poolFor(this.tasks, runtime) ? Math.min(runtime.threads, vecs) : 1;
    job.sliceVecs = Math.ceil(vecs / slices);
    job.vecs = vecs;
    runParallel(Math.ceil(vecs / job.sliceVecs), this.tasks, describeSlice, slices > 1 ? runtime : undefined);
    for (let i = 0; i < m; i++) {
      const src = ys + i * nPad;
      const dst = outOff + i * n;
      if (n >= SMALL) out.set(f32.subarray(src, src + n), dst);
      else for (let j = 0; j < n; j++) out[dst + j] = f32[src + j]!;
    }
  }
}

/** The current call's parameters, read by {@link describeSlice} (one call runs at a time per thread). */
const gemvJob = {
  task: undefined as unknown as TaskFunction,
  xp: 0,
  wp: 0,
  yp: 0,
  blocks: 0,
  rest: 0,
  vecs: 0,
  sliceVecs: 0,
};

/** Task `t`: the product over column vectors [t·sliceVecs, (t+1)·sliceVecs). */
function describeSlice(w: TaskWriter, t: number): void {
  const j = gemvJob;
  const v0 = t * j.sliceVecs;
  w.add(j.task, j.xp, j.wp + 16 * v0, j.yp + 16 * v0, j.blocks, Math.min(j.sliceVecs, j.vecs - v0), j.rest);
}
