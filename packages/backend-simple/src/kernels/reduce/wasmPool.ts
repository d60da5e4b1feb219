// The WebAssembly SIMD variant of pooling: reduceWindow (max, min, sum) and selectAndScatterMax/Min over
// the two middle axes of NHWC float32/float64 operands (wasm/poolModule.ts generates the code).
//
// Overlapping select-and-scatter windows (stride < window) accumulate in window order (wasm/poolSelectAcc.ts):
// their blocks are whole images (windows of different images never share an element, so each element's
// additions stay in order on one thread); float32 images accumulate in float64 scratch images, one per task.
//
// Work is split into fixed blocks of output rows (batch × row, a size fixed by the shape, never by the
// thread count; every output element is computed by the same code whatever the split, so results do not
// depend on it). Operands in the shared arena (multi-threaded backends) are read and written in place, the
// blocks spread over the pool; other operands are streamed through the arena's operand scratch block by
// block (copy in, compute, copy out), so the copies stay in cache.
import { type OpAttrs, windowOutputSize } from '@tsmlx/backends';
import type { Shape } from '@tsmlx/shapes';
import { acquireStorage, releaseStorage } from '../../storagePool.js';
import {
  poolFor,
  runParallel,
  type TaskFunction,
  type TaskWriter,
  wasmTaskFunctions,
} from '../../threads/parallel.js';
import { activeThreads } from '../../threads/runtime.js';
import { isArenaStorage } from '../../threads/storage.js';
import { sharedArena, type WasmArena } from '../../wasm/arena.js';
import { instantiate, memoryLimits } from '../../wasm/instantiate.js';
import { align64, operandScratch } from '../../wasm/operandScratch.js';
import { poolOverlaps } from '../../wasm/poolConfig.js';
import {
  buildPoolModule,
  type PoolConfig,
  type PoolFunction,
  type PoolKind,
  poolKey,
  poolWindowsInside,
} from '../../wasm/poolModule.js';
import { activeKernelVariant } from '../../wasm/variant.js';
import type { KernelRun } from '../registry.js';

/** Input bytes per block of output rows (blocks of the threaded split and of the streamed copies). */
const BLOCK_BYTES = 1 << 16;

type Floats = Float32Array | Float64Array;

/** The window attributes the pooling kernels read. */
interface PoolAttrs {
  readonly windowDims: readonly number[];
  readonly strides: readonly number[];
  readonly padding: ReadonlyArray<readonly [number, number]>;
}

/**
 * The module configuration of a pooling op on `x`, or undefined when the wasm kernels do not cover it
 * (not a float32/float64 rank-4 operand pooled over axes 1 and 2 only, dilations, empty operand or
 * result).
 */
export function poolConfigOf(
  x: Shape,
  attrs: PoolAttrs,
  dilations: ReadonlyArray<readonly number[]>,
  kind: PoolKind,
): PoolConfig | undefined {
  if (x.rank !== 4 || (x.dtype !== 'float32' && x.dtype !== 'float64') || x.size === 0) return undefined;
  const { windowDims: win, strides: s, padding: p } = attrs;
  if (win[0] !== 1 || win[3] !== 1 || s[0] !== 1 || s[3] !== 1) return undefined;
  if (p[0]![0] !== 0 || p[0]![1] !== 0 || p[3]![0] !== 0 || p[3]![1] !== 0) return undefined;
  if (dilations.some((d) => d.some((v) => v !== 1))) return undefined;
  const [, h, w, c] = x.dims as [number, number, number, number];
  const [wh, ww, sh, sw] = [win[1]!, win[2]!, s[1]!, s[2]!];
  if (wh < 1 || ww < 1 || sh < 1 || sw < 1) return undefined;
  const oh = windowOutputSize(h, wh, sh, p[1]![0], p[1]![1]);
  const ow = windowOutputSize(w, ww, sw, p[2]![0], p[2]![1]);
  if (oh < 1 || ow < 1) return undefined;
  const lane = x.dtype === 'float32' ? 'f32' : 'f64';
  return { lane, kind, h, w, c, oh, ow, wh, ww, sh, sw, pt: p[1]![0], pl: p[2]![0] };
}

