import { Builder, type OpAttrs, type Value } from '@tsmlx/backends';
import type { AnyStorageArray, DType } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimpleBackend } from '../backend.js';
import '../kernels/index.js';
import { countDifferentBytes, lcg, randomFloats, runOn } from '../testing/programs.js';
import { hasWasmSimd } from '../wasm/features.js';
import { acquireThreads, releaseThreads } from './runtime.js';
import { threadSupport } from './spawn.js';

// Multi-threaded runs must give the same bits as single-threaded ones: the GEMM keeps each element's
// summation order, elementwise work is split by index range.

const matmul: OpAttrs['dotGeneral'] = {
  lhsBatchAxes: [],
  lhsContractingAxes: [1],
  rhsBatchAxes: [],
  rhsContractingAxes: [0],
};

/** Pseudo-random inputs: integers in [−1000, 1000) for int32, else uniform in [−1, 1) (float64 or float32). */
function random(dtype: DType, n: number, seed: number): AnyStorageArray {
  if (dtype === 'int32') {
    const next = lcg(seed);
    return Int32Array.from({ length: n }, () => Math.floor(next() * 2000) - 1000);
  }
  return randomFloats(dtype === 'float64' ? 'float64' : 'float32', n, seed);
}

/** `build` on `backend` in the steady state, on operands of `dtype` and `dims` from {@link random} (seeds 17, 18, …). */
function runRandom(
  backend: SimpleBackend,
  dims: number[][],
  dtype: DType,
  build: (b: Builder, p: Value[]) => Value,
): AnyStorageArray {
  const shapes = dims.map((d) => new Shape(dtype, d));
  return runOn(
    backend,
    shapes.map((s, i) => random(dtype, s.size, 17 + i)),
    shapes,
    build,
  );
}

const enabled = threadSupport() === 'sync' && hasWasmSimd();

