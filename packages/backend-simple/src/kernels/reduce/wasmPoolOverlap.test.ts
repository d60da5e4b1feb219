import type { Builder, Value } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimpleBackend } from '../../backend.js';
import { countMismatches, lcg, runOn } from '../../testing/programs.js';
import { acquireThreads, releaseThreads } from '../../threads/runtime.js';
import { threadSupport } from '../../threads/spawn.js';
import { hasWasmSimd } from '../../wasm/features.js';
import { withKernelVariant } from '../../wasm/variant.js';
import '../index.js';
import { wasmSelectAndScatter } from './wasmPool.js';

// selectAndScatterMax/Min over overlapping windows (stride < window) in WebAssembly: every element sums the
// source values of the windows selecting it, in float64, in row-major window order, rounded once. Checked
// bit for bit against an independent float64 reference loop, against the TypeScript kernel, and
// threads=2 against threads=1.

type Float = 'float32' | 'float64';

interface Geometry {
  dims: [number, number, number, number];
  window: [number, number];
  strides: [number, number];
  padding: [[number, number], [number, number]];
}

const attrsOf = (g: Geometry) => ({
  windowDims: [1, g.window[0], g.window[1], 1],
  strides: [1, g.strides[0], g.strides[1], 1],
  padding: [[0, 0], g.padding[0], g.padding[1], [0, 0]] as Array<[number, number]>,
});

function outSize(size: number, window: number, stride: number, [lo, hi]: [number, number]): number {
  const padded = size + lo + hi;
  return padded < window ? 0 : Math.floor((padded - window) / stride) + 1;
}

/** Reference gradient: windows in row-major order, first extreme in-bounds tap (NaN wins), float64 sums. */
function reference(g: Geometry, x: ArrayLike<number>, src: ArrayLike<number>, max: boolean): Float64Array {
  const [n, h, w, c] = g.dims;
  const [wh, ww] = g.window;
  const [sh, sw] = g.strides;
  const oh = outSize(h, wh, sh, g.padding[0]);
  const ow = outSize(w, ww, sw, g.padding[1]);
  const grad = new Float64Array(n * h * w * c);
  let o = 0;
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let q = 0; q < c; q++, o++) {
          let at = -1;
          for (let di = 0; di < wh; di++) {
            const y = i * sh + di - g.padding[0][0];
            if (y < 0 || y >= h) continue;
            for (let dj = 0; dj < ww; dj++) {
              const xx = j * sw + dj - g.padding[1][0];
              if (xx < 0 || xx >= w) continue;
              const t = ((b * h + y) * w + xx) * c + q;
              if (at < 0) at = t;
              else if (Number.isNaN(x[at]!)) continue;
              else if (Number.isNaN(x[t]!) || (max ? x[t]! > x[at]! : x[t]! < x[at]!)) at = t;
            }
          }
          if (at >= 0) grad[at] = grad[at]! + src[o]!;
        }
  return grad;
}

/** Pseudo-random values; with `specials`, NaNs, infinities, signed zeros and many ties. */
function values(dtype: Float, size: number, seed: number, specials: boolean): Float32Array | Float64Array {
  const next = lcg(seed);
  const a = dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const u = next();
    if (specials && u < 0.02) a[i] = Number.NaN;
    else if (specials && u < 0.04) a[i] = u < 0.03 ? Infinity : -Infinity;
    else if (u < 0.12) a[i] = u < 0.08 ? -0 : 0;
    else if (u < 0.4)
      a[i] = Math.floor(next() * 3) - 1; // ties
    // Sums of these round differently in float32 and float64: accumulation order and width show.
    else if (u < 0.6) a[i] = 1 + Math.floor(next() * 8) * 2 ** -23;
    else a[i] = (next() * 2 - 1) * 1e3 + next() * 1e-5;
  }
  return a;
}

const geo = (
  dims: Geometry['dims'],
  window: Geometry['window'],
  strides: Geometry['strides'],
  padding: Geometry['padding'] = [
    [0, 0],
    [0, 0],
  ],
): Geometry => ({ dims, window, strides, padding });

