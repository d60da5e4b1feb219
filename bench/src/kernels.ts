// Kernel benchmark: backend-simple against tfjs-cpu (tfjs-core + tfjs-backend-cpu) on one thread.
//
// Run: pnpm --filter @tsmlx/bench bench [-- [--threads N] workload-substring ...]
// `--threads N` runs backend-simple with N threads (TSMLX_BACKEND=simple:threads=N); tfjs-cpu stays on one.
// Prints median throughput of several timed runs (after warm-up) for each workload and framework.
import { cpus } from 'node:os';
import { SimpleBackend } from '@tsmlx/backend-simple';
import { type Backend, type Buffer, Builder, type OpAttrs, type Value } from '@tsmlx/backends';
import type { DType } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

/** One measured workload: how to run it on each framework, and how much work one run is. */
interface Workload {
  /** Label, with the unit. */
  name: string;
  /** 'GFLOP/s' or 'GB/s'. */
  unit: string;
  /** Work units (FLOPs or bytes) of one run. */
  work: number;
  /** Prepares a tsmlx runner (throws when an op is missing). */
  tsmlx(backend: Backend): () => void;
  /** Prepares a tfjs runner. */
  tfjs(): () => void;
}

function randomArray(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1;
  return a;
}

/** Compiles a float32 program over parameters of the given dims and returns a runner. */
function compiled(
  backend: Backend,
  dims: number[][],
  build: (b: Builder, params: Value[]) => Value,
  dtype: DType = 'float32',
): () => void {
  const b = new Builder('bench', backend);
  const shapes = dims.map((d) => new Shape(dtype, d));
  const params = shapes.map((s) => b.parameter(s));
  const exe = b.compile([build(b, params)]);
  const inputs: Buffer[] = shapes.map((s) => backend.bufferFromHost(randomArray(s.size), s));
  return () => {
    for (const out of exe.execute(inputs)) out.dispose();
  };
}

function matmul(n: number): Workload {
  const attrs: OpAttrs['dotGeneral'] = {
    lhsBatchAxes: [],
    lhsContractingAxes: [1],
    rhsBatchAxes: [],
    rhsContractingAxes: [0],
  };
  return {
    name: `matmul f32 ${n}x${n}`,
    unit: 'GFLOP/s',
    work: 2 * n ** 3,
    tsmlx: (backend) =>
      compiled(
        backend,
        [
          [n, n],
          [n, n],
        ],
        (b, [x, y]) => b.dotGeneral(x!, y!, attrs),
      ),
    tfjs: () => {
      const x = tf.tensor2d(randomArray(n * n), [n, n]);
      const y = tf.tensor2d(randomArray(n * n), [n, n]);
      return () => tf.matMul(x, y).dispose();
    },
  };
}

function fma(n: number, label: string): Workload {
  return {
    name: `a*b+c f32 ${label}`,
    unit: 'GB/s',
    work: 4 * 4 * n,
    tsmlx: (backend) => compiled(backend, [[n], [n], [n]], (b, [x, y, z]) => b.add(b.mul(x!, y!), z!)),
    tfjs: () => {
      const [x, y, z] = [0, 1, 2].map(() => tf.tensor1d(randomArray(n)));
      return () => tf.tidy(() => tf.add(tf.mul(x!, y!), z!)).dispose();
    },
  };
}

function conv2d(): Workload {
  const [batch, size, cin, cout, k] = [32, 28, 32, 64, 3];
  const attrs: OpAttrs['convGeneral'] = {
    inputBatchAxis: 0,
    inputChannelsAxis: 3,
    inputSpatialAxes: [1, 2],
    kernelSpatialAxes: [0, 1],
    kernelInputChannelsAxis: 2,
    kernelOutputChannelsAxis: 3,
    outputBatchAxis: 0,
    outputChannelsAxis: 3,
    outputSpatialAxes: [1, 2],
    strides: [1, 1],
    padding: [
      [1, 1],
      [1, 1],
    ],
    inputDilations: [1, 1],
    kernelDilations: [1, 1],
    featureGroupCount: 1,
    batchGroupCount: 1,
  };
  return {
    name: `conv2d NHWC ${batch}x${size}x${size}x${cin}->${cout} ${k}x${k} same`,
    unit: 'GFLOP/s',
    work: 2 * batch * size * size * cout * k * k * cin,
    tsmlx: (backend) =>
      compiled(
        backend,
        [
          [batch, size, size, cin],
          [k, k, cin, cout],
        ],
        (b, [x, w]) => b.convGeneral(x!, w!, attrs),
      ),
    tfjs: () => {
      const x = tf.tensor4d(randomArray(batch * size * size * cin), [batch, size, size, cin]);
      const w = tf.tensor4d(randomArray(k * k * cin * cout), [k, k, cin, cout]);
      return () => tf.conv2d(x, w, 1, 'same').dispose();
    },
  };
}

/** Median seconds per run: warm-up for ~0.3 s (at least 2 runs), then at least 5 runs or ~1.5 s. */
function measure(run: () => void): number {
  const warmEnd = performance.now() + 300;
  for (let i = 0; i < 2 || performance.now() < warmEnd; i++) run();
  const times: number[] = [];
  const end = performance.now() + 1500;
  while (times.length < 5 || (performance.now() < end && times.length < 50)) {
    const start = performance.now();
    run();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function throughput(w: Workload, prepare: () => () => void): number | undefined {
  let run: () => void;
  try {
    run = prepare();
  } catch {
    return undefined; // an op the backend lacks
  }
  return w.work / measure(run) / 1e9;
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const args = process.argv.slice(2).filter((a) => a !== '--');
  let threads = 1;
  const filters: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--threads') threads = Number(args[++i]);
    else if (a.startsWith('--threads=')) threads = Number(a.slice('--threads='.length));
    else filters.push(a);
  }
  if (!Number.isInteger(threads) || threads < 1) throw new Error('--threads needs a positive integer');
  const workloads = [
    matmul(64),
    matmul(256),
    matmul(512),
    matmul(1024),
    fma(1 << 20, '1M'),
    fma(1 << 24, '16M'),
    conv2d(),
  ].filter((w) => filters.length === 0 || filters.some((f) => w.name.includes(f)));
  const backend = new SimpleBackend({ threads });
  await backend.ready();
  console.log(
    `node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), tsmlx threads=${backend.threads}, tfjs 1 thread`,
  );
  console.log(
    `tsmlx backend-simple vs tfjs-cpu ${tf.version_core}; ratio = tsmlx / tfjs-cpu (higher is better)\n`,
  );
  const rows: string[][] = [['workload', 'tsmlx', 'tfjs-cpu', 'ratio']];
  const fmt = (x: number | undefined, unit: string) => (x === undefined ? 'n/a' : `${x.toFixed(2)} ${unit}`);
  for (const w of workloads) {
    const ours = throughput(w, () => w.tsmlx(backend));
    const theirs = throughput(w, () => w.tfjs());
    const ratio = ours !== undefined && theirs !== undefined ? `${(ours / theirs).toFixed(2)}x` : 'n/a';
    rows.push([w.name, fmt(ours, w.unit), fmt(theirs, w.unit), ratio]);
    console.log(`  measured ${w.name}`);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  console.log();
  console.log(line(rows[0]!));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
  backend.dispose();
}

await main();