/** A block of output rows of one image and the input rows it reads (reductions) or owns (select). */
interface Chunk {
  readonly i0: number;
  readonly i1: number;
  readonly lo: number;
  readonly hi: number;
}

const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);

interface PoolJob {
  fn: TaskFunction;
  x: number;
  src: number;
  out: number;
}

/** A compiled pooling op over a batch of `n` images. */
export class WasmPool {
  private readonly fn: PoolFunction;
  private readonly tasks: TaskFunction[] | undefined;
  private readonly arena: WasmArena;
  private readonly select: boolean;
  private readonly tiled: boolean;
  /** Overlapping float32 select: accumulates each image in a float64 scratch image. */
  private readonly accImage: boolean;
  /** Bytes of one float64 accumulator image. */
  private readonly accBytes: number;
  /** Tasks of the overlapping float32 select (groups of images, one accumulator each). */
  private groups = 1;
  private accBase = 0;
  private readonly B: number;
  private readonly rowBytes: number;
  private readonly outRowElems: number;
  private readonly blockRows: number;
  /** Per output row: first and end input row it owns (select-and-scatter zeroing). */
  private readonly ownLo: Int32Array;
  private readonly ownHi: Int32Array;
  private readonly chunks: Chunk[] = [];
  /** Scratch layout of the streamed path: byte offsets of the source and result blocks, total bytes. */
  private readonly srcRel: number;
  private readonly outRel: number;
  private readonly scratchBytes: number;
  private readonly accRel: number;
  private readonly job: PoolJob = { fn: undefined as unknown as TaskFunction, x: 0, src: 0, out: 0 };
  private readonly describe = (w: TaskWriter, i: number) => this.describeTask(w, i);

  /** @param cfg - the module configuration. @param n - batch size. */
  constructor(
    readonly cfg: PoolConfig,
    readonly n: number,
  ) {
    const { h, w, c, oh, ow, wh, ww, sh, sw, pt, pl } = cfg;
    const arena = sharedArena();
    this.arena = arena;
    const build = () => buildPoolModule(cfg, memoryLimits(arena));
    const key = poolKey(cfg);
    const instance = instantiate(arena, key, build);
    this.fn = instance.exports.run as PoolFunction;
    const runtime = activeThreads();
    if (runtime && runtime.arena === arena && arena.shared) {
      this.tasks = wasmTaskFunctions(
        runtime,
        `${key}|${arena.maximumPages}|shared`,
        build,
        instance.exports,
        ['run'],
      );
    }
    this.select = cfg.kind === 'selectMax' || cfg.kind === 'selectMin';
    this.tiled =
      poolWindowsInside(cfg) &&
      pt === 0 &&
      pl === 0 &&
      wh === sh &&
      ww === sw &&
      oh * sh === h &&
      ow * sw === w;
    this.B = cfg.lane === 'f32' ? 4 : 8;
    this.rowBytes = w * c * this.B;
    this.outRowElems = ow * c;
    const overlap = poolOverlaps(cfg);
    this.accImage = overlap && cfg.lane === 'f32';
    this.accBytes = align64(h * w * c * 8);
    this.blockRows = overlap ? oh : Math.max(1, Math.floor(BLOCK_BYTES / (Math.max(sh, wh) * this.rowBytes)));
    this.ownLo = new Int32Array(oh);
    this.ownHi = new Int32Array(oh);
    for (let i = 0; i < oh; i++) {
      this.ownLo[i] = i === 0 ? 0 : clamp(i * sh - pt, h);
      this.ownHi[i] = i === oh - 1 ? h : clamp((i + 1) * sh - pt, h);
    }
    let most = 0;
    for (let i0 = 0; i0 < oh; i0 += this.blockRows) {
      const i1 = Math.min(oh, i0 + this.blockRows);
      const lo = this.select ? this.ownLo[i0]! : clamp(i0 * sh - pt, h);
      const hi = this.select ? this.ownHi[i1 - 1]! : Math.max(lo, clamp((i1 - 1) * sh - pt + wh, h));
      this.chunks.push({ i0, i1, lo, hi });
      most = Math.max(most, hi - lo);
    }
    const inBytes = align64(most * this.rowBytes);
    const rowsBytes = align64(this.blockRows * this.outRowElems * this.B);
    this.srcRel = inBytes;
    this.outRel = this.select ? inBytes + rowsBytes : inBytes;
    this.scratchBytes = this.select ? 2 * inBytes + rowsBytes : inBytes + rowsBytes;
    this.accRel = this.scratchBytes;
    if (this.accImage) this.scratchBytes += this.accBytes;
  }

