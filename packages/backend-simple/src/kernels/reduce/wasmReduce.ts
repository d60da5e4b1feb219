// WebAssembly SIMD kernels of float32/float64 sums, products, maxima and minima over the layouts training
// produces: leading axes reduced to the trailing ones (`[o, r, k] → [o, k]`, bias gradients: column
// reductions) and trailing axes reduced (`[k, r] → [k]`, row maxima/sums; all axes: `k = 1`).
//
// Orders are fixed by the shape alone, never by the thread count:
// - column reductions fold each column's rows in order (float64 accumulators for sums and products), so
//   results equal the TypeScript kernel's bit for bit; threads split the columns;
// - row reductions fold each row in SIMD lanes (see wasm/reduceModule.ts) over blocks of `KR_BLOCK`
//   elements whose partials are combined in order here; threads split the blocks or groups of rows. Sums
//   and products accumulate in float64, so float32 results are within one float32 rounding of the
//   TypeScript kernel's; maxima and minima are exact (each block's partial is its sequential fold's, and
//   the in-order fold of the partials keeps the first of equal values as the sequential fold does).
// Operands outside the wasm arena (single-threaded backends) are streamed through the operand scratch in
// chunks that stay in cache; arena operands are read in place.
import { acquireStorage } from '../../storagePool.js';
import {
  runParallel,
  type TaskFunction,
  type TaskWriter,
  wasmTaskFunctions,
} from '../../threads/parallel.js';
import { activeThreads } from '../../threads/runtime.js';
import { arenaOf } from '../../threads/storage.js';
import { sharedArena, type WasmArena } from '../../wasm/arena.js';
import { instantiate, memoryLimits } from '../../wasm/instantiate.js';
import { align64, operandScratch } from '../../wasm/operandScratch.js';
import {
  accumulatorBytes,
  buildReduceModule,
  type ReduceCombination,
  type ReduceModuleSpec,
  reduceIdentity,
  reduceModuleKey,
} from '../../wasm/reduceModule.js';
import type { KernelRun } from '../registry.js';
import type { ReductionLayout } from './layout.js';

/** Elements per row-reduction block (partials of longer rows are combined in order). */
export const KR_BLOCK = 16384;
/** Elements per chunk copied into the arena for a column reduction. */
const RK_CHUNK = 16384;
/**
 * Smallest operand split across threads: below it the fork-join costs more than the second thread saves
 * (measured on 2 cores: break-even near 2¹⁸ float32 elements, 1 MiB).
 */
export const REDUCE_PARALLEL_MIN_ELEMENTS = 1 << 18;
/** Bytes of rows a column reduction keeps in L1 across its column chunks. */
const RK_BLOCK_BYTES = 16384;

/** The shape of a supported reduction: column (`rk`) or row (`kr`). */
export type WasmReducePlan =
  | { readonly kind: 'rk'; readonly outer: number; readonly r: number; readonly k: number }
  | { readonly kind: 'kr'; readonly k: number; readonly r: number };

/** The plan of a canonical layout, or undefined when it is not one the wasm kernels handle. */
export function wasmReducePlan(layout: ReductionLayout): WasmReducePlan | undefined {
  const { dims, reduced } = layout;
  if (layout.inputSize === 0) return undefined;
  const key = reduced.map((x) => (x ? 'r' : 'k')).join('');
  switch (key) {
    case 'r':
      return { kind: 'kr', k: 1, r: dims[0]! };
    case 'kr':
      return { kind: 'kr', k: dims[0]!, r: dims[1]! };
    case 'rk':
      return { kind: 'rk', outer: 1, r: dims[0]!, k: dims[1]! };
    case 'krk':
      return { kind: 'rk', outer: dims[0]!, r: dims[1]!, k: dims[2]! };
    default:
      return undefined;
  }
}

type Floats = Float32Array | Float64Array;

/** Typed views of an arena's memory, re-created when it grows. */
class ArenaViews {
  private buffer: ArrayBufferLike | undefined;
  f32 = new Float32Array(0);
  f64 = new Float64Array(0);

  refresh(arena: WasmArena): this {
    const buffer = arena.memory.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.f32 = new Float32Array(buffer);
      this.f64 = new Float64Array(buffer);
    }
    return this;
  }
}

/** A compiled reduction of one shape: see the file comment. */
export class WasmReduce {
  private readonly arena: WasmArena;
  private readonly rkTask: TaskFunction;
  private readonly krTask: TaskFunction;
  private readonly fns: readonly TaskFunction[];
  private readonly views = new ArenaViews();
  private readonly eb: number;
  private readonly ab: number;
  private readonly identity: number;
  private readonly outSize: number;
  private readonly inputSize: number;
  // Per-run job state read by the task writers (no closures per run).
  private x = 0;
  private acc = 0;
  private colsPerTask = 0;
  private columnTasks = 0;
  private rb = 1;

