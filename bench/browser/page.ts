// The browser page of the check (bundled to page.js). `?mode=plain`: a page without cross-origin
// isolation, where backend-simple must come up single-threaded on the main thread. `?mode=isolated`: a
// cross-origin isolated page, whose main thread must still stay single-threaded (it may not block in
// Atomics.wait), and whose dedicated Worker (worker.js) runs the multi-threaded checks. The report is
// POSTed to the driver's server at /result.

import { SimpleBackend } from '@tsmlx/backend-simple';
import { Builder } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import {
  type CheckResult,
  checkChain,
  checkMatmul,
  errorText,
  type PageReport,
  type TimingRow,
  timeMatmul,
} from './checks.js';

const mode = new URLSearchParams(location.search).get('mode') ?? 'plain';

function log(text: string): void {
  void fetch('/log', { method: 'POST', body: text });
}

function environment(): Record<string, string | number | boolean> {
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    hardwareConcurrency: navigator.hardwareConcurrency,
    userAgent: navigator.userAgent,
  };
}

/** Main-thread checks common to both pages. */
function mainThreadChecks(checks: CheckResult[], rows: TimingRow[], where: string): void {
  const backend = new SimpleBackend();
  checks.push({
    name: `${where}: default backend is single-threaded`,
    ok: backend.threads === 1,
    detail: `threads=${backend.threads}; ${backend.description}`,
  });
  const asked = new SimpleBackend({ threads: 2 });
  checks.push({
    name: `${where}: threads=2 falls back to 1`,
    ok: asked.threads === 1,
    detail: `threads=${asked.threads}`,
  });
  asked.dispose();
  log(`${where}: matmul 256`);
  checks.push(checkMatmul(backend, 256, where));
  log(`${where}: elementwise chain`);
  checks.push(checkChain(backend, 100_003, where));
  log(`${where}: timing matmul 512`);
  rows.push(timeMatmul(backend, 512, 1500, where, 'default'));
  backend.dispose();
}

async function plainPage(): Promise<PageReport> {
  const checks: CheckResult[] = [];
  const rows: TimingRow[] = [];
  checks.push({
    name: 'plain page: not cross-origin isolated (no SharedArrayBuffer)',
    ok: !globalThis.crossOriginIsolated && typeof SharedArrayBuffer !== 'function',
    detail: `crossOriginIsolated=${globalThis.crossOriginIsolated}`,
  });
  mainThreadChecks(checks, rows, 'plain page, main thread');
  return { page: 'plain', info: environment(), checks, rows };
}

/** Runs `f` as a check: a throw is a failure, reported with its first line. */
function attempt(name: string, f: () => CheckResult | string): CheckResult {
  try {
    const r = f();
    return typeof r === 'string' ? { name, ok: true, detail: r } : { ...r, name };
  } catch (error) {
    return { name, ok: false, detail: errorText(error).split('\n')[0]! };
  }
}

/** An int32 elementwise chain (TypeScript codegen kernels) checked against plain integer arithmetic. */
function int32Chain(backend: SimpleBackend): string {
  const n = 1001;
  const x = Int32Array.from({ length: n }, (_v, i) => i * 7919 - 3000000);
  const y = Int32Array.from({ length: n }, (_v, i) => (i % 17) - 8);
  const b = new Builder('csp', backend);
  const shape = new Shape('int32', [n]);
  const [px, py] = [b.parameter(shape), b.parameter(shape)];
  const exe = b.compile([b.sub(b.mul(px, py), b.abs(px))]);
  const inputs = [backend.bufferFromHost(x, shape), backend.bufferFromHost(y, shape)];
  const out = exe.execute(inputs)[0]!;
  const got = out.toHostSync() as Int32Array;
  out.dispose();
  exe.dispose();
  for (let i = 0; i < n; i++) {
    const want = (Math.imul(x[i]!, y[i]!) - Math.abs(x[i]!)) | 0;
    if (got[i] !== want) throw new Error(`int32 chain: element ${i} is ${got[i]}, expected ${want}`);
  }
  return 'exact';
}

/** float32 exp over 1001 values, within 2⁻²² relative of Math.exp. */
function float32Exp(backend: SimpleBackend): string {
  const n = 1001;
  const x = Float32Array.from({ length: n }, (_v, i) => (i - 500) / 100);
  const b = new Builder('csp', backend);
  const shape = new Shape('float32', [n]);
  const exe = b.compile([b.exp(b.parameter(shape))]);
  const input = backend.bufferFromHost(x, shape);
  const out = exe.execute([input])[0]!;
  const got = out.toHostSync() as Float32Array;
  out.dispose();
  exe.dispose();
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(got[i]! / Math.exp(x[i]!) - 1));
  if (!(worst <= 2 ** -22)) throw new Error(`float32 exp: relative error ${worst}`);
  return `max rel err ${worst.toExponential(2)}`;
}