  /** Elements of the result. */
  get outSize(): number {
    const { h, w, c, oh } = this.cfg;
    return this.select ? this.n * h * w * c : this.n * oh * this.outRowElems;
  }

  /** Runs the op: `x` and, for select-and-scatter, `src`; returns a fresh result. */
  run(x: Floats, src: Floats | undefined): Floats {
    const out = acquireStorage(x instanceof Float32Array ? 'float32' : 'float64', this.outSize) as Floats;
    // Arrays of the shared arena (the only one whose arrays outlive memory growth) are used in place.
    const direct =
      this.arena.shared && isArenaStorage(x) && isArenaStorage(out) && (!src || isArenaStorage(src));
    if (!direct) {
      this.runStreamed(x, src, out);
      return out;
    }
    const rows = this.n * this.cfg.oh;
    const blocks = Math.ceil(rows / this.blockRows);
    const job = this.job;
    job.x = x.byteOffset;
    job.src = src ? src.byteOffset : 0;
    job.out = out.byteOffset;
    if (this.accImage) {
      if (!this.runAccumulated(blocks)) this.runStreamed(x, src, out);
    } else if (this.tasks && blocks > 1 && poolFor(this.tasks)) {
      job.fn = this.tasks[0]!;
      runParallel(blocks, this.tasks, this.describe);
    } else {
      const [zp, zn] = this.zeroRange(job.out, 0, rows);
      this.fn(job.x, job.src, job.out, 0, rows, zp, zn);
    }
    return out;
  }

  /**
   * The overlapping float32 select in place: groups of images, each with its own float64 accumulator;
   * false (nothing done) when the accumulators do not fit in the shared arena.
   */
  private runAccumulated(images: number): boolean {
    const runtime = activeThreads();
    const parallel = this.tasks && images > 1 && poolFor(this.tasks);
    this.groups = parallel ? Math.min(images, runtime!.threads) : 1;
    const acc = acquireStorage('float64', (this.groups * this.accBytes) / 8);
    if (!isArenaStorage(acc)) {
      releaseStorage(acc);
      return false;
    }
    this.accBase = acc.byteOffset;
    const job = this.job;
    if (parallel) {
      job.fn = this.tasks![0]!;
      runParallel(this.groups, this.tasks!, this.describe);
    } else {
      this.fn(job.x, job.src, job.out, 0, images * this.cfg.oh, this.accBase, 0);
    }
    releaseStorage(acc);
    return true;
  }

  /** Byte range [zp, zp + zn) of the input rows owned by output rows [r0, r1) (none when tiled). */
  private zeroRange(out: number, r0: number, r1: number): [number, number] {
    if (!this.select || this.tiled) return [out, 0];
    const { h, oh } = this.cfg;
    const first = Math.floor(r0 / oh) * h + this.ownLo[r0 % oh]!;
    const last = Math.floor((r1 - 1) / oh) * h + this.ownHi[(r1 - 1) % oh]!;
    return [out + first * this.rowBytes, (last - first) * this.rowBytes];
  }

