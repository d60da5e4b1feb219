import type { AnyStorageArray } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimpleBackend } from '../../backend.js';
import '../index.js';
import { countMismatches, randoms, runOn } from '../../testing/programs.js';
import { acquireThreads, releaseThreads } from '../../threads/runtime.js';
import { threadSupport } from '../../threads/spawn.js';
import { hasWasmSimd } from '../../wasm/features.js';
import { reductionLayout } from './layout.js';
import { KR_BLOCK, wasmReducePlan } from './wasmReduce.js';

// The wasm reductions against float64 reference loops written here, against the TypeScript kernels, and
// threads=2 against threads=1.
//
// Stated tolerance: column reductions (leading axes reduced) fold each output's elements in order in
// float64 (sums, products) or exactly (max, min), so they equal `fround` of the sequential float64 fold
// bit for bit. Row reductions (trailing axes) fold in SIMD lanes: maxima/minima are still exact; float64
// sums in another order differ from the sequential float64 sum by at most 2·(n − 1)·2⁻⁵³·Σ|xᵢ|, plus one
// float32 rounding (2⁻²⁴·|result|, or 2⁻¹⁴⁹ for subnormals) for float32 results.

type Op = 'reduceSum' | 'reduceProduct' | 'reduceMax' | 'reduceMin';
type FloatType = 'float32' | 'float64';

/** Pseudo-random float32 values in [−1, 1), as numbers. */
const random = (n: number, seed: number): number[] => Array.from(randoms(n, seed));

/** `op` over `axes` on `backend` in the steady state, on the host. */
function run(
  backend: SimpleBackend,
  op: Op,
  dtype: FloatType,
  dims: number[],
  axes: number[],
  data: readonly number[],
): Float32Array | Float64Array {
  const host = dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data);
  return runOn<Float32Array | Float64Array>(backend, [host], [new Shape(dtype, dims)], (b, [x]) =>
    b[op](x!, { axes }),
  );
}

/** Reference: for every output, its elements in row-major order, folded sequentially in float64. */
function reference(
  op: Op,
  dims: number[],
  axes: number[],
  data: readonly number[],
): { fold: number[]; abs: number[]; n: number } {
  const outDims = dims.filter((_, d) => !axes.includes(d));
  const size = outDims.reduce((a, b) => a * b, 1);
  const identity = { reduceSum: 0, reduceProduct: 1, reduceMax: -Infinity, reduceMin: Infinity }[op];
  const fold = new Array<number>(size).fill(identity);
  const abs = new Array<number>(size).fill(0);
  for (let i = 0; i < data.length; i++) {
    let rest = i;
    let o = 0;
    let stride = 1;
    for (let d = dims.length - 1; d >= 0; d--) {
      const c = rest % dims[d]!;
      rest = Math.floor(rest / dims[d]!);
      if (!axes.includes(d)) {
        o += c * stride;
        stride *= dims[d]!;
      }
    }
    const v = data[i]!;
    const s = fold[o]!;
    if (op === 'reduceSum') fold[o] = s + v;
    else if (op === 'reduceProduct') fold[o] = s * v;
    else if (op === 'reduceMax') fold[o] = v > s || Number.isNaN(v) ? v : s;
    else fold[o] = v < s || Number.isNaN(v) ? v : s;
    abs[o] = op === 'reduceProduct' ? Math.abs(fold[o]!) : abs[o]! + Math.abs(v);
  }
  return { fold, abs, n: data.length / Math.max(1, size) };
}

/** Whether the reduction is a column reduction (exact order) in the wasm plan. */
function isColumns(dims: number[], axes: number[]): boolean {
  return wasmReducePlan(reductionLayout(dims, axes))?.kind === 'rk';
}

function check(
  op: Op,
  dtype: FloatType,
  dims: number[],
  axes: number[],
  data: readonly number[],
  got: AnyStorageArray,
) {
  const { fold, abs, n } = reference(op, dims, axes, data);
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  const exact = op === 'reduceMax' || op === 'reduceMin' || isColumns(dims, axes);
  expect(got.length).toBe(fold.length);
  for (let o = 0; o < fold.length; o++) {
    const g = got[o] as number;
    const want = round(fold[o]!);
    if (exact || !Number.isFinite(want)) {
      expect(Object.is(g, want), `[${o}] got ${g}, expected ${want}`).toBe(true);
    } else {
      const tol =
        2 * n * 2 ** -53 * abs[o]! + (dtype === 'float32' ? 2 ** -24 * Math.abs(want) + 2 ** -149 : 0);
      expect(Math.abs(g - fold[o]!), `[${o}] got ${g}, expected ${fold[o]}`).toBeLessThanOrEqual(tol);
    }
  }
}