  /**
   * @param plan - the reduction's shape. @param dtype - element type. @param combination - the fold.
   */
  constructor(
    readonly plan: WasmReducePlan,
    readonly dtype: 'float32' | 'float64',
    readonly combination: ReduceCombination,
  ) {
    const spec: ReduceModuleSpec = { lane: dtype === 'float32' ? 'f32' : 'f64', combination };
    this.arena = sharedArena();
    const arena = this.arena;
    const key = reduceModuleKey(spec);
    const build = () => buildReduceModule(spec, memoryLimits(arena));
    const instance = instantiate(arena, key, build);
    const runtime = activeThreads();
    const pooled = runtime && runtime.arena === arena && arena.shared ? runtime : undefined;
    const suffix = `|${arena.maximumPages}|${arena.shared ? 'shared' : 'private'}`;
    [this.rkTask, this.krTask] = wasmTaskFunctions(pooled, key + suffix, build, instance.exports, [
      'rk',
      'kr',
    ]) as [TaskFunction, TaskFunction];
    this.fns = [this.rkTask, this.krTask];
    this.eb = dtype === 'float32' ? 4 : 8;
    this.ab = accumulatorBytes(spec);
    this.identity = reduceIdentity(combination);
    this.outSize = plan.kind === 'rk' ? plan.outer * plan.k : plan.k;
    this.inputSize = plan.kind === 'rk' ? plan.outer * plan.r * plan.k : plan.k * plan.r;
  }

  /** The kernel: a fresh output per run. */
  kernel(): KernelRun {
    return (inputs) => {
      const x = inputs[0] as Floats;
      const out = acquireStorage(this.dtype, this.outSize) as Floats;
      if (this.plan.kind === 'rk') this.runColumns(this.plan, x, out);
      else this.runRows(this.plan, x, out);
      return [out];
    };
  }

  /** Threads to split over: the backend's when it has a pool and `x` is read in place, else 1. */
  private threadsFor(x: Floats): number {
    const runtime = activeThreads();
    if (!runtime || runtime.arena !== this.arena || this.inputSize < REDUCE_PARALLEL_MIN_ELEMENTS) return 1;
    return arenaOf(x) === this.arena ? runtime.threads : 1;
  }

  /** Runs `count` tasks: across the pool when `threads` > 1, else in order on this thread. */
  private forEachTask(count: number, threads: number, describe: (w: TaskWriter, i: number) => void): void {
    if (threads > 1) runParallel(count, this.fns, describe);
    else for (let i = 0; i < count; i++) describe(DIRECT, i);
  }

  private accView(): Floats {
    const v = this.views.refresh(this.arena);
    return this.ab === 8 ? v.f64 : v.f32;
  }

  private elementView(): Floats {
    const v = this.views.refresh(this.arena);
    return this.eb === 8 ? v.f64 : v.f32;
  }

  private readonly describeColumns = (w: TaskWriter, t: number): void => {
    const plan = this.plan as Extract<WasmReducePlan, { kind: 'rk' }>;
    const o = Math.floor(t / this.columnTasks);
    const c0 = (t - o * this.columnTasks) * this.colsPerTask;
    const cols = Math.min(this.colsPerTask, plan.k - c0);
    const x = this.x + this.eb * (o * plan.r * plan.k + c0);
    w.add(this.rkTask, x, this.acc + this.ab * (o * plan.k + c0), plan.r, cols, this.eb * plan.k, this.rb);
  };

  private runColumns(plan: Extract<WasmReducePlan, { kind: 'rk' }>, x: Floats, out: Floats): void {
    const { outer, r, k } = plan;
    const { eb, ab } = this;
    const inPlace = arenaOf(x) === this.arena;
    const chunkRows = Math.max(1, Math.floor(RK_CHUNK / k));
    const accBytes = align64(ab * outer * k);
    const base = operandScratch(this.arena).reserve(accBytes + (inPlace ? 0 : eb * chunkRows * k));
    const acc = this.accView();
    acc.fill(this.identity, base / ab, base / ab + outer * k);
    this.rb = Math.max(8, Math.floor(RK_BLOCK_BYTES / (eb * k)));
    this.acc = base;
    if (inPlace) {
      const threads = this.threadsFor(x);
      this.colsPerTask = threads > 1 ? Math.max(16, Math.ceil(k / threads / 4) * 4) : k;
      this.columnTasks = Math.ceil(k / this.colsPerTask);
      this.x = x.byteOffset;
      this.forEachTask(outer * this.columnTasks, threads, this.describeColumns);
    } else {
      const chunk = base + accBytes;
      const rk = this.rkTask.call;
      for (let o = 0; o < outer; o++) {
        for (let j = 0; j < r; j += chunkRows) {
          const n = Math.min(chunkRows, r - j);
          const start = (o * r + j) * k;
          this.elementView().set(x.subarray(start, start + n * k), chunk / eb);
          rk(chunk, base + ab * o * k, n, k, eb * k, this.rb);
        }
      }
    }
    out.set(this.accView().subarray(base / ab, base / ab + outer * k));
  }