const geometries: Array<[string, Geometry]> = [
  [
    '3×3/2 padded (ResNet stem), 1 channel',
    geo(
      [2, 9, 8, 1],
      [3, 3],
      [2, 2],
      [
        [1, 1],
        [1, 1],
      ],
    ),
  ],
  [
    '3×3/2 padded, 5 channels, odd sizes',
    geo(
      [2, 11, 7, 5],
      [3, 3],
      [2, 2],
      [
        [1, 1],
        [1, 1],
      ],
    ),
  ],
  ['3×3/2 unpadded, 3 channels', geo([2, 9, 11, 3], [3, 3], [2, 2])],
  ['3×3/2 unpadded, 70 channels (looped vectors + tail)', geo([1, 7, 9, 70], [3, 3], [2, 2])],
  [
    '3×3/2 padded, 70 channels',
    geo(
      [2, 6, 5, 70],
      [3, 3],
      [2, 2],
      [
        [1, 1],
        [1, 1],
      ],
    ),
  ],
  ['2×2/1, 3 channels', geo([2, 5, 6, 3], [2, 2], [1, 1])],
  ['2×2/1, 8 channels (masked-size window inside)', geo([1, 6, 5, 8], [2, 2], [1, 1])],
  ['3×3/1, 5 channels', geo([2, 7, 6, 5], [3, 3], [1, 1])],
  [
    '3×3/1 SAME, 70 channels',
    geo(
      [1, 5, 5, 70],
      [3, 3],
      [1, 1],
      [
        [1, 1],
        [1, 1],
      ],
    ),
  ],
  [
    '3×2 window, stride 2×1, asymmetric padding, 6 channels',
    geo(
      [2, 8, 7, 6],
      [3, 2],
      [2, 1],
      [
        [2, 0],
        [0, 1],
      ],
    ),
  ],
  ['overlap in columns only (2×3 / 2×2), 4 channels', geo([1, 6, 9, 4], [2, 3], [2, 2])],
  [
    'negative padding (crop), 3×3/2, 4 channels',
    geo(
      [1, 9, 9, 4],
      [3, 3],
      [2, 2],
      [
        [-1, 0],
        [0, -2],
      ],
    ),
  ],
];

describe.skipIf(!hasWasmSimd())('wasm selectAndScatter, overlapping windows (threads=1)', () => {
  const wasm = new SimpleBackend({ kernels: 'wasm' });
  const ts = new SimpleBackend({ kernels: 'ts' });
  afterAll(() => {
    wasm.dispose();
    ts.dispose();
  });

  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, g] of geometries) {
      for (const kind of ['max', 'min'] as const) {
        it(`${kind} ${dtype}: ${name}`, () => {
          const xShape = new Shape(dtype, g.dims);
          const [n, h, w, c] = g.dims;
          const oh = outSize(h, g.window[0], g.strides[0], g.padding[0]);
          const ow = outSize(w, g.window[1], g.strides[1], g.padding[1]);
          const srcShape = new Shape(dtype, [n, oh, ow, c]);
          const x = values(dtype, xShape.size, 3 + h * w, true);
          const src = values(dtype, srcShape.size, 17 + c, false);
          const attrs = attrsOf(g);
          const sign = kind === 'max' ? 1 : -1;
          expect(withKernelVariant('wasm', () => wasmSelectAndScatter(xShape, attrs, sign))).toBeDefined();
          const ref = reference(g, x, src, kind === 'max');
          const expected = dtype === 'float32' ? Float32Array.from(ref) : ref;
          const build = (b: Builder, [p, s]: Value[]) =>
            kind === 'max' ? b.selectAndScatterMax(p!, s!, attrs) : b.selectAndScatterMin(p!, s!, attrs);
          const got = runOn(wasm, [x, src], [xShape, srcShape], build);
          expect(countMismatches(got, expected)).toBe(0);
          expect(countMismatches(got, runOn(ts, [x, src], [xShape, srcShape], build))).toBe(0);
        });
      }
    }
  }

  it('all-tie windows: every window selects its first tap, sums round once from float64', () => {
    const g = geo([1, 5, 5, 1], [3, 3], [1, 1]);
    const xShape = new Shape('float32', g.dims);
    const srcShape = new Shape('float32', [1, 3, 3, 1]);
    const x = new Float32Array(25).fill(-0);
    x[6] = 0; // +0 does not beat −0: still the first tap
    // Each window (i, j) selects x[i·5 + j]; all go to distinct elements except none: check exact values.
    const src = Float32Array.from([1, 2 ** -24, 3, 4, 5, 6, 7, 8, 9]);
    const got = runOn(wasm, [x, src], [xShape, srcShape], (b, [p, s]) =>
      b.selectAndScatterMax(p!, s!, attrsOf(g)),
    );
    const expected = new Float32Array(25);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expected[i * 5 + j] = src[i * 3 + j]!;
    expect(countMismatches(got, expected)).toBe(0);
  });

  it('a shared maximum sums in float64 before rounding to float32', () => {
    // 2×2/1 on a 3×3 image whose centre is the maximum of all four windows.
    const g = geo([1, 3, 3, 1], [2, 2], [1, 1]);
    const x = Float32Array.from([0, 0, 0, 0, 5, 0, 0, 0, 0]);
    const src = Float32Array.from([1, 2 ** -24, 2 ** -24, 2 ** -24]);
    const got = runOn(
      wasm,
      [x, src],
      [new Shape('float32', g.dims), new Shape('float32', [1, 2, 2, 1])],
      (b, [p, s]) => b.selectAndScatterMax(p!, s!, attrsOf(g)),
    );
    // float64: 1 + 3·2⁻²⁴ rounds to 1 + 2⁻²² in float32 (sequential float32 additions would give 1).
    expect(got[4]).toBe(1 + 2 ** -22);
    expect(countMismatches(got, Float32Array.from([0, 0, 0, 0, 1 + 2 ** -22, 0, 0, 0, 0]))).toBe(0);
  });
});

