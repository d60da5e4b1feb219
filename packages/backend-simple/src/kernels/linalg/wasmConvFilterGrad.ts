// The split WebAssembly paths of float32 convGeneral (groups = 1) for products with few outputs and a long
// contraction — kernel (filter) gradients, whose "kernel" is the forward output cotangent, e.g. a
// [3,3,32,64] result summed over batch × height × width — and for products with a very short contraction
// (first layers: one or three input channels, depth 9 or 27). Seen as a product
//   out[(b, s), o] = Σ_{r = (c, k)} x[b, c, pos(s, k)] · g[c, k, o],
// the contraction r runs over the "kernel" rows (contiguous when o is its minor axis and (c, k…) flatten
// to one stride). Long contractions are cut into blocks fixed by the shape (never by the thread count);
// each block's partial product is a task of the worker pool, and the partials are summed in block order,
// so results do not depend on the number of threads. Short ones split the output rows across tasks
// (each output element is one task's sequential sum). Patches are gathered by a compile-time table of
// input offsets (wasm/convFilterGradModule.ts), 4 channels at a time when channels are contiguous.
import type { OpAttrs } from '@tsmlx/backends';
import type { Shape } from '@tsmlx/shapes';
import { acquireStorage } from '../../storagePool.js';
import {
  poolFor,
  runParallel,
  type TaskFunction,
  type TaskWriter,
  wasmTaskFunctions,
} from '../../threads/parallel.js';
import { activeThreads } from '../../threads/runtime.js';
import { arenaOf } from '../../threads/storage.js';
import { sharedArena, type WasmArena } from '../../wasm/arena.js';
import {
  buildConvFilterGradModule,
  type ConvFilterGradConfig,
  type ConvFilterGradSum,
  type ConvFilterGradTask,
  filterGradScratchBytes,
  filterGradTiles,
} from '../../wasm/convFilterGradModule.js';
import { instantiate, memoryLimits } from '../../wasm/instantiate.js';
import { align64, operandScratch } from '../../wasm/operandScratch.js';
import { activeRelaxedSimd } from '../../wasm/variant.js';
import type { KernelRun } from '../registry.js';
import { KC, planFor } from './wasmConvFilterGradPlan.js';

/** Most tasks (contraction ranges) of one split-depth call. */
const MAX_TASKS = 16;
/** Output panels (of 4 rows) per split-rows task, at least. */
const PANELS_PER_TASK = 128;
/** Most split-rows tasks (each has its own packing scratch). */
const MAX_ROW_TASKS = 64;

/** Arena copies of a kernel's table and descriptors, freed when the kernel is collected. */
const finalizer = new FinalizationRegistry<{ arena: WasmArena; offset: number }>((b) =>
  b.arena.free(b.offset),
);

/**
 * Builds the split float32 convGeneral kernel, or returns undefined when the convolution is not of its
 * kind (not float32, grouped, neither few outputs with a long contraction nor a short contraction with
 * many outputs, or a "kernel" layout that does not read as [contraction, channels]).
 */
