// The dedicated Worker of the isolated page (bundled to worker.js): backend-simple with threads=2 starts
// its pool Worker from a Blob URL, computes matmuls and an elementwise chain that must match float64
// references and be bitwise equal to threads=1, with the pool's counters proving that the pool worker
// ran tasks; then times matmul 512 with threads 1 and 2, relaxed SIMD off and on.
import { SimpleBackend } from '@tsmlx/backend-simple';
// Internals (same module instances as the package's, bundled from source): the pool's counters.
import { acquireThreads, releaseThreads } from '../../packages/backend-simple/src/threads/runtime.js';
import { canBlock, threadSupport } from '../../packages/backend-simple/src/threads/spawn.js';
import { hasRelaxedSimd, hasWasmSimd } from '../../packages/backend-simple/src/wasm/features.js';
import {
  type CheckResult,
  checkChain,
  checkMatmul,
  compileF32,
  compileMatmul,
  errorText,
  type PageReport,
  randomF32,
  type TimingRow,
  timeMatmul,
} from './checks.js';

const scope = globalThis as unknown as { postMessage(data: unknown): void };
const where = 'isolated page, worker';

function log(text: string): void {
  scope.postMessage({ log: text });
}

function differingBytes(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return -1;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) n++;
  return n;
}

function chainOn(backend: SimpleBackend, n: number): Float32Array {
  const data = [randomF32(n, 31), randomF32(n, 32)];
  const exe = compileF32(backend, [[n], [n]], data, (b, [x, y]) =>
    b.sub(b.max(b.mul(x!, y!), b.abs(y!)), b.div(x!, b.add(b.abs(y!), b.abs(x!)))),
  );
  const out = exe.runToHost();
  exe.dispose();
  return out;
}

function matmulOn(backend: SimpleBackend, n: number): Float32Array {
  const exe = compileMatmul(backend, n);
  exe.run();
  const out = exe.runToHost();
  exe.dispose();
  return out;
}

async function run(): Promise<PageReport> {
  const checks: CheckResult[] = [];
  const rows: TimingRow[] = [];
  const info: Record<string, string | number | boolean> = {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    canBlock: canBlock(),
    threadSupport: threadSupport(),
    wasmSimd: hasWasmSimd(),
    relaxedSimd: hasRelaxedSimd(),
  };
  const two = new SimpleBackend({ threads: 2 });
  await two.ready();
  checks.push({ name: `${where}: threads=2`, ok: two.threads === 2, detail: `threads=${two.threads}` });
  const runtime = acquireThreads(2);
  try {
    log(`${where}: matmul 256 (starts the pool)`);
    checks.push(checkMatmul(two, 256, `${where}, threads=2`));
    const pool = runtime?.pool;
    for (let i = 0; i < 400 && pool && (pool.workerCount === 0 || pool.onlineCount < pool.workerCount); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    checks.push({
      name: `${where}: pool worker started from a Blob URL and online`,
      ok: pool !== undefined && pool.workerCount === 1 && pool.onlineCount === 1,
      detail: pool ? `workers=${pool.workerCount}, online=${pool.onlineCount}` : 'no pool',
    });
    if (!pool) throw new Error('no thread pool');

    log(`${where}: matmul 512 + chains, threads=2`);
    const workerTasks = (a: typeof pool.stats, b: typeof pool.stats) =>
      `jobs=${b.jobs - a.jobs}, tasks=${b.tasks - a.tasks}, by the worker=${b.tasks - a.tasks - (b.mainTasks - a.mainTasks)}`;
    let before = { ...pool.stats };
    checks.push(checkMatmul(two, 512, `${where}, threads=2`));
    checks.push({
      name: `${where}: pool worker ran matmul tasks`,
      ok: pool.stats.tasks - before.tasks > pool.stats.mainTasks - before.mainTasks,
      detail: workerTasks(before, pool.stats),
    });
    // A chain with a broadcast scalar operand: whether fusion splits it across threads is reported only.
    before = { ...pool.stats };
    checks.push(checkChain(two, 1_000_003, `${where}, threads=2`));
    info.scalarChainPool = workerTasks(before, pool.stats);
    before = { ...pool.stats };
    chainOn(two, 1_000_003);
    checks.push({
      name: `${where}: chain without repeated operands ran as pool jobs`,
      ok: pool.stats.tasks > before.tasks,
      detail: workerTasks(before, pool.stats),
    });

    log(`${where}: threads=1 vs threads=2 bitwise`);
    const one = new SimpleBackend({ threads: 1 });
    for (const [name, f] of [
      ['matmul 512', (b: SimpleBackend) => matmulOn(b, 512)],
      ['matmul 300x300 (ragged)', (b: SimpleBackend) => matmulOn(b, 300)],
      ['chain 1000003', (b: SimpleBackend) => chainOn(b, 1_000_003)],
    ] as const) {
      const d = differingBytes(f(one), f(two));
      checks.push({
        name: `${where}: ${name} threads=2 bitwise equal to threads=1`,
        ok: d === 0,
        detail: `${d} bytes differ`,
      });
    }
    one.dispose();

    for (const relaxed of [false, true]) {
      for (const threads of [1, 2]) {
        log(`${where}: timing matmul 512 threads=${threads} relaxed=${relaxed}`);
        const backend = new SimpleBackend({ threads, relaxed });
        rows.push(timeMatmul(backend, 512, 1500, where, relaxed ? 'on' : 'off'));
        backend.dispose();
      }
    }
  } finally {
    releaseThreads(runtime);
    two.dispose();
  }
  return { page: 'worker', info, checks, rows };
}

run().then(
  (report) => scope.postMessage({ report }),
  (error) =>
    scope.postMessage({
      report: { page: 'worker', info: {}, checks: [], rows: [], error: errorText(error) },
    }),
);
