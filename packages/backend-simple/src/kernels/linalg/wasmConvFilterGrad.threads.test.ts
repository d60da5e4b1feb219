import type { OpAttrs } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimpleBackend } from '../../backend.js';
import '../index.js';
import { bitwiseEqual, randoms, runOn } from '../../testing/programs.js';
import { acquireThreads, releaseThreads } from '../../threads/runtime.js';
import { threadSupport } from '../../threads/spawn.js';
import { hasWasmSimd } from '../../wasm/features.js';

// The forward convolution on the GEMM (patches packed across the pool, output written in place) and the
// split convolution paths (kernel gradients split over the contraction, short contractions split
// over output rows) give the same bits with 1 and 2 threads: the contraction blocks are fixed by the
// shape and summed in block order. Values are checked against float64 sums.

type Attrs = OpAttrs['convGeneral'];

/** convGeneral(x, g) on `backend` in the steady state, on the host. */
function run(
  backend: SimpleBackend,
  x: Float32Array,
  xDims: number[],
  g: Float32Array,
  gDims: number[],
  a: Attrs,
): Float32Array {
  const shapes = [new Shape('float32', xDims), new Shape('float32', gDims)];
  return runOn<Float32Array>(backend, [x, g], shapes, (b, [px, pg]) => b.convGeneral(px!, pg!, a));
}

const same = (p: [number, number]): [number, number][] => [p, p];

/** The kernel gradient of an NHWC 3×3 `same` convolution (batch n, size h×w, cin → cout), as autodiff writes it. */
function kernelGrad(n: number, h: number, w: number, cin: number, cout: number) {
  const attrs: Attrs = {
    inputBatchAxis: 3,
    inputChannelsAxis: 0,
    inputSpatialAxes: [1, 2],
    kernelInputChannelsAxis: 0,
    kernelOutputChannelsAxis: 3,
    kernelSpatialAxes: [1, 2],
    outputBatchAxis: 2,
    outputChannelsAxis: 3,
    outputSpatialAxes: [0, 1],
    strides: [1, 1],
    padding: same([1, 1]),
    inputDilations: [1, 1],
    kernelDilations: [1, 1],
    featureGroupCount: 1,
    batchGroupCount: 1,
  };
  const xDims = [n, h, w, cin];
  const gDims = [n, h, w, cout];
  const x = randoms(n * h * w * cin, 21);
  const g = randoms(n * h * w * cout, 22);
  /** dW[kh, kw, c, o] in float64 and Σ|products|. */
  const reference = (kh: number, kw: number, c: number, o: number) => {
    let s = 0;
    let m = 0;
    for (let b = 0; b < n; b++)
      for (let i = 0; i < h; i++)
        for (let j = 0; j < w; j++) {
          const yi = i + kh - 1;
          const yj = j + kw - 1;
          if (yi < 0 || yj < 0 || yi >= h || yj >= w) continue;
          const v = x[((b * h + yi) * w + yj) * cin + c]! * g[((b * h + i) * w + j) * cout + o]!;
          s += v;
          m += Math.abs(v);
        }
    return { s, m, depth: n * h * w };
  };
  return {
    attrs,
    xDims,
    gDims,
    x,
    g,
    reference,
    outIndex: (kh: number, kw: number, c: number, o: number) => ((kh * 3 + kw) * cin + c) * cout + o,
  };
}

const enabled = threadSupport() === 'sync' && hasWasmSimd();

