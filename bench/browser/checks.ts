// Checks and timings shared by the browser page and its worker: a float32 matmul and an elementwise
// chain computed by backend-simple, compared with float64 reference loops written here (independent of
// the code under test), and a matmul GFLOP/s timing.

import type { SimpleBackend } from '@tsmlx/backend-simple';
import { Builder, type OpAttrs, type Value } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';

/** One pass/fail check with a human-readable detail. */
export interface CheckResult {
  /** What was checked. */
  readonly name: string;
  /** Whether it passed. */
  readonly ok: boolean;
  /** Measured value vs bound, or why it failed. */
  readonly detail: string;
  /** A known limitation being probed: reported as WARN, does not fail the run. */
  readonly warnOnly?: boolean;
}

/** One row of the timing table. */
export interface TimingRow {
  /** Where it ran (e.g. `plain page, main thread`). */
  readonly where: string;
  /** `backend.threads`. */
  readonly threads: number;
  /** The relaxed option (`default` when not given). */
  readonly relaxed: string;
  /** Median GFLOP/s over the timed runs. */
  readonly median: number;
  /** Best GFLOP/s over the timed runs. */
  readonly best: number;
  /** Timed runs. */
  readonly runs: number;
}

/** What a page (or worker) sends back to the driver. */
export interface PageReport {
  /** The page kind. */
  readonly page: string;
  /** Environment facts (isolation, cores, user agent). */
  readonly info: Record<string, string | number | boolean>;
  /** Checks. */
  readonly checks: CheckResult[];
  /** Timings. */
  readonly rows: TimingRow[];
  /** An uncaught error, if any. */
  readonly error?: string;
}

const matmulAttrs: OpAttrs['dotGeneral'] = {
  lhsBatchAxes: [],
  lhsContractingAxes: [1],
  rhsBatchAxes: [],
  rhsContractingAxes: [0],
};

/** Deterministic float32 values in [-1, 1) (LCG). */
export function randomF32(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = (s / 2 ** 32) * 2 - 1;
  }
  return a;
}

/** A compiled float32 program over fixed inputs: `run()` executes once and returns the output. */
export interface Compiled {
  /** Executes once; returns the output copied to the host. */
  runToHost(): Float32Array;
  /** Executes once, discarding the output. */
  run(): void;
  /** Frees inputs and the executable. */
  dispose(): void;
}

/** Compiles `build` over float32 parameters of `dims` fed with `data`. */
export function compileF32(
  backend: SimpleBackend,
  dims: number[][],
  data: Float32Array[],
  build: (b: Builder, p: Value[]) => Value,
): Compiled {
  const b = new Builder('browser', backend);
  const shapes = dims.map((d) => new Shape('float32', d));
  const params = shapes.map((s) => b.parameter(s));
  const exe = b.compile([build(b, params)]);
  const inputs = shapes.map((s, i) => backend.bufferFromHost(data[i]!, s));
  return {
    runToHost() {
      const out = exe.execute(inputs)[0]!;
      const host = out.toHostSync() as Float32Array;
      out.dispose();
      return host;
    },
    run() {
      for (const out of exe.execute(inputs)) out.dispose();
    },
    dispose() {
      for (const x of inputs) x.dispose();
      exe.dispose();
    },
  };
}

/** Compiles an n×n by n×n float32 matmul over seeded inputs. */
export function compileMatmul(backend: SimpleBackend, n: number): Compiled {
  return compileF32(
    backend,
    [
      [n, n],
      [n, n],
    ],
    [randomF32(n * n, 17), randomF32(n * n, 18)],
    (b, [x, y]) => b.dotGeneral(x!, y!, matmulAttrs),
  );
}

/**
 * Checks an n×n matmul (run twice: the second run is the pooled steady state) against a float64
 * reference of the same float32 inputs; bound: depth · 2⁻²² (inputs in [-1, 1]).
 */
export function checkMatmul(backend: SimpleBackend, n: number, label: string): CheckResult {
  const x = randomF32(n * n, 17);
  const y = randomF32(n * n, 18);
  const exe = compileMatmul(backend, n);
  exe.run();
  const got = exe.runToHost();
  exe.dispose();
  const row = new Float64Array(n);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    row.fill(0);
    for (let k = 0; k < n; k++) {
      const xik = x[i * n + k]!;
      for (let j = 0; j < n; j++) row[j]! += xik * y[k * n + j]!;
    }
    for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(got[i * n + j]! - row[j]!));
  }
  const bound = n * 2 ** -22;
  const ok = got.length === n * n && worst <= bound;
  return {
    name: `${label}: matmul f32 ${n} vs float64`,
    ok,
    detail: `max |err| ${worst.toExponential(2)} (bound ${bound.toExponential(2)})`,
  };
}

/** The chain's float64 reference: max(x·y + z, −|x|) / (√|y| + 1.5) − min(x, z). */
function chainReference(x: number, y: number, z: number): number {
  return Math.max(x * y + z, -Math.abs(x)) / (Math.sqrt(Math.abs(y)) + 1.5) - Math.min(x, z);
}

/**
 * Checks a fused elementwise chain over `n` elements (odd, several chunks) against float64; bound per
 * element: 1e-5 · (1 + |reference|) (a few float32 roundings).
 */
export function checkChain(backend: SimpleBackend, n: number, label: string): CheckResult {
  const data = [randomF32(n, 21), randomF32(n, 22), randomF32(n, 23)];
  const exe = compileF32(backend, [[n], [n], [n]], data, (b, [x, y, z]) => {
    const top = b.max(b.add(b.mul(x!, y!), z!), b.neg(b.abs(x!)));
    const scalar = b.constant(new Float32Array([1.5]), new Shape('float32', []));
    const bottom = b.add(b.sqrt(b.abs(y!)), b.broadcastInDim(scalar, { dims: [n], axesMapping: [] }));
    return b.sub(b.div(top, bottom), b.min(x!, z!));
  });
  exe.run();
  const got = exe.runToHost();
  exe.dispose();
  const [x, y, z] = data as [Float32Array, Float32Array, Float32Array];
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const ref = chainReference(x[i]!, y[i]!, z[i]!);
    const err = Math.abs(got[i]! - ref) / (1 + Math.abs(ref));
    if (Number.isNaN(err)) worst = Number.POSITIVE_INFINITY;
    else if (err > worst) worst = err;
  }
  const ok = got.length === n && worst <= 1e-5;
  return {
    name: `${label}: elementwise chain f32 ${n} vs float64`,
    ok,
    detail: `max rel err ${worst.toExponential(2)} (bound 1.00e-5)`,
  };
}

/** Times an n×n matmul: 3 warm-up runs, then runs for about `ms` milliseconds (at least 5). */
export function timeMatmul(
  backend: SimpleBackend,
  n: number,
  ms: number,
  where: string,
  relaxed: string,
): TimingRow {
  const exe = compileMatmul(backend, n);
  for (let i = 0; i < 3; i++) exe.run();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 5 || performance.now() - start < ms) {
    const t0 = performance.now();
    exe.run();
    times.push(performance.now() - t0);
  }
  exe.dispose();
  times.sort((a, b) => a - b);
  const gflops = (t: number) => (2 * n ** 3) / (t * 1e6);
  return {
    where,
    threads: backend.threads,
    relaxed,
    median: gflops(times[times.length >> 1]!),
    best: gflops(times[0]!),
    runs: times.length,
  };
}

/** Formats an error for the report. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
}
