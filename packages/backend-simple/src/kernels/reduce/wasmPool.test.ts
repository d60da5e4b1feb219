import type { Builder, OpAttrs, Value } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimpleBackend } from '../../backend.js';
import { countMismatches, lcg, runOn } from '../../testing/programs.js';
import { acquireThreads, releaseThreads } from '../../threads/runtime.js';
import { threadSupport } from '../../threads/spawn.js';
import { hasWasmSimd } from '../../wasm/features.js';
import { withKernelVariant } from '../../wasm/variant.js';
import '../index.js';
import { wasmReduceWindow, wasmSelectAndScatter } from './wasmPool.js';

// The wasm pooling kernels against independent float64 reference loops (exact: max/min select a tap,
// sums add in window order in float64 from +0 and round once, as the reference does) and against the
// TypeScript kernels bit for bit, streamed (threads=1) and in place across workers (threads=2).

type Float = 'float32' | 'float64';

interface Geometry {
  dims: [number, number, number, number];
  window: [number, number];
  strides: [number, number];
  padding: [[number, number], [number, number]];
}

function attrs4(g: Geometry): {
  windowDims: number[];
  strides: number[];
  padding: Array<[number, number]>;
} {
  return {
    windowDims: [1, g.window[0], g.window[1], 1],
    strides: [1, g.strides[0], g.strides[1], 1],
    padding: [[0, 0], g.padding[0], g.padding[1], [0, 0]],
  };
}

function reduceAttrs(g: Geometry, reduction: 'max' | 'min' | 'sum'): OpAttrs['reduceWindow'] {
  return { ...attrs4(g), reduction, baseDilations: [1, 1, 1, 1], windowDilations: [1, 1, 1, 1] };
}

function outSize(size: number, window: number, stride: number, [lo, hi]: [number, number]): number {
  const padded = size + lo + hi;
  return padded < window ? 0 : Math.floor((padded - window) / stride) + 1;
}

/** In-bounds taps (flat indices, window order) of output (b, i, j), channel q. */
function windowTaps(g: Geometry, b: number, i: number, j: number, q: number): number[] {
  const [, h, w, c] = g.dims;
  const taps: number[] = [];
  for (let di = 0; di < g.window[0]; di++) {
    const y = i * g.strides[0] + di - g.padding[0][0];
    if (y < 0 || y >= h) continue;
    for (let dj = 0; dj < g.window[1]; dj++) {
      const x = j * g.strides[1] + dj - g.padding[1][0];
      if (x < 0 || x >= w) continue;
      taps.push(((b * h + y) * w + x) * c + q);
    }
  }
  return taps;
}

/** Reference pooling: per window the first extreme tap (NaN wins) or the float64 sum; select adds there. */
function reference(
  g: Geometry,
  x: ArrayLike<number>,
  kind: 'max' | 'min' | 'sum',
  source?: ArrayLike<number>,
) {
  const [n, h, w, c] = g.dims;
  const oh = outSize(h, g.window[0], g.strides[0], g.padding[0]);
  const ow = outSize(w, g.window[1], g.strides[1], g.padding[1]);
  const pooled: number[] = [];
  const grad = new Float64Array(n * h * w * c);
  let o = 0;
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let q = 0; q < c; q++, o++) {
          const taps = windowTaps(g, b, i, j, q);
          if (kind === 'sum') {
            let s = 0;
            for (const t of taps) s += x[t]!;
            pooled.push(s);
            continue;
          }
          let at = -1;
          for (const t of taps) {
            if (at < 0) at = t;
            else if (Number.isNaN(x[at]!)) break;
            else if (Number.isNaN(x[t]!) || (kind === 'max' ? x[t]! > x[at]! : x[t]! < x[at]!)) at = t;
          }
          pooled.push(at < 0 ? (kind === 'max' ? -Infinity : Infinity) : x[at]!);
          if (source && at >= 0) grad[at] = grad[at]! + source[o]!;
        }
  return { pooled, grad: Array.from(grad) };
}

/** Values with ties, signed zeros, infinities and NaNs sprinkled in. */
function values(dtype: Float, size: number, seed: number, specials: boolean): Float32Array | Float64Array {
  const next = lcg(seed);
  const a = dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const u = next();
    if (specials && u < 0.02) a[i] = Number.NaN;
    else if (specials && u < 0.04) a[i] = u < 0.03 ? Infinity : -Infinity;
    else if (specials && u < 0.1) a[i] = u < 0.07 ? -0 : 0;
    else if (u < 0.3)
      a[i] = Math.floor(next() * 4) - 2; // ties
    else a[i] = (next() * 2 - 1) * 1e3 + next() * 1e-5;
  }
  return a;
}

const round = (dtype: Float, v: number[]) => (dtype === 'float32' ? Array.from(Float32Array.from(v)) : v);

