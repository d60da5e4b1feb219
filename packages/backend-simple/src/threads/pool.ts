// A fork-join pool of workers over one shared WebAssembly.Memory. The main thread publishes a job (task
// rows in the control block), wakes the workers, claims tasks itself too, and blocks in `Atomics.wait`
// until every task is done. Tasks are claimed dynamically, so a slow or not-yet-started worker only means
// the main thread does more of the work: nothing ever waits on a particular worker.
//
// A task is one call of a registered function with integer arguments: a WebAssembly export (module bytes
// are written once into the shared memory and compiled by each worker the first time it joins a job after
// the registration), or a generated JS loop `(arrays, start, end)` over typed arrays that view the shared
// memory (described per job in the array table).
import type { WasmArena } from '../wasm/arena.js';
import {
  ACTIVE,
  ARR_BASE,
  ARRAY_TYPES,
  CONTROL_INTS,
  COUNT,
  DONE,
  ERR,
  GEN,
  LIMIT,
  MAX_ARRAYS,
  MAX_REGS,
  MAX_TASKS,
  NARR,
  NEXT,
  ONLINE,
  REG_BASE,
  REG_LOOP,
  REG_MODULE,
  REGS,
  STOP,
  TASK_BASE,
  TASK_STRIDE,
} from './layout.js';
import { spawnWorker, type WorkerHandle } from './spawn.js';

/** A function callable as a task: with integer arguments (wasm) or `(arrays, start, end)` (loop). */
// biome-ignore lint/suspicious/noExplicitAny: task functions take either integers or (arrays, start, end)
type TaskFunction = (...args: any[]) => void;

/** A typed array that views the pool's shared memory. */
export type SharedView =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | BigInt64Array
  | BigUint64Array;

const MAIN_SPINS = 4000;

/** The fork-join pool (see the file comment). */
export class ThreadPool {
  /** The control block. */
  readonly ctrl: Int32Array;
  private readonly workers: WorkerHandle[] = [];
  private readonly mainFns: TaskFunction[] = [];
  private readonly kinds: number[] = [];
  private readonly registered = new Map<string, number>();
  private arrays: SharedView[] = [];
  private count = 0;
  private inFlight = false;
  private generation = 0;
  private disposed = false;
  /** Counters: jobs launched, their tasks, and how many of those the calling thread ran itself. */
  readonly stats = { jobs: 0, tasks: 0, mainTasks: 0 };

  /**
   * @param arena - the shared arena (its memory is what workers compute in).
   * @param workerCount - workers to start (the main thread is one more thread).
   */
  constructor(
    readonly arena: WasmArena,
    workerCount: number,
  ) {
    if (!arena.shared) throw new Error('thread pool: the arena must be shared');
    const sab = new SharedArrayBuffer(4 * CONTROL_INTS);
    this.ctrl = new Int32Array(sab);
    this.ctrl[LIMIT] = workerCount;
    for (let index = 0; index < workerCount; index++) {
      const worker = spawnWorker({ memory: arena.memory, ctrl: sab, index });
      if (!worker) break;
      this.workers.push(worker);
    }
  }

  /** Workers started. */
  get workerCount(): number {
    return this.workers.length;
  }

  /** Workers whose loop is running (they join jobs from now on). */
  get onlineCount(): number {
    return Atomics.load(this.ctrl, ONLINE);
  }

  /**
   * Registers the exports `names` of a module (its bytes must import the arena's memory as `env.memory`)
   * under `key`; returns the task id of each name, or undefined when the registration log is full.
   * `exports` are the main thread's own instance's exports.
   */
  registerModule(
    key: string,
    bytes: Uint8Array,
    names: readonly string[],
    exports: WebAssembly.Exports,
  ): number[] | undefined {
    const first = this.registered.get(key);
    if (first !== undefined) return names.map((_n, i) => first + i);
    const text = new TextEncoder().encode(names.join(','));
    if (!this.publish(REG_MODULE, bytes, text)) return undefined;
    const id = this.mainFns.length;
    for (const name of names) {
      this.mainFns.push(exports[name] as TaskFunction);
      this.kinds.push(0);
    }
    this.registered.set(key, id);
    return names.map((_n, i) => id + i);
  }

  /**
   * Registers a loop: `source` is a function body (no free variables but globals) that returns
   * `function (arrays, start, end)`; `fn` is the main thread's compilation of it. Returns its task id,
   * or undefined when the log is full.
   */
  registerLoop(
    source: string,
    fn: (arrays: SharedView[], start: number, end: number) => void,
  ): number | undefined {
    const known = this.registered.get(source);
    if (known !== undefined) return known;
    if (!this.publish(REG_LOOP, new TextEncoder().encode(source), new Uint8Array(0))) return undefined;
    const id = this.mainFns.length;
    this.mainFns.push(fn as TaskFunction);
    this.kinds.push(1);
    this.registered.set(source, id);
    return id;
  }

