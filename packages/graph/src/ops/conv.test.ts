import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { execOnce } from '../exec.js';
import { Graph } from '../graph.js';
import type { Node } from '../node.js';
import { Tensor } from '../tensor.js';
import { testBackend as backend, expectClose, nest, randomValues } from '../testing.js';
import { conv } from './conv.js';
import { avgPool, maxPool, sumPool } from './pool.js';
import { transpose } from './shape.js';

interface Conv2d {
  n: number;
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  co: number;
  stride: [number, number];
  pad: [[number, number], [number, number]];
  dilation: [number, number];
  groups: number;
}

/** Reference NHWC convolution with an HWIO kernel, in float64 loops. */
function refConv(x: number[], k: number[], p: Conv2d): { out: number[]; dims: number[] } {
  const eh = (p.kh - 1) * p.dilation[0] + 1;
  const ew = (p.kw - 1) * p.dilation[1] + 1;
  const oh = Math.floor((p.h + p.pad[0][0] + p.pad[0][1] - eh) / p.stride[0]) + 1;
  const ow = Math.floor((p.w + p.pad[1][0] + p.pad[1][1] - ew) / p.stride[1]) + 1;
  const cin = p.c / p.groups;
  const coutPerGroup = p.co / p.groups;
  const out: number[] = [];
  for (let n = 0; n < p.n; n++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let o = 0; o < p.co; o++) {
          const group = Math.floor(o / coutPerGroup);
          let s = 0;
          for (let a = 0; a < p.kh; a++)
            for (let b = 0; b < p.kw; b++) {
              const y = i * p.stride[0] + a * p.dilation[0] - p.pad[0][0];
              const z = j * p.stride[1] + b * p.dilation[1] - p.pad[1][0];
              if (y < 0 || y >= p.h || z < 0 || z >= p.w) continue;
              for (let ci = 0; ci < cin; ci++) {
                const xv = x[((n * p.h + y) * p.w + z) * p.c + group * cin + ci]!;
                const kv = k[((a * p.kw + b) * cin + ci) * p.co + o]!;
                s += xv * kv;
              }
            }
          out.push(s);
        }
  return { out, dims: [p.n, oh, ow, p.co] };
}

function runConv(p: Conv2d, build: (x: Node, k: Node) => Node) {
  const x = randomValues(p.n * p.h * p.w * p.c, 21);
  const k = randomValues(p.kh * p.kw * (p.c / p.groups) * p.co, 22);
  const out = execOnce(
    backend,
    build,
    Tensor.from(new Float64Array(x), { shape: [p.n, p.h, p.w, p.c] }),
    Tensor.from(new Float64Array(k), { shape: [p.kh, p.kw, p.c / p.groups, p.co] }),
  );
  const ref = refConv(x, k, p);
  expect(out.dims).toEqual(ref.dims);
  expectClose(out.toArray(), nest(ref.out, ref.dims), 1e-12);
}

describe('conv', () => {
  it("strides with 'same' padding (channels last)", () => {
    // 'same' with input 7, kernel 3, stride 2: output 4, total padding (4-1)*2+3-7 = 2 → [1, 1].
    const p: Conv2d = {
      n: 2,
      h: 7,
      w: 6,
      c: 3,
      kh: 3,
      kw: 3,
      co: 4,
      stride: [2, 2],
      pad: [
        [1, 1],
        [1, 1],
      ],
      dilation: [1, 1],
      groups: 1,
    };
    // width 6: output 3, total (3-1)*2+3-6 = 1 → [0, 1].
    p.pad[1] = [0, 1];
    runConv(p, (x, k) => conv(x, k).strides(2).padding('same').done());
  });

  it('dilates the kernel, pads explicitly and splits groups', () => {
    const p: Conv2d = {
      n: 1,
      h: 6,
      w: 5,
      c: 4,
      kh: 2,
      kw: 3,
      co: 6,
      stride: [1, 2],
      pad: [
        [2, 0],
        [1, 1],
      ],
      dilation: [2, 1],
      groups: 2,
    };
    runConv(p, (x, k) =>
      conv(x, k)
        .strides([1, 2])
        .padding([
          [2, 0],
          [1, 1],
        ])
        .dilations([2, 1])
        .groups(2)
        .done(),
    );
  });

  it('gives the same result channels first (NCHW input, OIHW kernel)', () => {
    const p: Conv2d = {
      n: 1,
      h: 4,
      w: 4,
      c: 2,
      kh: 3,
      kw: 3,
      co: 3,
      stride: [1, 1],
      pad: [
        [0, 0],
        [0, 0],
      ],
      dilation: [1, 1],
      groups: 1,
    };
    runConv(p, (x, k) => {
      const y = conv(transpose(x, [0, 3, 1, 2]), transpose(k, [3, 2, 0, 1]))
        .channelsFirst()
        .done();
      return transpose(y, [0, 2, 3, 1]);
    });
  });

  it('explains channel and rank mismatches', () => {
    const g = new Graph();
    const x = g.parameter(new Shape('float32', [1, 5, 5, 3]));
    const k = g.parameter(new Shape('float32', [3, 3, 4, 8]));
    expect(() => conv(x, k).done()).toThrow(
      /kernel input channels \(axis 2: 4\) must equal input channels \/ groups = 3\/1/,
    );
    expect(() => conv(x, g.parameter(new Shape('float32', [3, 3]))).done()).toThrow(/same rank ≥ 3/);
    expect(() => conv(x, k).groups(2).done()).toThrow(/groups \(2\) must divide the input channels \(3\)/);
    expect(() =>
      conv(x, g.parameter(new Shape('float32', [3, 3, 3, 2])))
        .padding('full' as never)
        .done(),
    ).toThrow(/padding must be 'valid', 'same' or 2 \[low, high\] integer pairs/);
  });
});