export function wasmConvFilterGradKernel(
  inputShape: Shape,
  kernelShape: Shape,
  outShape: Shape,
  attrs: OpAttrs['convGeneral'],
): KernelRun | undefined {
  if (outShape.dtype !== 'float32' || inputShape.dtype !== 'float32' || kernelShape.dtype !== 'float32')
    return undefined;
  if (outShape.size === 0) return undefined;
  const plan = planFor(inputShape, kernelShape, outShape, attrs);
  if (!plan) return undefined;
  const { rows, cols, depth } = plan;
  const arena = sharedArena();
  const config: ConvFilterGradConfig = {
    n: cols,
    tableRow: plan.tableRow,
    gRow: plan.gRow,
    kc: plan.split === 'depth' ? KC : Math.ceil(depth / 4) * 4,
    relaxed: activeRelaxedSimd(),
  };
  const key = `convfg:${cols}:${plan.tableRow}:${plan.gRow}:${config.kc}${config.relaxed ? 'r' : ''}`;
  const build = () => buildConvFilterGradModule(config, memoryLimits(arena));
  const exports = instantiate(arena, key, build).exports;
  const sum = exports.sum as ConvFilterGradSum;
  const taskFirst = exports.task as ConvFilterGradTask;
  const taskAdd = exports.taskAdd as ConvFilterGradTask;
  const runtime = activeThreads();
  const pooled = runtime && runtime.arena === arena && arena.shared ? runtime : undefined;
  const suffix = `|${arena.maximumPages}|${arena.shared ? 'shared' : 'private'}`;
  const task = wasmTaskFunctions(pooled, key + suffix, build, exports, ['task'])[0]!;
  const fns: readonly TaskFunction[] = [task];
  const panels = Math.ceil(rows / 4);
  const ldc = 8 * filterGradTiles(cols); // floats per row of a partial result
  const partialFloats = panels * 4 * ldc;
  const byDepth = plan.split === 'depth';
  const blocks = Math.ceil(depth / KC);
  const tasks = Math.min(
    byDepth ? MAX_TASKS : MAX_ROW_TASKS,
    byDepth ? blocks : Math.ceil(panels / PANELS_PER_TASK),
  );
  const partials = byDepth ? tasks : 1;
  const scratchBytes = align64(filterGradScratchBytes(config));
  // Rows that land in the output as they are computed (when it lies in the arena).
  let contiguous = !byDepth && plan.outChannelStride === 1 && ldc === cols && rows % 4 === 0;
  for (let m = 0; contiguous && m < rows; m++) contiguous = plan.outBase[m] === m * cols;
  // Persistent arena block: [table][descriptors][16 zero bytes].
  const tableBytes = align64(4 * plan.table.length);
  const descBytes = align64(4 * plan.desc.length);
  let persistent = -1;
  // Per call: where x, g, the partial results and the task scratch lie.
  const job = { src: 0, g: 0, partials: 0, scratch: 0 };
  const describe = (w: TaskWriter, t: number) => {
    let r0 = 0;
    let rEnd = depth;
    let p0 = 0;
    let count = panels;
    if (byDepth) {
      r0 = Math.floor((t * blocks) / tasks) * KC;
      rEnd = Math.min(depth, Math.floor(((t + 1) * blocks) / tasks) * KC);
    } else {
      p0 = Math.floor((t * panels) / tasks);
      count = Math.floor(((t + 1) * panels) / tasks) - p0;
    }
    w.add(
      task,
      job.src,
      persistent,
      persistent + tableBytes + descBytes,
      job.g,
      persistent + tableBytes + 36 * p0,
      count,
      r0,
      rEnd,
      job.partials + (byDepth ? 4 * t * partialFloats : 16 * p0 * ldc),
      job.scratch + t * scratchBytes,
    );
  };
  /** The tasks one after the other, each contraction block's rows of g copied in just before use. */
  const streamTasks = (g: Float32Array) => {
    const stage = job.g;
    const f32 = arena.f32;
    const row = plan.gRow;
    for (let t = 0; t < tasks; t++) {
      const b0 = Math.floor((t * blocks) / tasks);
      const b1 = Math.floor(((t + 1) * blocks) / tasks);
      for (let b = b0; b < b1; b++) {
        const r0 = b * KC;
        const r1 = Math.min(depth, r0 + KC);
        f32.set(g.subarray(r0 * row, Math.min(g.length, r1 * row)), stage / 4);
        // g's row r0 now lies at `stage` (addresses wrap modulo 2³² like the module's).
        const fn = b === b0 ? taskFirst : taskAdd;
        fn(
          job.src,
          persistent,
          persistent + tableBytes + descBytes,
          (stage - 4 * r0 * row) | 0,
          persistent + tableBytes,
          panels,
          r0,
          r1,
          job.partials + 4 * t * partialFloats,
          job.scratch,
        );
      }
    }
  };
  const run: KernelRun = (inputs) => {
    const out = acquireStorage('float32', outShape.size) as Float32Array;
    if (persistent < 0) {
      persistent = arena.alloc(tableBytes + descBytes + 64);
      const i32 = new Int32Array(arena.memory.buffer);
      i32.set(plan.table, persistent / 4);
      i32.set(plan.desc, (persistent + tableBytes) / 4);
      i32.fill(0, (persistent + tableBytes + descBytes) / 4, (persistent + tableBytes + descBytes) / 4 + 16);
      finalizer.register(run, { arena, offset: persistent });
    }
    const x = inputs[0] as Float32Array;
    const g = inputs[1] as Float32Array;
    const runtime = activeThreads();
    const xIn = arenaOf(x) === arena;
    const gIn = arenaOf(g) === arena;
    // Without the pool, a g outside the arena is streamed in block by block (it stays in cache).
    const stream = byDepth && !gIn && !poolFor(fns, runtime);
    const direct = contiguous && arenaOf(out) === arena;
    const xBytes = xIn ? 0 : align64(4 * x.length);
    const gBytes = gIn ? 0 : align64(4 * (stream ? KC * plan.gRow + 16 : g.length));
    const partialBytes = direct ? 0 : align64(4 * partials * partialFloats);
    const sumBytes = byDepth ? align64(4 * partialFloats) : 0;
    const base = operandScratch(arena).reserve(
      xBytes + gBytes + partialBytes + sumBytes + tasks * scratchBytes,
    );
    const f32 = arena.f32;
    if (!xIn) f32.set(x, base / 4);
    if (!gIn && !stream) f32.set(g, (base + xBytes) / 4);
    job.src = xIn ? x.byteOffset : base;
    job.g = gIn ? g.byteOffset : base + xBytes;
    job.partials = direct ? out.byteOffset : base + xBytes + gBytes;
    const sumAt = base + xBytes + gBytes + partialBytes;
    job.scratch = sumAt + sumBytes;
    if (stream) streamTasks(g);
    else runParallel(tasks, fns, describe, runtime);
    if (direct) return [out];
    let result = job.partials;
    if (byDepth) {
      sum(sumAt, job.partials, tasks, 4 * partialFloats, partialFloats / 4);
      result = sumAt;
    }
    const c = arena.f32;
    const ocs = plan.outChannelStride;
    const s0 = result / 4;
    if (contiguous) {
      out.set(c.subarray(s0, s0 + rows * cols));
      return [out];
    }
    for (let m = 0; m < rows; m++) {
      const s = s0 + m * ldc;
      let d = plan.outBase[m]!;
      if (ocs === 1) out.set(c.subarray(s, s + cols), d);
      else for (let j = 0; j < cols; j++, d += ocs) out[d] = c[s + j]!;
    }
    return [out];
  };
  return run;
}