  private publish(kind: number, bytes: Uint8Array, text: Uint8Array): boolean {
    const n = this.ctrl[REGS]!;
    if (n >= MAX_REGS || this.inFlight) return false;
    // Registrations stay in the arena for the life of the process (workers that start late read them).
    const offset = this.arena.alloc(bytes.length + text.length);
    const u8 = new Uint8Array(this.arena.memory.buffer);
    u8.set(bytes, offset);
    u8.set(text, offset + bytes.length);
    const b = REG_BASE + 4 * n;
    this.ctrl[b] = kind;
    this.ctrl[b + 1] = offset;
    this.ctrl[b + 2] = bytes.length;
    this.ctrl[b + 3] = text.length;
    Atomics.store(this.ctrl, REGS, n + 1);
    return true;
  }

  /**
   * Starts writing a job: waits until no worker still reads the previous one. Then set tasks with
   * {@link ThreadPool.task}, arrays with {@link ThreadPool.setArrays}, and call {@link ThreadPool.launch}.
   */
  prepare(): void {
    if (this.inFlight) throw new Error('thread pool: a job is already in flight');
    const ctrl = this.ctrl;
    this.generation += 2;
    Atomics.store(ctrl, GEN, this.generation - 1); // odd: writing
    for (let spins = 0; ; spins++) {
      const active = Atomics.load(ctrl, ACTIVE);
      if (active === 0) break;
      if (spins > MAIN_SPINS) Atomics.wait(ctrl, ACTIVE, active, 10);
    }
    ctrl[NARR] = 0;
    this.arrays = [];
  }

  /** Writes task `i`: function `id` with up to 11 integer arguments (loops take `start, end`). */
  task(
    i: number,
    id: number,
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
    a10 = 0,
  ): void {
    const r = TASK_BASE + TASK_STRIDE * i;
    const c = this.ctrl;
    c[r] = id;
    c[r + 1] = a0;
    c[r + 2] = a1;
    c[r + 3] = a2;
    c[r + 4] = a3;
    c[r + 5] = a4;
    c[r + 6] = a5;
    c[r + 7] = a6;
    c[r + 8] = a7;
    c[r + 9] = a8;
    c[r + 10] = a9;
    c[r + 11] = a10;
  }

  /** Describes the arrays that loop tasks of this job receive (each must view the arena's memory). */
  setArrays(arrays: readonly SharedView[]): void {
    if (arrays.length > MAX_ARRAYS) throw new Error(`thread pool: at most ${MAX_ARRAYS} arrays per job`);
    arrays.forEach((array, k) => {
      const type = ARRAY_TYPES.findIndex((ctor) => array instanceof ctor);
      this.ctrl[ARR_BASE + 3 * k] = type;
      this.ctrl[ARR_BASE + 3 * k + 1] = array.byteOffset;
      this.ctrl[ARR_BASE + 3 * k + 2] = array.length;
    });
    this.ctrl[NARR] = arrays.length;
    this.arrays = [...arrays];
  }

  /** Publishes the job of `count` tasks (at most {@link MAX_TASKS}) and wakes the workers. */
  launch(count: number, workerLimit = this.workers.length): void {
    if (count > MAX_TASKS) throw new Error(`thread pool: at most ${MAX_TASKS} tasks per job`);
    const ctrl = this.ctrl;
    ctrl[COUNT] = count;
    ctrl[LIMIT] = workerLimit;
    ctrl[ERR] = 0;
    Atomics.store(ctrl, DONE, 0);
    Atomics.store(ctrl, NEXT, 0);
    Atomics.store(ctrl, GEN, this.generation);
    Atomics.notify(ctrl, GEN);
    this.count = count;
    this.stats.jobs++;
    this.stats.tasks += count;
    this.inFlight = true;
  }

  /** Claims tasks on the calling thread until none are left, then waits for the workers' tasks. */
  join(): void {
    if (!this.inFlight) return;
    const { ctrl, count, mainFns, kinds, arrays } = this;
    let failure: unknown;
    for (;;) {
      const i = Atomics.add(ctrl, NEXT, 1);
      if (i >= count) break;
      const r = TASK_BASE + TASK_STRIDE * i;
      const f = ctrl[r]!;
      this.stats.mainTasks++;
      try {
        if (kinds[f] === 1) mainFns[f]!(arrays, ctrl[r + 1], ctrl[r + 2]);
        else
          mainFns[f]!(
            ctrl[r + 1],
            ctrl[r + 2],
            ctrl[r + 3],
            ctrl[r + 4],
            ctrl[r + 5],
            ctrl[r + 6],
            ctrl[r + 7],
            ctrl[r + 8],
            ctrl[r + 9],
            ctrl[r + 10],
            ctrl[r + 11],
          );
      } catch (error) {
        failure ??= error;
      }
      Atomics.add(ctrl, DONE, 1);
    }
    for (let spins = 0; ; spins++) {
      const done = Atomics.load(ctrl, DONE);
      if (done >= count) break;
      if (spins > MAIN_SPINS) Atomics.wait(ctrl, DONE, done, 100);
    }
    this.inFlight = false;
    this.arrays = [];
    if (failure !== undefined) throw failure;
    if (Atomics.load(ctrl, ERR) !== 0) throw new Error('thread pool: a worker task failed');
  }

  /** Stops and terminates the workers. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.notify(this.ctrl, GEN);
    for (const worker of this.workers) worker.terminate();
    this.workers.length = 0;
  }
}