const threaded = threadSupport() === 'sync' && hasWasmSimd();

describe.skipIf(!threaded)('wasm selectAndScatter, overlapping windows (threads=2, in place)', () => {
  const one = new SimpleBackend({ threads: 1 });
  const two = new SimpleBackend({ threads: 2 });
  const runtime = acquireThreads(2);

  beforeAll(async () => {
    const s = new Shape('float32', [4]);
    runOn(two, [new Float32Array(4)], [s], (b, [x]) => b.add(x!, x!)); // starts the pool
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

  const cases: Array<[string, Geometry]> = [
    [
      '3×3/2 padded, 16 channels, 5 images',
      geo(
        [5, 14, 13, 16],
        [3, 3],
        [2, 2],
        [
          [1, 1],
          [1, 1],
        ],
      ),
    ],
    ['3×3/1, 5 channels, 3 images', geo([3, 15, 14, 5], [3, 3], [1, 1])],
    ['2×2/1, 70 channels, 1 image', geo([1, 6, 7, 70], [2, 2], [1, 1])],
  ];
  for (const [name, g] of cases) {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const kind of ['max', 'min'] as const) {
        it(`${kind} ${dtype}: ${name} equals threads=1 and the reference bit for bit`, () => {
          const pool = runtime!.pool!;
          const before = pool.stats.tasks;
          const xShape = new Shape(dtype, g.dims);
          const [n, h, w, c] = g.dims;
          const srcShape = new Shape(dtype, [
            n,
            outSize(h, g.window[0], g.strides[0], g.padding[0]),
            outSize(w, g.window[1], g.strides[1], g.padding[1]),
            c,
          ]);
          const x = values(dtype, xShape.size, 5, true);
          const src = values(dtype, srcShape.size, 9, false);
          const attrs = attrsOf(g);
          const build = (b: Builder, [p, s]: Value[]) =>
            kind === 'max' ? b.selectAndScatterMax(p!, s!, attrs) : b.selectAndScatterMin(p!, s!, attrs);
          const a = runOn(one, [x, src], [xShape, srcShape], build);
          const b2 = runOn(two, [x, src], [xShape, srcShape], build);
          expect(countMismatches(b2, a)).toBe(0);
          const ref = reference(g, x, src, kind === 'max');
          expect(countMismatches(b2, dtype === 'float32' ? Float32Array.from(ref) : ref)).toBe(0);
          if (n > 1) expect(pool.stats.tasks, 'the multi-threaded path ran').toBeGreaterThan(before);
        });
      }
    }
  }
});