  /** Row-reduction units: groups of whole rows (short rows) or one block of one row (long rows). */
  private rowUnits(plan: Extract<WasmReducePlan, { kind: 'kr' }>): {
    blocks: number;
    rowsPerUnit: number;
    units: number;
  } {
    const { k, r } = plan;
    if (r <= KR_BLOCK) {
      const rowsPerUnit = Math.max(1, Math.floor(KR_BLOCK / r));
      return { blocks: 1, rowsPerUnit, units: Math.ceil(k / rowsPerUnit) };
    }
    const blocks = Math.ceil(r / KR_BLOCK);
    return { blocks, rowsPerUnit: 1, units: k * blocks };
  }

  private unitBlocks = 1;
  private unitRows = 1;

  /** Unit `u`: [element offset, rows, length, first partial]. */
  private unit(u: number, into: number[]): void {
    const plan = this.plan as Extract<WasmReducePlan, { kind: 'kr' }>;
    if (this.unitBlocks === 1) {
      const row = u * this.unitRows;
      into[0] = row * plan.r;
      into[1] = Math.min(this.unitRows, plan.k - row);
      into[2] = plan.r;
      into[3] = row;
    } else {
      const row = Math.floor(u / this.unitBlocks);
      const b = u - row * this.unitBlocks;
      into[0] = row * plan.r + b * KR_BLOCK;
      into[1] = 1;
      into[2] = Math.min(KR_BLOCK, plan.r - b * KR_BLOCK);
      into[3] = u;
    }
  }

  private readonly scratchUnit = [0, 0, 0, 0];

  private readonly describeRows = (w: TaskWriter, u: number): void => {
    const s = this.scratchUnit;
    this.unit(u, s);
    w.add(this.krTask, this.x + this.eb * s[0]!, this.acc + this.ab * s[3]!, s[1]!, s[2]!);
  };

  private runRows(plan: Extract<WasmReducePlan, { kind: 'kr' }>, x: Floats, out: Floats): void {
    const { k, r } = plan;
    const { eb, ab } = this;
    const { blocks, rowsPerUnit, units } = this.rowUnits(plan);
    this.unitBlocks = blocks;
    this.unitRows = rowsPerUnit;
    const inPlace = arenaOf(x) === this.arena;
    const partials = k * blocks;
    const partialBytes = align64(ab * partials);
    const spanElements = blocks === 1 ? rowsPerUnit * r : KR_BLOCK;
    const base = operandScratch(this.arena).reserve(partialBytes + (inPlace ? 0 : eb * spanElements));
    this.acc = base;
    if (inPlace) {
      this.x = x.byteOffset;
      this.forEachTask(units, this.threadsFor(x), this.describeRows);
    } else {
      const chunk = base + partialBytes;
      const s = this.scratchUnit;
      const kr = this.krTask.call;
      for (let u = 0; u < units; u++) {
        this.unit(u, s);
        const len = s[1]! * s[2]!;
        this.elementView().set(x.subarray(s[0]!, s[0]! + len), chunk / eb);
        kr(chunk, base + ab * s[3]!, s[1]!, s[2]!);
      }
    }
    const p = this.accView();
    const p0 = base / ab;
    if (blocks === 1) out.set(p.subarray(p0, p0 + k));
    else {
      for (let a = 0; a < k; a++) out[a] = foldPartials(this.combination, p, p0 + a * blocks, blocks);
    }
  }
}

/** Calls task functions directly on this thread. */
class DirectWriter implements TaskWriter {
  add(fn: TaskFunction, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0): void {
    fn.call(a0, a1, a2, a3, a4, a5);
  }
}

const DIRECT = new DirectWriter();

/** The in-order fold of `n` partials at `p[at…]` (as the sequential TypeScript fold combines them). */
function foldPartials(combination: ReduceCombination, p: Floats, at: number, n: number): number {
  let s = p[at]!;
  for (let i = at + 1; i < at + n; i++) {
    const v = p[i]!;
    switch (combination) {
      case 'sum':
        s += v;
        break;
      case 'product':
        s *= v;
        break;
      case 'max':
        if (v > s || Number.isNaN(v)) s = v;
        break;
      case 'min':
        if (v < s || Number.isNaN(v)) s = v;
        break;
    }
  }
  return s;
}

/** The combinations the wasm kernels fold. */
const WASM_COMBINATIONS: Readonly<Record<string, ReduceCombination>> = {
  sum: 'sum',
  product: 'product',
  max: 'max',
  min: 'min',
};

/**
 * The wasm kernel of a reduction of `dtype` with `combination` over `layout`, when the dtype is
 * float32/float64, the combination one of sum/product/max/min and the layout a column or row reduction;
 * else undefined. The caller checks the kernel variant.
 */
export function wasmReduceKernel(
  layout: ReductionLayout,
  dtype: string,
  combination: string,
): KernelRun | undefined {
  if (dtype !== 'float32' && dtype !== 'float64') return undefined;
  const fold = WASM_COMBINATIONS[combination];
  const plan = wasmReducePlan(layout);
  if (!fold || !plan) return undefined;
  return new WasmReduce(plan, dtype, fold).kernel();
}