const SHAPES: Array<[string, number[], number[]]> = [
  ['bias gradient [64,28,28,32] → [32]', [64, 28, 28, 32], [0, 1, 2]],
  ['[128,512] → [512]', [128, 512], [0]],
  ['rows [128,10] → [128]', [128, 10], [1]],
  ['all axes [3,5,7]', [3, 5, 7], [0, 1, 2]],
  ['all axes, several blocks', [KR_BLOCK * 2 + 5], [0]],
  ['long rows [2, 2·block + 3]', [2, 2 * KR_BLOCK + 3], [1]],
  ['middle axis [3,50,37]', [3, 50, 37], [1]],
  ['size-1 axes [5,1,7] over 0', [5, 1, 7], [0]],
  ['rank 6 [2,3,1,4,5,2] over 0,1,2', [2, 3, 1, 4, 5, 2], [0, 1, 2]],
  ['odd columns [9,3] → [3]', [9, 3], [0]],
  ['single element rows [6,1] over 1', [6, 1], [1]],
];

const OPS: Op[] = ['reduceSum', 'reduceProduct', 'reduceMax', 'reduceMin'];
const DTYPES: FloatType[] = ['float32', 'float64'];

describe.skipIf(!hasWasmSimd())('wasm reductions (kernels=wasm vs float64 reference and kernels=ts)', () => {
  const wasm = new SimpleBackend({ kernels: 'wasm', threads: 1 });
  const ts = new SimpleBackend({ kernels: 'ts', threads: 1 });
  afterAll(() => {
    wasm.dispose();
    ts.dispose();
  });

  for (const dtype of DTYPES) {
    for (const op of OPS) {
      it(`${dtype} ${op}`, () => {
        SHAPES.forEach(([name, dims, axes], i) => {
          const size = dims.reduce((a, b) => a * b, 1);
          if (op === 'reduceProduct' && size > 100000) return;
          // Products of numbers near 1 stay finite.
          const data = random(size, 11 + i).map((v) => (op === 'reduceProduct' ? Math.fround(1 + v / 8) : v));
          const got = run(wasm, op, dtype, dims, axes, data);
          check(op, dtype, dims, axes, data, got);
          const tsGot = run(ts, op, dtype, dims, axes, data);
          if (op === 'reduceMax' || op === 'reduceMin' || isColumns(dims, axes)) {
            expect(countMismatches(got, tsGot), name).toBe(0);
          }
        });
      });
    }
  }

  it('max/min: NaN propagates, infinities are ordinary, a zero result has the sign of the first zero', () => {
    for (const dtype of DTYPES) {
      for (const op of ['reduceMax', 'reduceMin'] as const) {
        const len = 37;
        const rows = 6;
        const sign = op === 'reduceMax' ? -1 : 1;
        const data = random(rows * len, 3).map((v) => sign * (Math.abs(v) + 1)); // all below (above) zero
        data[5] = Number.NaN; // row 0
        data[len + 36] = -sign * Infinity; // row 1: the extreme, in the scalar tail
        data[2 * len + 1] = -0; // row 2: −0 first, +0 later (another lane)
        data[2 * len + 4] = 0;
        data[3 * len + 2] = 0; // row 3: +0 first, −0 later
        data[3 * len + 13] = -0;
        data[4 * len + 33] = -0; // row 4: −0 only, in the tail
        for (let j = 0; j < len; j++) data[5 * len + j] = j % 3 === 0 ? 0 : -0; // row 5: all zeros
        for (const [dims, axes] of [
          [[rows, len], [1]],
          [[len, rows], [0]],
        ] as const) {
          const input = axes[0] === 1 ? data : transpose(data, rows, len);
          const got = run(wasm, op, dtype, [...dims], [...axes], input);
          check(op, dtype, [...dims], [...axes], input, got);
          expect(got[0]).toBeNaN();
          expect(got[1]).toBe(-sign * Infinity);
          expect(Object.is(got[2], -0)).toBe(true);
          expect(Object.is(got[3], 0)).toBe(true);
          expect(Object.is(got[4], -0)).toBe(true);
          expect(Object.is(got[5], 0)).toBe(true);
        }
      }
    }
  });

  it('max/min over long rows: the first zero across blocks wins', () => {
    const len = 2 * KR_BLOCK + 3;
    for (const op of ['reduceMax', 'reduceMin'] as const) {
      const sign = op === 'reduceMax' ? -1 : 1;
      const data = random(2 * len, 8).map((v) => sign * (Math.abs(v) + 1));
      data[KR_BLOCK + 7] = -0; // row 0: −0 in block 1, +0 in block 2
      data[2 * KR_BLOCK + 1] = 0;
      data[len + 3] = 0; // row 1: +0 in block 0, −0 in blocks 1 and 2
      data[len + KR_BLOCK] = -0;
      data[len + 2 * KR_BLOCK + 2] = -0;
      const got = run(wasm, op, 'float32', [2, len], [1], data);
      expect(Object.is(got[0], -0)).toBe(true);
      expect(Object.is(got[1], 0)).toBe(true);
    }
  });

  it('sums: NaN and infinities propagate', () => {
    const data = random(4 * 40, 9);
    data[7] = Number.NaN;
    data[40 + 39] = Infinity;
    data[80 + 1] = Infinity;
    data[80 + 2] = -Infinity;
    const got = run(wasm, 'reduceSum', 'float32', [4, 40], [1], data);
    expect(got[0]).toBeNaN();
    expect(got[1]).toBe(Infinity);
    expect(got[2]).toBeNaN();
    expect(Number.isFinite(got[3] as number)).toBe(true);
  });

  it('zero-size operands and no-op reductions give the identity / a copy', () => {
    expect(Array.from(run(wasm, 'reduceSum', 'float32', [0, 5], [0], []))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(run(wasm, 'reduceMax', 'float64', [3, 0], [1], []))).toEqual([
      -Infinity,
      -Infinity,
      -Infinity,
    ]);
    expect(Array.from(run(wasm, 'reduceMin', 'float32', [], [], [2.5]))).toEqual([2.5]);
    expect(Array.from(run(wasm, 'reduceSum', 'float32', [3, 1], [1], [1, 2, 3]))).toEqual([1, 2, 3]);
  });
});