describe.skipIf(!enabled)('split wasm convolutions, threads=2 bitwise equal to threads=1', () => {
  const one = new SimpleBackend({ threads: 1 });
  const two = new SimpleBackend({ threads: 2 });
  const runtime = acquireThreads(2);

  beforeAll(async () => {
    expect(two.threads).toBe(2);
    run(two, randoms(4, 1), [1, 2, 2, 1], randoms(4, 2), [1, 2, 2, 1], kernelGrad(1, 2, 2, 1, 1).attrs);
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

  for (const [n, h, w, cin, cout] of [
    [16, 28, 28, 1, 32],
    [12, 14, 14, 32, 64],
    [9, 13, 11, 3, 10],
  ] as const) {
    it(`kernel gradient ${n}×${h}×${w}×${cin} → ${cout}`, () => {
      const k = kernelGrad(n, h, w, cin, cout);
      const pool = runtime!.pool!;
      const before = pool.stats.tasks;
      const a = run(one, k.x, k.xDims, k.g, k.gDims, k.attrs);
      const b = run(two, k.x, k.xDims, k.g, k.gDims, k.attrs);
      expect(pool.stats.tasks, 'the multi-threaded path ran').toBeGreaterThan(before);
      expect(bitwiseEqual(b, a)).toBe(true);
      for (const [kh, kw, c, o] of [
        [0, 0, 0, 0],
        [2, 2, cin - 1, cout - 1],
        [1, 0, Math.floor(cin / 2), 3],
        [0, 2, 0, cout - 2],
      ] as const) {
        const r = k.reference(kh, kw, c, o);
        const got = a[k.outIndex(kh, kw, c, o)]!;
        // Float32 sums of `depth` products: |error| ≤ (depth + 2)·2⁻²⁴·Σ|products|.
        expect(Math.abs(got - r.s)).toBeLessThanOrEqual(1e-6 + (r.depth + 2) * 2 ** -24 * r.m);
      }
    });
  }

  it('short contraction (1 input channel) forward', () => {
    const [n, h, w, cout] = [16, 28, 28, 32];
    const attrs: Attrs = {
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
      padding: same([1, 1]),
      inputDilations: [1, 1],
      kernelDilations: [1, 1],
      featureGroupCount: 1,
      batchGroupCount: 1,
    };
    const x = randoms(n * h * w, 31);
    const k = randoms(9 * cout, 32);
    const a = run(one, x, [n, h, w, 1], k, [3, 3, 1, cout], attrs);
    const b = run(two, x, [n, h, w, 1], k, [3, 3, 1, cout], attrs);
    expect(bitwiseEqual(b, a)).toBe(true);
    for (const [bi, i, j, o] of [
      [0, 0, 0, 0],
      [n - 1, h - 1, w - 1, cout - 1],
      [5, 13, 27, 7],
    ] as const) {
      let s = 0;
      let m = 0;
      for (let kh = 0; kh < 3; kh++)
        for (let kw = 0; kw < 3; kw++) {
          const yi = i + kh - 1;
          const yj = j + kw - 1;
          if (yi < 0 || yj < 0 || yi >= h || yj >= w) continue;
          const v = x[(bi * h + yi) * w + yj]! * k[(kh * 3 + kw) * cout + o]!;
          s += v;
          m += Math.abs(v);
        }
      const got = a[((bi * h + i) * w + j) * cout + o]!;
      expect(Math.abs(got - s)).toBeLessThanOrEqual(1e-6 + 11 * 2 ** -24 * m);
    }
  });

  for (const [n, h, w] of [
    [16, 14, 14],
    [3, 7, 7],
  ] as const) {
    it(`forward ${n}×${h}×${w}×32 → 64 on the GEMM (parallel patch packing)`, () => {
      const [cin, cout] = [32, 64];
      const attrs: Attrs = {
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
        padding: same([1, 1]),
        inputDilations: [1, 1],
        kernelDilations: [1, 1],
        featureGroupCount: 1,
        batchGroupCount: 1,
      };
      const x = randoms(n * h * w * cin, 41);
      const k = randoms(9 * cin * cout, 42);
      const a = run(one, x, [n, h, w, cin], k, [3, 3, cin, cout], attrs);
      const b = run(two, x, [n, h, w, cin], k, [3, 3, cin, cout], attrs);
      expect(bitwiseEqual(b, a)).toBe(true);
      for (const [bi, i, j, o] of [
        [0, 0, 0, 0],
        [n - 1, h - 1, w - 1, cout - 1],
        [1, 3, 6, 33],
      ] as const) {
        let s = 0;
        let m = 0;
        for (let kh = 0; kh < 3; kh++)
          for (let kw = 0; kw < 3; kw++) {
            const yi = i + kh - 1;
            const yj = j + kw - 1;
            if (yi < 0 || yj < 0 || yi >= h || yj >= w) continue;
            for (let c = 0; c < cin; c++) {
              const v = x[((bi * h + yi) * w + yj) * cin + c]! * k[((kh * 3 + kw) * cin + c) * cout + o]!;
              s += v;
              m += Math.abs(v);
            }
          }
        const got = b[((bi * h + i) * w + j) * cout + o]!;
        expect(Math.abs(got - s)).toBeLessThanOrEqual(1e-6 + (9 * cin + 2) * 2 ** -24 * m);
      }
    });
  }
});