describe.skipIf(!enabled)('backend-simple threads=2 (bitwise equal to threads=1)', () => {
  const one = new SimpleBackend({ threads: 1 });
  const two = new SimpleBackend({ threads: 2 });
  const runtime = acquireThreads(2);

  beforeAll(async () => {
    expect(two.threads).toBe(2);
    runRandom(two, [[4], [4]], 'float32', (b, [x, y]) => b.add(x!, y!)); // compiles: starts the pool
    const pool = runtime!.pool!;
    for (let i = 0; i < 200 && pool.onlineCount < pool.workerCount; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });
  afterAll(() => {
    releaseThreads(runtime);
    two.dispose();
    one.dispose();
  });

  const same = (dims: number[][], dtype: DType, build: (b: Builder, p: Value[]) => Value) => {
    const pool = runtime!.pool!;
    const before = pool.stats.tasks;
    const expected = runRandom(one, dims, dtype, build);
    const actual = runRandom(two, dims, dtype, build);
    expect(countDifferentBytes(expected, actual)).toBe(0);
    expect(pool.stats.tasks, 'the multi-threaded path ran').toBeGreaterThan(before);
  };

  it('matmul 512 (output written in place) matches, and agrees with a float64 reference', () => {
    const n = 512;
    same(
      [
        [n, n],
        [n, n],
      ],
      'float32',
      (b, [x, y]) => b.dotGeneral(x!, y!, matmul),
    );
    // Independent check of a few elements against float64 sums.
    const x = random('float32', n * n, 17) as Float32Array;
    const y = random('float32', n * n, 18) as Float32Array;
    const got = runRandom(
      two,
      [
        [n, n],
        [n, n],
      ],
      'float32',
      (b, [p, q]) => b.dotGeneral(p!, q!, matmul),
    ) as Float32Array;
    for (const [i, j] of [
      [0, 0],
      [511, 511],
      [137, 300],
      [256, 7],
    ] as const) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += x[i * n + k]! * y[k * n + j]!;
      expect(Math.abs(got[i * n + j]! - sum)).toBeLessThan(1e-3);
    }
  });

  it('matmul with ragged tiles and several depth blocks matches', () => {
    same(
      [
        [300, 777],
        [777, 129],
      ],
      'float32',
      (b, [x, y]) => b.dotGeneral(x!, y!, matmul),
    );
  });

  it('matmul with rows not a multiple of the micro-tile, columns a multiple (in-place output) matches', () => {
    // The in-place path must not write past the last row of the output.
    const [m, k, n] = [130, 600, 64];
    same(
      [
        [m, k],
        [k, n],
      ],
      'float32',
      (b, [x, y]) => b.dotGeneral(x!, y!, matmul),
    );
    const x = random('float32', m * k, 17) as Float32Array;
    const y = random('float32', k * n, 18) as Float32Array;
    const got = runRandom(
      two,
      [
        [m, k],
        [k, n],
      ],
      'float32',
      (b, [p, q]) => b.dotGeneral(p!, q!, matmul),
    );
    let worst = 0;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += x[i * k + p]! * y[p * n + j]!;
        worst = Math.max(worst, Math.abs((got[i * n + j] as number) - sum));
      }
    expect(worst).toBeLessThan(k * 2 ** -22);
  });

  it('batched, transposed dot matches', () => {
    const attrs: OpAttrs['dotGeneral'] = {
      lhsBatchAxes: [0],
      lhsContractingAxes: [1],
      rhsBatchAxes: [0],
      rhsContractingAxes: [2],
    };
    same(
      [
        [3, 300, 200],
        [3, 96, 300],
      ],
      'float32',
      (b, [x, y]) => b.dotGeneral(x!, y!, attrs),
    );
  });

  it('conv2d NHWC 3x3 matches', () => {
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
    same(
      [
        [8, 28, 28, 32],
        [3, 3, 32, 64],
      ],
      'float32',
      (b, [x, w]) => b.convGeneral(x!, w!, attrs),
    );
  });

  it('small-M products (GEMV path, columns split across threads) match, and agree with a float64 reference', () => {
    for (const [m, k, n] of [
      [1, 784, 512],
      [3, 700, 130],
      [4, 257, 1000],
    ] as const) {
      same(
        [
          [m, k],
          [k, n],
        ],
        'float32',
        (b, [x, y]) => b.dotGeneral(x!, y!, matmul),
      );
      const x = random('float32', m * k, 17) as Float32Array;
      const y = random('float32', k * n, 18) as Float32Array;
      const got = runRandom(
        two,
        [
          [m, k],
          [k, n],
        ],
        'float32',
        (b, [p, q]) => b.dotGeneral(p!, q!, matmul),
      );
      let worst = 0;
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (let p = 0; p < k; p++) sum += x[i * k + p]! * y[p * n + j]!;
          worst = Math.max(worst, Math.abs((got[i * n + j] as number) - sum));
        }
      expect(worst, `${m}x${k}x${n}`).toBeLessThan(k * 2 ** -22);
    }
  });

  it('a weight matrix used again is packed once and never read stale', () => {
    // B as a parameter (kept packed across calls) and B as an intermediate (released and refilled every run).
    const [m, k, n] = [64, 300, 96];
    const product = (x: Float32Array, y: Float32Array) => {
      const c = new Float64Array(m * n);
      for (let i = 0; i < m; i++)
        for (let p = 0; p < k; p++)
          for (let j = 0; j < n; j++) c[i * n + j]! += x[i * k + p]! * y[p * n + j]!;
      return c;
    };
    const sx = new Shape('float32', [m, k]);
    const sy = new Shape('float32', [k, n]);
    const b = new Builder('weights', two);
    const x = b.parameter(sx);
    const y = b.parameter(sy);
    const exe = b.compile([b.dotGeneral(x, y, matmul), b.dotGeneral(x, b.mul(y, y), matmul)]);
    const yHost = random('float32', k * n, 5) as Float32Array;
    const yBuf = two.bufferFromHost(yHost, sy);
    for (let run = 0; run < 4; run++) {
      const xHost = random('float32', m * k, 100 + run) as Float32Array;
      const yRun = run < 2 ? yBuf : two.bufferFromHost(random('float32', k * n, 50 + run), sy);
      const yVals = run < 2 ? yHost : (yRun.toHostSync() as Float32Array);
      const [o1, o2] = exe.execute([two.bufferFromHost(xHost, sx), yRun]);
      const want1 = product(xHost, yVals);
      const want2 = product(
        xHost,
        yVals.map((v) => Math.fround(v * v)),
      );
      const got1 = o1!.toHostSync() as Float32Array;
      const got2 = o2!.toHostSync() as Float32Array;
      for (let i = 0; i < m * n; i++) {
        expect(Math.abs(got1[i]! - want1[i]!), `run ${run} [${i}]`).toBeLessThan(k * 2 ** -22);
        expect(Math.abs(got2[i]! - want2[i]!), `run ${run} [${i}]`).toBeLessThan(k * 2 ** -22);
      }
      o1!.dispose();
      o2!.dispose();
    }
  });

  it('fused elementwise chains match (float32, float64 wasm chains; int32 JS loop)', () => {
    const n = 1 << 18;
    const fma = (b: Builder, [x, y, z]: Value[]) => b.add(b.mul(x!, y!), z!);
    same([[n], [n], [n]], 'float32', fma);
    same([[n], [n], [n]], 'float64', fma);
    same([[n], [n], [n]], 'int32', fma);
    same([[n + 5], [n + 5]], 'float32', (b, [x, y]) => b.sqrt(b.abs(b.sub(x!, y!))));
  });

  it('workers took part in the runs', () => {
    const pool = runtime!.pool!;
    expect(pool.onlineCount).toBe(1);
    expect(pool.stats.tasks).toBeGreaterThan(pool.stats.mainTasks);
  });
});