function transpose(data: readonly number[], rows: number, cols: number): number[] {
  const out = new Array<number>(data.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j]!;
  return out;
}

const threaded = threadSupport() === 'sync' && hasWasmSimd();

describe.skipIf(!threaded)('wasm reductions: threads=2 bitwise equal to threads=1', () => {
  const one = new SimpleBackend({ kernels: 'wasm', threads: 1 });
  const two = new SimpleBackend({ kernels: 'wasm', threads: 2 });
  const runtime = acquireThreads(2);

  beforeAll(async () => {
    expect(two.threads).toBe(2);
    run(two, 'reduceSum', 'float32', [1 << 18], [0], random(1 << 18, 1)); // starts the pool
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

  const cases: Array<[Op, FloatType, number[], number[]]> = [
    ['reduceSum', 'float32', [64, 28, 28, 32], [0, 1, 2]],
    ['reduceSum', 'float32', [300, 1000], [0]],
    ['reduceSum', 'float64', [3, 1200, 77], [1]],
    ['reduceSum', 'float32', [17 * KR_BLOCK + 17], [0]],
    ['reduceSum', 'float32', [2100, 131], [1]],
    ['reduceMax', 'float32', [3, 6 * KR_BLOCK + 1], [1]],
    ['reduceMin', 'float64', [8000, 33], [0]],
  ];
  for (const [op, dtype, dims, axes] of cases) {
    it(`${op} ${dtype} [${dims}] over ${axes}`, () => {
      const pool = runtime!.pool!;
      const before = pool.stats.tasks;
      const data = random(
        dims.reduce((a, b) => a * b, 1),
        5,
      );
      const a = run(one, op, dtype, dims, axes, data);
      const b = run(two, op, dtype, dims, axes, data);
      expect(countMismatches(a, b)).toBe(0);
      expect(pool.stats.tasks, 'the multi-threaded path ran').toBeGreaterThan(before);
      check(op, dtype, dims, axes, data, b);
    });
  }
});