/** Whether `f` throws (a CSP refusing code generation), and the first line of what it threw. */
function refused(f: () => unknown): [boolean, string] {
  try {
    f();
    return [false, 'allowed'];
  } catch (error) {
    return [true, errorText(error).split('\n')[0]!];
  }
}

/** A minimal WebAssembly module (no code): compiling it is what 'wasm-unsafe-eval' governs. */
const EMPTY_WASM = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

/**
 * A page under a strict Content-Security-Policy without 'unsafe-eval', as extensions and hardened sites
 * use: `csp` allows WebAssembly ('wasm-unsafe-eval'), `csp-nowasm` does not. backend-simple must compute
 * correctly there (interpreted elementwise loops; pure TypeScript kernels without WebAssembly).
 */
async function cspPage(wasm: boolean): Promise<PageReport> {
  const where = wasm ? 'CSP page (no unsafe-eval), main thread' : 'CSP page (no eval, no wasm), main thread';
  const checks: CheckResult[] = [];
  const [evalBlocked, evalDetail] = refused(() => new Function('return 1')());
  checks.push({ name: `${where}: new Function is blocked`, ok: evalBlocked, detail: evalDetail });
  const [wasmBlocked, wasmDetail] = refused(() => new WebAssembly.Module(EMPTY_WASM));
  checks.push({
    name: `${where}: WebAssembly compilation is ${wasm ? 'allowed' : 'blocked'}`,
    ok: wasmBlocked !== wasm,
    detail: wasmDetail,
  });
  const backend = new SimpleBackend();
  checks.push({
    name: `${where}: backend uses ${wasm ? 'wasm' : 'TypeScript'} kernels`,
    ok: backend.description.includes(wasm ? 'WebAssembly' : 'TypeScript'),
    detail: backend.description,
  });
  checks.push(attempt(`${where}: matmul f32 256`, () => checkMatmul(backend, 256, where)));
  checks.push(attempt(`${where}: elementwise chain f32`, () => checkChain(backend, 100_003, where)));
  checks.push(attempt(`${where}: int32 elementwise chain`, () => int32Chain(backend)));
  checks.push(attempt(`${where}: float32 exp (not a wasm chain op)`, () => float32Exp(backend)));
  backend.dispose();
  return { page: wasm ? 'csp' : 'csp-nowasm', info: environment(), checks, rows: [] };
}

function runWorker(): Promise<PageReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ log?: string; report?: PageReport }>) => {
      if (event.data.log !== undefined) log(event.data.log);
      if (event.data.report) {
        worker.terminate();
        resolve(event.data.report);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      reject(new Error(`worker error: ${event.message} (${event.filename}:${event.lineno})`));
    };
  });
}

async function isolatedPage(): Promise<PageReport> {
  const checks: CheckResult[] = [];
  const rows: TimingRow[] = [];
  checks.push({
    name: 'isolated page: cross-origin isolated (SharedArrayBuffer available)',
    ok: globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function',
    detail: `crossOriginIsolated=${globalThis.crossOriginIsolated}`,
  });
  mainThreadChecks(checks, rows, 'isolated page, main thread');
  log('starting the dedicated worker');
  const inner = await runWorker();
  return {
    page: 'isolated',
    info: {
      ...environment(),
      ...Object.fromEntries(Object.entries(inner.info).map(([k, v]) => [`worker.${k}`, v])),
    },
    checks: [...checks, ...inner.checks],
    rows: [...rows, ...inner.rows],
    ...(inner.error !== undefined ? { error: inner.error } : {}),
  };
}

async function main(): Promise<void> {
  let report: PageReport;
  try {
    report =
      mode === 'isolated'
        ? await isolatedPage()
        : mode === 'csp' || mode === 'csp-nowasm'
          ? await cspPage(mode === 'csp')
          : await plainPage();
  } catch (error) {
    report = { page: mode, info: environment(), checks: [], rows: [], error: errorText(error) };
  }
  await fetch('/result', { method: 'POST', body: JSON.stringify(report) });
}

addEventListener('error', (event) => log(`page error: ${event.message}`));
addEventListener('unhandledrejection', (event) => log(`unhandled rejection: ${errorText(event.reason)}`));
void main();