const geometries: Array<{ name: string; g: Geometry }> = [
  {
    name: '2×2/2 tiled, 32 channels',
    g: {
      dims: [2, 6, 8, 32],
      window: [2, 2],
      strides: [2, 2],
      padding: [
        [0, 0],
        [0, 0],
      ],
    },
  },
  {
    name: '2×2/2, 3 channels (scalar lanes only)',
    g: {
      dims: [2, 4, 6, 3],
      window: [2, 2],
      strides: [2, 2],
      padding: [
        [0, 0],
        [0, 0],
      ],
    },
  },
  {
    name: '2×2/2 SAME on odd sizes, 6 channels',
    g: {
      dims: [2, 7, 5, 6],
      window: [2, 2],
      strides: [2, 2],
      padding: [
        [0, 1],
        [0, 1],
      ],
    },
  },
  {
    name: '2×2/2 VALID on odd sizes (uncovered rows)',
    g: {
      dims: [1, 7, 7, 8],
      window: [2, 2],
      strides: [2, 2],
      padding: [
        [0, 0],
        [0, 0],
      ],
    },
  },
  {
    name: '3×2 window, stride 3×4 (gaps), 5 channels',
    g: {
      dims: [2, 10, 11, 5],
      window: [3, 2],
      strides: [3, 4],
      padding: [
        [1, 0],
        [0, 2],
      ],
    },
  },
  {
    name: '3×2 window, stride 3×4, inside (masked select with gaps), 8 channels',
    g: {
      dims: [2, 10, 11, 8],
      window: [3, 2],
      strides: [3, 4],
      padding: [
        [0, 0],
        [0, 0],
      ],
    },
  },
  {
    name: '3×3/2 padded (overlapping)',
    g: {
      dims: [2, 9, 8, 4],
      window: [3, 3],
      strides: [2, 2],
      padding: [
        [1, 1],
        [1, 1],
      ],
    },
  },
  {
    name: 'negative padding (crop)',
    g: {
      dims: [1, 9, 9, 4],
      window: [2, 2],
      strides: [2, 2],
      padding: [
        [-1, 0],
        [-1, -2],
      ],
    },
  },
  {
    name: 'windows wholly in padding',
    g: {
      dims: [1, 2, 2, 4],
      window: [2, 2],
      strides: [3, 3],
      padding: [
        [3, 3],
        [0, 3],
      ],
    },
  },
  {
    name: '70 channels (looped vectors + tail)',
    g: {
      dims: [1, 4, 4, 70],
      window: [2, 2],
      strides: [2, 2],
      padding: [
        [0, 0],
        [0, 0],
      ],
    },
  },
  {
    name: '1×1 window, stride 1',
    g: {
      dims: [1, 3, 3, 5],
      window: [1, 1],
      strides: [1, 1],
      padding: [
        [0, 0],
        [0, 0],
      ],
    },
  },
];

