// Starting pool workers on the platform at hand, with no static import of any Node module (the core
// stays importable in browsers):
// - Node ≥ 20.16 / 22.3: `process.getBuiltinModule('node:worker_threads')`, synchronously; workers are
//   eval workers running WORKER_SOURCE, unref'd so that a forgotten pool never keeps a process alive.
// - Older Node: the same module through a dynamic `import()`, so the pool comes up asynchronously
//   (`threadSupport()` says `async`; the backend runs single-threaded until it is ready).
// - Browsers: `new Worker(blobUrl)` when the page is cross-origin isolated (SharedArrayBuffer exists)
//   and the calling thread may block in `Atomics.wait` — i.e. inside a dedicated Worker, never on the
//   page's main thread, where the backend stays single-threaded.
import { WORKER_SOURCE } from './workerSource.js';

/** What the pool needs of a started worker. */
export interface WorkerHandle {
  /** Stops the worker. */
  terminate(): void;
}

/** Data a worker starts with. */
export interface WorkerInit {
  /** The shared memory of the arena. */
  readonly memory: WebAssembly.Memory;
  /** The control block. */
  readonly ctrl: SharedArrayBuffer;
  /** The worker's index (0-based). */
  readonly index: number;
}

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', listener: (error: Error) => void): void;
}
interface NodeWorkerThreads {
  Worker: new (source: string, options: { eval: true; workerData: WorkerInit }) => NodeWorker;
}
interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

let asyncModule: NodeWorkerThreads | undefined;
let asyncLoading: Promise<NodeWorkerThreads | undefined> | undefined;

function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return p?.versions?.node ? p : undefined;
}

function nodeWorkerThreads(): NodeWorkerThreads | undefined {
  const p = nodeProcess();
  if (!p) return undefined;
  if (typeof p.getBuiltinModule === 'function') {
    return p.getBuiltinModule('node:worker_threads') as NodeWorkerThreads | undefined;
  }
  return asyncModule;
}

/** Most threads the backend uses by default, however many cores the machine has. */
export const MAX_DEFAULT_THREADS = 16;

/**
 * Threads to use when none are asked for: the hardware threads this process may use (Node:
 * `os.availableParallelism()`; browsers: `navigator.hardwareConcurrency`), at most
 * {@link MAX_DEFAULT_THREADS}; 1 where threads cannot run (see {@link threadSupport}).
 */
export function defaultThreadCount(): number {
  if (threadSupport() === 'none') return 1;
  let n = 1;
  const os = nodeProcess()?.getBuiltinModule?.('node:os') as
    | { availableParallelism?: () => number; cpus?: () => unknown[] }
    | undefined;
  if (os) n = os.availableParallelism?.() ?? os.cpus?.().length ?? 1;
  else {
    const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
    n = nav?.hardwareConcurrency ?? 1;
  }
  return Math.max(1, Math.min(MAX_DEFAULT_THREADS, Math.floor(n)));
}

/** Whether the calling thread may block in `Atomics.wait` (false on a browser page's main thread). */
export function canBlock(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return false;
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * How workers can be started here: `sync` (now), `async` (after {@link loadWorkerSupport} resolves),
 * or `none` (no shared memory, a thread that may not block, or no Worker API).
 */
export function threadSupport(): 'sync' | 'async' | 'none' {
  if (!canBlock()) return 'none';
  if (nodeProcess()) return nodeWorkerThreads() ? 'sync' : 'async';
  const g = globalThis as { Worker?: unknown; Blob?: unknown; URL?: { createObjectURL?: unknown } };
  return typeof g.Worker === 'function' && typeof g.Blob === 'function' && g.URL?.createObjectURL
    ? 'sync'
    : 'none';
}

/** Loads `node:worker_threads` with a dynamic import where it cannot be had synchronously. */
export function loadWorkerSupport(): Promise<void> {
  if (threadSupport() !== 'async') return Promise.resolve();
  const specifier = 'node:worker_threads';
  asyncLoading ??= (import(/* @vite-ignore */ specifier) as Promise<NodeWorkerThreads>).then(
    (m) => {
      asyncModule = m;
      return m;
    },
    () => undefined,
  );
  return asyncLoading.then(() => undefined);
}

/** Starts one worker running WORKER_SOURCE with `init`; undefined when workers are unavailable. */
export function spawnWorker(init: WorkerInit): WorkerHandle | undefined {
  const threads = nodeWorkerThreads();
  if (threads) {
    const worker = new threads.Worker(WORKER_SOURCE, { eval: true, workerData: init });
    worker.unref();
    worker.on('error', () => {}); // a failing worker leaves its tasks to the main thread
    return { terminate: () => void worker.terminate() };
  }
  if (nodeProcess()) return undefined;
  const g = globalThis as unknown as {
    Worker: new (url: string) => { postMessage(data: unknown): void; terminate(): void };
    Blob: typeof Blob;
    URL: typeof URL;
  };
  const url = g.URL.createObjectURL(new g.Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new g.Worker(url);
  worker.postMessage(init);
  return {
    terminate: () => {
      worker.terminate();
      g.URL.revokeObjectURL(url);
    },
  };
}
