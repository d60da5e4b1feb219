// The scheduling hook kernels call: describe `count` independent tasks, each a call of a task function
// with integer arguments; they run across the pool's threads when the active backend has workers, else
// one after the other on the calling thread (threads=1, no SharedArrayBuffer, a browser main thread).
import { MAX_TASKS } from './layout.js';
import type { ThreadPool } from './pool.js';
import { activeThreads, type ThreadRuntime } from './runtime.js';

/**
 * A function tasks can call on every thread: `call` is the calling thread's own function; `id` its
 * registration in the pool (undefined: it cannot run on workers, so jobs using it run sequentially).
 */
export interface TaskFunction {
  /** The calling thread's function (a wasm export taking integers). */
  readonly call: (...args: number[]) => void;
  /** Its id in the pool, if registered. */
  readonly id: number | undefined;
  /** The pool it is registered in. */
  readonly pool: ThreadPool | undefined;
}

/**
 * Makes the export `name` of a wasm module usable as a task function. `bytes` are the module's binary
 * (over the runtime arena's memory) and `exports` the calling thread's instance's exports; `key`
 * identifies the module. Without a pool (or when its registration log is full) tasks run on the
 * calling thread only.
 */
export function wasmTaskFunctions(
  runtime: ThreadRuntime | undefined,
  key: string,
  bytes: () => Uint8Array,
  exports: WebAssembly.Exports,
  names: readonly string[],
): TaskFunction[] {
  const pool = runtime?.pool;
  const ids = pool?.registerModule(key, bytes(), names, exports);
  return names.map((name, i) => ({
    call: exports[name] as (...args: number[]) => void,
    id: ids?.[i],
    pool: ids ? pool : undefined,
  }));
}

/** Receives the tasks of a job; see {@link runParallel}. */
export interface TaskWriter {
  /** Adds one task: `fn` called with up to 10 integer arguments. */
  add(fn: TaskFunction, ...args: number[]): void;
}

class PoolWriter implements TaskWriter {
  pool: ThreadPool | undefined;
  index = 0;
  add(
    fn: TaskFunction,
    a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0,
    a4 = 0,
    a5 = 0,
    a6 = 0,
    a7 = 0,
    a8 = 0,
    a9 = 0,
  ): void {
    this.pool!.task(this.index++, fn.id!, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9);
  }
}

class DirectWriter implements TaskWriter {
  add(
    fn: TaskFunction,
    a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0,
    a4 = 0,
    a5 = 0,
    a6 = 0,
    a7 = 0,
    a8 = 0,
    a9 = 0,
  ): void {
    fn.call(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9);
  }
}

const poolWriter = new PoolWriter();
const directWriter = new DirectWriter();
let launched: ThreadPool | undefined;

/** The pool a job of `fns` can run on, if any (every function registered there, workers online). */
export function poolFor(fns: readonly TaskFunction[], runtime = activeThreads()): ThreadPool | undefined {
  const pool = runtime?.pool;
  if (!pool || pool.onlineCount === 0 || runtime!.threads < 2) return undefined;
  return fns.every((f) => f.pool === pool && f.id !== undefined) ? pool : undefined;
}

/**
 * Starts a job of `count` tasks, each added by `describe(writer, i)` (exactly one `writer.add` per
 * index), using only functions of `fns`. With a pool the job is launched and runs while the caller goes
 * on (call {@link joinParallel} before reading results or starting another job); without one, the tasks
 * run now, in order, on the calling thread.
 */
export function startParallel(
  count: number,
  fns: readonly TaskFunction[],
  describe: (writer: TaskWriter, i: number) => void,
  runtime = activeThreads(),
): void {
  if (launched) throw new Error('startParallel: a job is already in flight (call joinParallel)');
  const pool = count > 1 && count <= MAX_TASKS ? poolFor(fns, runtime) : undefined;
  if (!pool) {
    for (let i = 0; i < count; i++) describe(directWriter, i);
    return;
  }
  pool.prepare();
  poolWriter.pool = pool;
  poolWriter.index = 0;
  for (let i = 0; i < count; i++) describe(poolWriter, i);
  poolWriter.pool = undefined;
  pool.launch(count, runtime!.threads - 1);
  launched = pool;
}

/** Waits for the job of {@link startParallel} (the calling thread claims tasks too). */
export function joinParallel(): void {
  const pool = launched;
  launched = undefined;
  pool?.join();
}

/** {@link startParallel} then {@link joinParallel}: a synchronous fork-join. */
export function runParallel(
  count: number,
  fns: readonly TaskFunction[],
  describe: (writer: TaskWriter, i: number) => void,
  runtime = activeThreads(),
): void {
  startParallel(count, fns, describe, runtime);
  joinParallel();
}