describe.skipIf(!hasWasmSimd())('wasm pooling kernels (threads=1, streamed through the arena)', () => {
  const wasm = new SimpleBackend({ kernels: 'wasm' });
  const ts = new SimpleBackend({ kernels: 'ts' });
  afterAll(() => {
    wasm.dispose();
    ts.dispose();
  });

  for (const dtype of ['float32', 'float64'] as const) {
    for (const { name, g } of geometries) {
      const xShape = new Shape(dtype, g.dims);
      for (const kind of ['max', 'min', 'sum'] as const) {
        it(`reduceWindow ${kind} ${dtype}: ${name}`, () => {
          const x = values(dtype, xShape.size, 7, kind !== 'sum');
          const attrs = reduceAttrs(g, kind);
          expect(withKernelVariant('wasm', () => wasmReduceWindow(xShape, attrs))).toBeDefined();
          const expected = round(dtype, reference(g, x, kind).pooled);
          const got = runOn(wasm, [x], [xShape], (b, [p]) => b.reduceWindow(p!, attrs));
          expect(countMismatches(got, expected)).toBe(0);
          const tsGot = runOn(ts, [x], [xShape], (b, [p]) => b.reduceWindow(p!, attrs));
          expect(countMismatches(got, tsGot)).toBe(0);
        });
      }
      for (const kind of ['max', 'min'] as const) {
        it(`selectAndScatter ${kind} ${dtype}: ${name}`, () => {
          const x = values(dtype, xShape.size, 11, true);
          const [n, h, w, c] = g.dims;
          const oh = outSize(h, g.window[0], g.strides[0], g.padding[0]);
          const ow = outSize(w, g.window[1], g.strides[1], g.padding[1]);
          const srcShape = new Shape(dtype, [n, oh, ow, c]);
          const src = values(dtype, srcShape.size, 13, false);
          if (src.length > 0) src[0] = -0; // written as +0
          const attrs = attrs4(g);
          const wasmKernel = withKernelVariant('wasm', () =>
            wasmSelectAndScatter(xShape, attrs, kind === 'max' ? 1 : -1),
          );
          expect(wasmKernel === undefined).toBe(srcShape.size === 0);
          const expected = round(dtype, reference(g, x, kind, src).grad);
          const build = (b: Builder, [p, s]: Value[]) =>
            kind === 'max' ? b.selectAndScatterMax(p!, s!, attrs) : b.selectAndScatterMin(p!, s!, attrs);
          const got = runOn(wasm, [x, src], [xShape, srcShape], build);
          expect(countMismatches(got, expected)).toBe(0);
          const tsGot = runOn(ts, [x, src], [xShape, srcShape], build);
          expect(countMismatches(got, tsGot)).toBe(0);
        });
      }
    }
  }

  it('covers only what it can: other ranks, dtypes, dilations and axes fall back', () => {
    const g = geometries[0]!.g;
    const wasmOf = (shape: Shape, attrs: OpAttrs['reduceWindow']) =>
      withKernelVariant('wasm', () => wasmReduceWindow(shape, attrs));
    expect(wasmOf(new Shape('float32', g.dims), reduceAttrs(g, 'max'))).toBeDefined();
    expect(wasmOf(new Shape('int32', g.dims), reduceAttrs(g, 'max'))).toBeUndefined();
    expect(wasmOf(new Shape('float32', g.dims), reduceAttrs(g, 'product' as 'max'))).toBeUndefined();
    expect(
      wasmOf(new Shape('float32', g.dims), { ...reduceAttrs(g, 'max'), windowDilations: [1, 2, 1, 1] }),
    ).toBeUndefined();
    expect(
      wasmOf(new Shape('float32', g.dims), { ...reduceAttrs(g, 'max'), windowDims: [1, 2, 2, 2] }),
    ).toBeUndefined();
    expect(wasmOf(new Shape('float32', [2, 0, 8, 32]), reduceAttrs(g, 'max'))).toBeUndefined();
    expect(
      withKernelVariant('ts', () => wasmReduceWindow(new Shape('float32', g.dims), reduceAttrs(g, 'max'))),
    ).toBeUndefined();
  });
});

const threaded = threadSupport() === 'sync' && hasWasmSimd();

describe.skipIf(!threaded)('wasm pooling kernels (threads=2, in place)', () => {
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

  const cnn: Geometry = {
    dims: [16, 28, 28, 32],
    window: [2, 2],
    strides: [2, 2],
    padding: [
      [0, 0],
      [0, 0],
    ],
  };
  const padded: Geometry = {
    dims: [8, 15, 13, 12],
    window: [2, 3],
    strides: [3, 3],
    padding: [
      [1, 1],
      [0, 2],
    ],
  };

  for (const [name, g] of [
    ['CNN 2×2/2', cnn],
    ['strided and padded', padded],
  ] as const) {
    for (const dtype of ['float32', 'float64'] as const)
      it(`reduceWindow max/sum and selectAndScatterMax equal threads=1 bit for bit and the reference: ${name} ${dtype}`, () => {
        const pool = runtime!.pool!;
        const before = pool.stats.tasks;
        const xShape = new Shape(dtype, g.dims);
        const x = values(dtype, xShape.size, 5, true);
        for (const kind of ['max', 'sum'] as const) {
          const attrs = reduceAttrs(g, kind);
          const build = (b: Builder, [p]: Value[]) => b.reduceWindow(p!, attrs);
          const a = runOn(one, [x], [xShape], build);
          const b2 = runOn(two, [x], [xShape], build);
          expect(countMismatches(b2, a)).toBe(0);
          expect(countMismatches(b2, round(dtype, reference(g, x, kind).pooled))).toBe(0);
        }
        const [n, h, w, c] = g.dims;
        const srcShape = new Shape(dtype, [
          n,
          outSize(h, g.window[0], g.strides[0], g.padding[0]),
          outSize(w, g.window[1], g.strides[1], g.padding[1]),
          c,
        ]);
        const src = values(dtype, srcShape.size, 9, false);
        const attrs = attrs4(g);
        const build = (b: Builder, [p, s]: Value[]) => b.selectAndScatterMax(p!, s!, attrs);
        const a = runOn(one, [x, src], [xShape, srcShape], build);
        const b2 = runOn(two, [x, src], [xShape, srcShape], build);
        expect(countMismatches(b2, a)).toBe(0);
        expect(countMismatches(b2, round(dtype, reference(g, x, 'max', src).grad))).toBe(0);
        expect(pool.stats.tasks, 'the multi-threaded path ran').toBeGreaterThan(before);
      });
  }
});
