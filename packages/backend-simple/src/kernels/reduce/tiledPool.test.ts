import { Builder, type Value } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { SimpleBackend } from '../../backend.js';
import '../index.js';

const backend = new SimpleBackend();

function run(inputs: AnyStorageArray[], shapes: Shape[], build: (b: Builder, p: Value[]) => Value): number[] {
  const b = new Builder('tiled_pool_test', backend);
  const params = shapes.map((s) => b.parameter(s));
  const exe = b.compile([build(b, params)]);
  const buffers = inputs.map((x, i) => backend.bufferFromHost(x, shapes[i]!));
  const [out] = exe.execute(buffers);
  const data = Array.from(out!.toHostSync()! as Float32Array);
  out!.dispose();
  for (const buffer of buffers) buffer.dispose();
  exe.dispose();
  return data;
}

/** Reference pooling over [n, h, w, c] with window = stride = [wh, ww]: the first extreme tap, NaN wins. */
function reference(x: number[], dims: number[], wh: number, ww: number, sign: number, source: number[]) {
  const [n, h, w, c] = dims as [number, number, number, number];
  const pooled: number[] = [];
  const grad = new Array<number>(x.length).fill(0);
  let o = 0;
  for (let b = 0; b < n; b++)
    for (let i = 0; i < h / wh; i++)
      for (let j = 0; j < w / ww; j++)
        for (let q = 0; q < c; q++, o++) {
          let at = -1;
          for (let di = 0; di < wh; di++)
            for (let dj = 0; dj < ww; dj++) {
              const k = ((b * h + i * wh + di) * w + j * ww + dj) * c + q;
              if (at < 0) at = k;
              else if (!Number.isNaN(x[at]!) && (Number.isNaN(x[k]!) || sign * x[k]! > sign * x[at]!)) at = k;
            }
          pooled.push(x[at]!);
          grad[at] = grad[at]! + source[o]!;
        }
  return { pooled, grad };
}

const cases: Array<{ name: string; dims: number[]; wh: number; ww: number; values: (i: number) => number }> =
  [
    { name: 'distinct values, 2×2', dims: [2, 4, 6, 3], wh: 2, ww: 2, values: (i) => Math.sin(i * 1.7) * 10 },
    {
      name: 'ties pick the first tap',
      dims: [1, 4, 4, 2],
      wh: 2,
      ww: 2,
      values: (i) => (i % 5 === 0 ? 1 : 0),
    },
    {
      name: 'NaN and infinities, 3×2',
      dims: [1, 6, 4, 2],
      wh: 3,
      ww: 2,
      values: (i) =>
        i % 7 === 3
          ? Number.NaN
          : i % 11 === 0
            ? Number.POSITIVE_INFINITY
            : i % 13 === 0
              ? -Infinity
              : i - 20,
    },
  ];

describe('tiled max/min pooling fast path', () => {
  for (const { name, dims, wh, ww, values } of cases) {
    for (const [op, sign] of [
      ['max', 1],
      ['min', -1],
    ] as const) {
      it(`${op}: ${name}`, () => {
        const xShape = new Shape('float32', dims);
        const x = Float32Array.from({ length: xShape.size }, (_v, i) => values(i));
        const outDims = [dims[0]!, dims[1]! / wh, dims[2]! / ww, dims[3]!];
        const sShape = new Shape('float32', outDims);
        const source = Float32Array.from({ length: sShape.size }, (_v, i) => (i % 4 === 1 ? -0 : i + 0.5));
        const window = {
          windowDims: [1, wh, ww, 1],
          strides: [1, wh, ww, 1],
          padding: dims.map(() => [0, 0] as [number, number]),
        };
        const expected = reference(Array.from(x), dims, wh, ww, sign, Array.from(source));
        const pooled = run([x], [xShape], (b, [v]) =>
          b.reduceWindow(v!, {
            ...window,
            reduction: op,
            baseDilations: [1, 1, 1, 1],
            windowDilations: [1, 1, 1, 1],
          }),
        );
        expect(pooled).toEqual(expected.pooled);
        const grad = run([x, source], [xShape, sShape], (b, [v, s]) =>
          op === 'max' ? b.selectAndScatterMax(v!, s!, window) : b.selectAndScatterMin(v!, s!, window),
        );
        expect(grad.map((g) => Object.is(g, -0))).toEqual(grad.map(() => false));
        expect(grad).toEqual(expected.grad);
      });
    }
  }
});
