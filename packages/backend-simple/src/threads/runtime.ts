// The multi-threading runtime of backend-simple: one shared arena for the process (a shared
// WebAssembly.Memory that buffers, intermediates and kernel scratch live in) and one worker pool, sized
// for the largest `threads` any live backend asked for and shut down when the last such backend is
// disposed. Kernel factories and storage allocation find the runtime of the backend at hand through
// {@link activeThreads}, set by the backend around compile and execute (as `withKernelVariant` is).
import { WasmArena, withArena } from '../wasm/arena.js';
import { hasWasmSimd } from '../wasm/features.js';
import { ThreadPool } from './pool.js';
import { loadWorkerSupport, threadSupport } from './spawn.js';

/** What a multi-threaded backend computes with. */
export interface ThreadRuntime {
  /** Threads a job may use (the main thread included). */
  readonly threads: number;
  /** The shared arena. */
  readonly arena: WasmArena;
  /** The pool (undefined until workers could be started, e.g. while `node:worker_threads` loads). */
  readonly pool: ThreadPool | undefined;
}

/** Pages of the shared arena's maximum (4 GiB), or 1 GiB where that much cannot be reserved. */
const MAX_PAGES = [65536, 16384];

let arena: WasmArena | undefined;
let pool: ThreadPool | undefined;
let users = 0;
let largest = 1;
let active: ThreadRuntime | undefined;

function sharedArenaOnce(): WasmArena | undefined {
  if (arena) return arena;
  for (const maximumPages of MAX_PAGES) {
    try {
      arena = new WasmArena({ shared: true, maximumPages, initialPages: 256 });
      return arena;
    } catch {
      // try a smaller reservation
    }
  }
  return undefined;
}

class Runtime implements ThreadRuntime {
  constructor(
    readonly threads: number,
    readonly arena: WasmArena,
  ) {}
  get pool(): ThreadPool | undefined {
    if (!pool && users > 0 && threadSupport() === 'sync') pool = new ThreadPool(this.arena, largest - 1);
    return pool;
  }
}

/**
 * A runtime for `threads` threads, or undefined when `threads` ≤ 1 or threads cannot run here (no
 * SharedArrayBuffer, a browser page's main thread, no WebAssembly SIMD). Pair with
 * {@link releaseThreads}.
 */
export function acquireThreads(threads: number): ThreadRuntime | undefined {
  if (threads <= 1 || threadSupport() === 'none' || !hasWasmSimd()) return undefined;
  const memory = sharedArenaOnce();
  if (!memory) return undefined;
  users++;
  if (threads > largest) {
    largest = threads;
    pool?.dispose(); // restarted with more workers on next use
    pool = undefined;
  }
  if (threadSupport() === 'async') void loadWorkerSupport();
  return new Runtime(threads, memory);
}

/** Waits until workers can be started (only waits on Node versions without a synchronous loader). */
export function threadsReady(): Promise<void> {
  return loadWorkerSupport();
}

/** Releases a runtime from {@link acquireThreads}; the last release terminates the workers. */
export function releaseThreads(runtime: ThreadRuntime | undefined): void {
  if (!runtime || users === 0) return;
  users--;
  if (users === 0) {
    pool?.dispose();
    pool = undefined;
    largest = 1;
  }
}

/** The runtime of the backend compiling or running now, if it is multi-threaded. */
export function activeThreads(): ThreadRuntime | undefined {
  return active;
}

/** Runs `f` with {@link activeThreads} (and the wasm kernels' arena) set to `runtime`. */
export function withThreads<T>(runtime: ThreadRuntime | undefined, f: () => T): T {
  const saved = active;
  active = runtime;
  try {
    return withArena(runtime?.arena, f);
  } finally {
    active = saved;
  }
}