/** Reference 2-D pooling over NHWC with the given window, stride and padding. */
function refPool(
  x: number[],
  [n, h, w, c]: [number, number, number, number],
  win: number,
  stride: number,
  pad: [[number, number], [number, number]],
  kind: 'max' | 'sum' | 'avg',
) {
  const oh = Math.floor((h + pad[0][0] + pad[0][1] - win) / stride) + 1;
  const ow = Math.floor((w + pad[1][0] + pad[1][1] - win) / stride) + 1;
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let ch = 0; ch < c; ch++) {
          let acc = kind === 'max' ? Number.NEGATIVE_INFINITY : 0;
          let count = 0;
          for (let a = 0; a < win; a++)
            for (let e = 0; e < win; e++) {
              const y = i * stride + a - pad[0][0];
              const z = j * stride + e - pad[1][0];
              if (y < 0 || y >= h || z < 0 || z >= w) continue;
              const v = x[((b * h + y) * w + z) * c + ch]!;
              acc = kind === 'max' ? Math.max(acc, v) : acc + v;
              count++;
            }
          out.push(kind === 'avg' ? acc / count : acc);
        }
  return nest(out, [n, oh, ow, c]);
}

describe('pooling', () => {
  const dims: [number, number, number, number] = [2, 5, 5, 3];
  const x = randomValues(2 * 5 * 5 * 3, 31);
  const tx = Tensor.from(new Float64Array(x), { shape: dims });

  it("max, sum and avg pooling with 'valid' and 'same' padding", () => {
    const outs = execOnce(
      backend,
      (t: Node) => [
        maxPool(t).done(),
        sumPool(t).window(3).strides(1).done(),
        avgPool(t).window(2).strides(2).padding('same').done(),
        maxPool(t).window(3).strides(2).padding('same').done(),
      ],
      tx,
    );
    expectClose(
      outs[0]!.toArray(),
      refPool(
        x,
        dims,
        2,
        2,
        [
          [0, 0],
          [0, 0],
        ],
        'max',
      ),
      1e-12,
    );
    expectClose(
      outs[1]!.toArray(),
      refPool(
        x,
        dims,
        3,
        1,
        [
          [0, 0],
          [0, 0],
        ],
        'sum',
      ),
      1e-12,
    );
    // 'same', size 5, window 2, stride 2: output 3, total padding (3-1)*2+2-5 = 1 → [0, 1].
    expectClose(
      outs[2]!.toArray(),
      refPool(
        x,
        dims,
        2,
        2,
        [
          [0, 1],
          [0, 1],
        ],
        'avg',
      ),
      1e-12,
    );
    // window 3, stride 2: output 3, total (3-1)*2+3-5 = 2 → [1, 1].
    expectClose(
      outs[3]!.toArray(),
      refPool(
        x,
        dims,
        3,
        2,
        [
          [1, 1],
          [1, 1],
        ],
        'max',
      ),
      1e-12,
    );
  });

  it('pools channels-first input', () => {
    const out = execOnce(
      backend,
      (t: Node) =>
        transpose(
          maxPool(transpose(t, [0, 3, 1, 2]))
            .channelsFirst()
            .done(),
          [0, 2, 3, 1],
        ),
      tx,
    );
    expectClose(
      out.toArray(),
      refPool(
        x,
        dims,
        2,
        2,
        [
          [0, 0],
          [0, 0],
        ],
        'max',
      ),
      1e-12,
    );
  });
});
