// Multi-threaded elementwise work: generated loops split into index ranges across the
// pool. Inputs and the output must be arrays of the shared arena (they are, for multi-threaded backends,
// above the storage pool's size floor), so workers read and write them in place: no copies. Each element
// is computed by the same code as on one thread, so results are bitwise equal.
import type { AnyStorageArray, DType } from '@tsmlx/dtypes';
import { codegenAvailable } from '../codegenSupport.js';
import type { SharedView, ThreadPool } from './pool.js';
import { activeThreads, type ThreadRuntime } from './runtime.js';
import { isArenaStorage } from './storage.js';

/** Smallest element count split across threads. */
export const PARALLEL_MIN_ELEMENTS = 1 << 16;
/** Tasks per thread of one elementwise job (a little slack for uneven progress). */
const TASKS_PER_THREAD = 2;

function taskCount(runtime: ThreadRuntime, n: number): number {
  return Math.max(1, Math.min(runtime.threads * TASKS_PER_THREAD, Math.ceil(n / 4096)));
}

function allShared(arrays: readonly AnyStorageArray[]): boolean {
  for (const a of arrays) if (!isArenaStorage(a)) return false;
  return true;
}

// Names of the elementwise codegen helpers (kernels/elementwise/codegen.ts): loops using them cannot be
// rebuilt in a worker, where those helpers do not exist.
const HELPER_NAMES =
  /\b(F16T|BF16T|f64ToF16|f64ToBf16|bigToOddF64|erf|roundHalfEven|cPow|powInt32|powBig|popcount32|popcount64|clz64|floatToInt64|floatToUint64)\b/;

/** A generated loop registered in a pool. */
interface LoopTask {
  readonly pool: ThreadPool;
  readonly id: number;
}

const LOOP_HEADER = 'for (let i = 0; i < n; i++)';

/**
 * Makes a fused elementwise loop (`body` of `function (inputs, out, n)` with the loop header
 * `for (let i = 0; i < n; i++)`) runnable over index ranges on the backend's threads. Returns a
 * function that runs it in parallel and reports true, or false when it cannot (the caller then runs
 * its loop itself); undefined when the backend being compiled is single-threaded, the loop cannot be
 * sent to workers (it uses codegen helpers), or code generation is not allowed here (a
 * Content-Security-Policy without 'unsafe-eval', see codegenSupport.ts: workers would need `new Function`
 * too; the caller's interpreted loop then runs on the calling thread).
 */
export function threadedLoop(
  body: string,
  outDType: DType,
  n: number,
): ((inputs: readonly AnyStorageArray[], out: AnyStorageArray) => boolean) | undefined {
  const runtime = activeThreads();
  if (!runtime || n < PARALLEL_MIN_ELEMENTS || HELPER_NAMES.test(body) || !body.includes(LOOP_HEADER))
    return undefined;
  if (!codegenAvailable()) return undefined;
  const pool = runtime.pool;
  if (!pool) return undefined;
  const ranged =
    'const inputs = arrays;\nconst out = arrays[arrays.length - 1];\nconst n = end;\n' +
    body.replace(LOOP_HEADER, 'for (let i = start; i < end; i++)');
  const source = `"use strict";\nreturn function rangeLoop(arrays, start, end) {\n${ranged}\n};`;
  let fn: (arrays: SharedView[], start: number, end: number) => void;
  try {
    fn = new Function(source)();
  } catch {
    return undefined;
  }
  const id = pool.registerLoop(source, fn);
  if (id === undefined) return undefined;
  const task: LoopTask = { pool, id };
  void outDType;
  const arrays: AnyStorageArray[] = [];
  return (inputs, out) => {
    const active = activeThreads();
    if (!active || active.pool !== task.pool || active.pool.onlineCount === 0) return false;
    for (let k = 0; k < inputs.length; k++) arrays[k] = inputs[k]!;
    arrays[inputs.length] = out;
    if (arrays.length > 16 || !allShared(arrays)) {
      arrays.length = 0;
      return false;
    }
    const tasks = taskCount(active, n);
    const step = Math.ceil(n / tasks / 16) * 16;
    const p = task.pool;
    p.prepare();
    p.setArrays(arrays as SharedView[]);
    let count = 0;
    for (let s = 0; s < n; s += step) p.task(count++, task.id, s, Math.min(n, s + step));
    p.launch(count, active.threads - 1);
    arrays.length = 0;
    p.join();
    return true;
  };
}
