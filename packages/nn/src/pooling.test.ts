import { execOnce, type Node } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import {
  avgPooling,
  globalAvgPooling,
  globalMaxPooling,
  globalSumPooling,
  maxPooling,
  type PoolingOptions,
  sumPooling,
} from './pooling.js';
import { expectClose, flat, seeded, tensor, testBackend } from './testing.js';

/** Direct 2-D pooling loop on [N, H, W, C] with explicit padding; padding is excluded everywhere. */
function poolRef(
  kind: 'max' | 'avg' | 'sum',
  x: number[],
  [n, h, w, c]: [number, number, number, number],
  win: [number, number],
  stride: [number, number],
  pad: [[number, number], [number, number]],
): { y: number[]; dims: number[] } {
  const oh = Math.floor((h + pad[0][0] + pad[0][1] - win[0]) / stride[0]) + 1;
  const ow = Math.floor((w + pad[1][0] + pad[1][1] - win[1]) / stride[1]) + 1;
  const y: number[] = [];
  for (let b = 0; b < n!; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let ch = 0; ch < c!; ch++) {
          let acc = kind === 'max' ? -Infinity : 0;
          let count = 0;
          for (let di = 0; di < win[0]; di++)
            for (let dj = 0; dj < win[1]; dj++) {
              const r = i * stride[0] - pad[0][0] + di;
              const q = j * stride[1] - pad[1][0] + dj;
              if (r < 0 || r >= h! || q < 0 || q >= w!) continue;
              const v = x[((b * h! + r) * w! + q) * c! + ch]!;
              acc = kind === 'max' ? Math.max(acc, v) : acc + v;
              count++;
            }
          y.push(kind === 'avg' ? acc / count : acc);
        }
  return { y, dims: [n!, oh, ow, c!] };
}

const fns = { max: maxPooling, avg: avgPooling, sum: sumPooling };

describe('pooling', () => {
  const dims = [2, 5, 4, 3];
  const xs = seeded(120, 8);
  const configs: Array<{
    options: PoolingOptions;
    win: [number, number];
    stride: [number, number];
    pad: [[number, number], [number, number]];
  }> = [
    {
      options: {},
      win: [2, 2],
      stride: [2, 2],
      pad: [
        [0, 0],
        [0, 0],
      ],
    },
    {
      options: { window: 3, strides: 1 },
      win: [3, 3],
      stride: [1, 1],
      pad: [
        [0, 0],
        [0, 0],
      ],
    },
    {
      options: { window: [2, 3], strides: [2, 1], padding: 'same' },
      win: [2, 3],
      stride: [2, 1],
      pad: [
        [0, 1],
        [1, 1],
      ],
    },
    {
      options: {
        window: 2,
        padding: [
          [1, 0],
          [0, 1],
        ],
      },
      win: [2, 2],
      stride: [2, 2],
      pad: [
        [1, 0],
        [0, 1],
      ],
    },
  ];
  for (const kind of ['max', 'avg', 'sum'] as const) {
    configs.forEach(({ options, win, stride, pad }, k) => {
      it(`${kind} pooling, config ${k}: shape and values vs a loop`, () => {
        const y = execOnce(testBackend, (x: Node) => fns[kind](x, options), tensor(xs, dims));
        const ref = poolRef(kind, xs, dims as [number, number, number, number], win, stride, pad);
        expect(y.dims).toEqual(ref.dims);
        expectClose(flat(y), ref.y, 1e-12);
      });
    });
  }

  it('1-D and channels-first pooling', () => {
    const y = execOnce(
      testBackend,
      (x: Node) => maxPooling(x, { window: 2 }),
      tensor([1, 5, 2, 4, 3, 0], [1, 6, 1]),
    );
    expectClose(flat(y), [5, 4, 3]);
    const z = execOnce(
      testBackend,
      (x: Node) => avgPooling(x, { window: 3, channelsFirst: true }),
      tensor([1, 2, 3, 4, 5, 6], [1, 2, 3]),
    );
    expect(z.dims).toEqual([1, 2, 1]);
    expectClose(flat(z), [2, 5]);
  });

  it('global pooling over all spatial axes', () => {
    const x = tensor(xs, dims);
    const per = (reduce: (vals: number[]) => number): number[] => {
      const out: number[] = [];
      for (let b = 0; b < 2; b++)
        for (let c = 0; c < 3; c++) {
          const vals: number[] = [];
          for (let s = 0; s < 20; s++) vals.push(xs[(b * 20 + s) * 3 + c]!);
          out.push(reduce(vals));
        }
      return out;
    };
    const mx = execOnce(testBackend, (v: Node) => globalMaxPooling(v), x);
    expect(mx.dims).toEqual([2, 3]);
    expectClose(
      flat(mx),
      per((v) => Math.max(...v)),
    );
    const sum = (v: number[]): number => v.reduce((p, q) => p + q, 0);
    expectClose(flat(execOnce(testBackend, (v: Node) => globalSumPooling(v), x)), per(sum), 1e-12);
    const avg = execOnce(testBackend, (v: Node) => globalAvgPooling(v, { keepDims: true }), x);
    expect(avg.dims).toEqual([2, 1, 1, 3]);
    expectClose(
      flat(avg),
      per((v) => sum(v) / v.length),
      1e-12,
    );
    const first = execOnce(
      testBackend,
      (v: Node) => globalMaxPooling(v, { channelsFirst: true }),
      tensor([1, 4, 2, 3], [1, 2, 2]),
    );
    expectClose(flat(first), [4, 3]);
  });

  it('rejects inputs without spatial axes', () => {
    expect(() => execOnce(testBackend, (v: Node) => globalAvgPooling(v), tensor([1, 2], [1, 2]))).toThrow(
      /rank ≥ 3/,
    );
    expect(() => execOnce(testBackend, (v: Node) => maxPooling(v), tensor([1, 2], [1, 2]))).toThrow(
      /rank ≥ 3/,
    );
  });
});