  private describeTask(w: TaskWriter, i: number): void {
    const { job } = this;
    if (this.accImage) {
      const { n, groups } = this;
      const oh = this.cfg.oh;
      const b0 = Math.floor((i * n) / groups);
      const b1 = Math.floor(((i + 1) * n) / groups);
      w.add(job.fn, job.x, job.src, job.out, b0 * oh, b1 * oh, this.accBase + i * this.accBytes, 0);
      return;
    }
    const r0 = i * this.blockRows;
    const r1 = Math.min(this.n * this.cfg.oh, r0 + this.blockRows);
    const [zp, zn] = this.zeroRange(job.out, r0, r1);
    w.add(job.fn, job.x, job.src, job.out, r0, r1, zp, zn);
  }

  /** Block by block through the operand scratch: copy in, compute, copy out. */
  private runStreamed(x: Floats, src: Floats | undefined, out: Floats): void {
    const { arena, B, rowBytes, outRowElems } = this;
    const { h, w, c, oh } = this.cfg;
    const base = operandScratch(arena).reserve(this.scratchBytes);
    const buffer = arena.memory.buffer;
    const view = B === 4 ? new Float32Array(buffer) : new Float64Array(buffer);
    const rowElems = w * c;
    const xAt = base;
    const srcAt = base + this.srcRel;
    const outAt = base + this.outRel;
    for (let b = 0; b < this.n; b++) {
      for (const { i0, i1, lo, hi } of this.chunks) {
        const first = b * h + lo;
        const r0 = b * oh + i0;
        const r1 = b * oh + i1;
        if (hi > lo) view.set(x.subarray(first * rowElems, (b * h + hi) * rowElems), xAt / B);
        const xPtr = xAt - first * rowBytes;
        if (this.select) {
          view.set(src!.subarray(r0 * outRowElems, r1 * outRowElems), srcAt / B);
          const outPtr = outAt - first * rowBytes;
          const zn = this.tiled ? 0 : (hi - lo) * rowBytes;
          const zp = this.accImage ? base + this.accRel : outAt;
          this.fn(xPtr | 0, (srcAt - r0 * outRowElems * B) | 0, outPtr | 0, r0, r1, zp, zn);
          out.set(view.subarray(outAt / B, outAt / B + (hi - lo) * rowElems), first * rowElems);
        } else {
          this.fn(xPtr | 0, 0, (outAt - r0 * outRowElems * B) | 0, r0, r1, outAt, 0);
          out.set(view.subarray(outAt / B, outAt / B + (r1 - r0) * outRowElems), r0 * outRowElems);
        }
      }
    }
  }
}

/** The wasm reduceWindow kernel, when the wasm variant is active and the op is covered; else undefined. */
export function wasmReduceWindow(x: Shape, attrs: OpAttrs['reduceWindow']): KernelRun | undefined {
  if (activeKernelVariant() !== 'wasm') return undefined;
  if (attrs.reduction !== 'max' && attrs.reduction !== 'min' && attrs.reduction !== 'sum') return undefined;
  const cfg = poolConfigOf(x, attrs, [attrs.baseDilations, attrs.windowDilations], attrs.reduction);
  if (!cfg) return undefined;
  const pool = new WasmPool(cfg, x.dims[0]!);
  return (inputs) => [pool.run(inputs[0] as Floats, undefined)];
}

/** The wasm selectAndScatterMax/Min kernel, when the wasm variant is active and the op is covered. */
export function wasmSelectAndScatter(
  x: Shape,
  attrs: OpAttrs['selectAndScatterMax'],
  sign: 1 | -1,
): KernelRun | undefined {
  if (activeKernelVariant() !== 'wasm') return undefined;
  const cfg = poolConfigOf(x, attrs, [], sign > 0 ? 'selectMax' : 'selectMin');
  if (!cfg) return undefined;
  const pool = new WasmPool(cfg, x.dims[0]!);
  return (inputs) => [pool.run(inputs[0] as Floats, inputs[1] as Floats)];
}
