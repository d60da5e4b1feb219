import type { Context } from '@tsmlx/context';
import { type Node, type Tensor, transpose } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import { convolution } from './convolution.js';
import {
  checkParameterGradients,
  expectClose,
  flat,
  newContext,
  projection,
  seeded,
  tensor,
  testBackend,
  varValues,
} from './testing.js';

interface ConvConfig {
  filters: number;
  kernel: number[];
  strides?: number[];
  padding?: 'same' | 'valid' | Array<[number, number]>;
  dilations?: number[];
  groups?: number;
  bias?: boolean;
  channelsFirst?: boolean;
}

/** All index tuples of `dims`, row-major. */
function indices(dims: readonly number[]): number[][] {
  const out: number[][] = [[]];
  for (const d of dims) {
    const next: number[][] = [];
    for (const prefix of out) for (let i = 0; i < d; i++) next.push([...prefix, i]);
    out.splice(0, out.length, ...next);
  }
  return out;
}

function offsetOf(index: readonly number[], dims: readonly number[]): number {
  let o = 0;
  for (let i = 0; i < dims.length; i++) o = o * dims[i]! + index[i]!;
  return o;
}

/** Direct-loop convolution, channels last: x [N, ...S, C], w [...K, C/g, F] → [N, ...O, F]. */
function convRef(
  x: number[],
  xDims: number[],
  w: number[],
  cfg: ConvConfig,
  bias: number[] | undefined,
): { y: number[]; dims: number[] } {
  const n = xDims.length - 2;
  const [batch, channels] = [xDims[0]!, xDims[n + 1]!];
  const spatial = xDims.slice(1, n + 1);
  const strides = cfg.strides ?? spatial.map(() => 1);
  const dil = cfg.dilations ?? spatial.map(() => 1);
  const groups = cfg.groups ?? 1;
  const eff = cfg.kernel.map((k, i) => (k - 1) * dil[i]! + 1);
  let pads: Array<[number, number]>;
  if (cfg.padding === 'same') {
    pads = spatial.map((s, i) => {
      const out = Math.ceil(s / strides[i]!);
      const total = Math.max((out - 1) * strides[i]! + eff[i]! - s, 0);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
  } else if (Array.isArray(cfg.padding)) pads = cfg.padding;
  else pads = spatial.map(() => [0, 0]);
  const outSpatial = spatial.map(
    (s, i) => Math.floor((s + pads[i]![0] + pads[i]![1] - eff[i]!) / strides[i]!) + 1,
  );
  const perGroupIn = channels / groups;
  const perGroupOut = cfg.filters / groups;
  const wDims = [...cfg.kernel, perGroupIn, cfg.filters];
  const y: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (const o of indices(outSpatial)) {
      for (let f = 0; f < cfg.filters; f++) {
        const group = Math.floor(f / perGroupOut);
        let s = bias ? bias[f]! : 0;
        for (const k of indices(cfg.kernel)) {
          const pos = o.map((oi, i) => oi * strides[i]! - pads[i]![0] + k[i]! * dil[i]!);
          if (pos.some((p, i) => p < 0 || p >= spatial[i]!)) continue;
          for (let c = 0; c < perGroupIn; c++) {
            const xv = x[offsetOf([b, ...pos, group * perGroupIn + c], xDims)]!;
            s += xv * w[offsetOf([...k, c, f], wDims)]!;
          }
        }
        y.push(s);
      }
    }
  }
  return { y, dims: [batch, ...outSpatial, cfg.filters] };
}

function build(ctx: Context, x: Node, cfg: ConvConfig): Node {
  const b = convolution(ctx, x).filters(cfg.filters).kernelSize(cfg.kernel);
  if (cfg.strides) b.strides(cfg.strides);
  if (cfg.padding) b.padding(cfg.padding);
  if (cfg.dilations) b.dilations(cfg.dilations);
  if (cfg.groups) b.groups(cfg.groups);
  if (cfg.bias === false) b.useBias(false);
  if (cfg.channelsFirst) b.channelsFirst();
  return b.done();
}

const cases: Array<{ name: string; dims: number[]; cfg: ConvConfig }> = [
  { name: '1-D valid', dims: [2, 7, 3], cfg: { filters: 4, kernel: [3] } },
  {
    name: '1-D same, stride 2, dilation 2',
    dims: [1, 9, 2],
    cfg: { filters: 3, kernel: [3], strides: [2], padding: 'same', dilations: [2] },
  },
  { name: '2-D same', dims: [2, 5, 4, 3], cfg: { filters: 2, kernel: [3, 3], padding: 'same' } },
  {
    name: '2-D strided explicit padding, no bias',
    dims: [1, 6, 5, 2],
    cfg: {
      filters: 3,
      kernel: [2, 3],
      strides: [2, 1],
      padding: [
        [1, 0],
        [2, 1],
      ],
      bias: false,
    },
  },
  { name: '2-D grouped (2 groups)', dims: [1, 4, 4, 4], cfg: { filters: 6, kernel: [2, 2], groups: 2 } },
  {
    name: '2-D depthwise',
    dims: [1, 4, 3, 3],
    cfg: { filters: 3, kernel: [3, 2], groups: 3, padding: 'same' },
  },
  { name: '3-D', dims: [1, 3, 4, 3, 2], cfg: { filters: 2, kernel: [2, 2, 2], strides: [1, 2, 1] } },
];

describe('convolution', () => {
  for (const { name, dims, cfg } of cases) {
    it(`${name}: ${JSON.stringify(dims)} — shape and values vs a direct loop`, () => {
      const ctx = newContext();
      const xs = seeded(
        dims.reduce((p, q) => p * q, 1),
        11,
      );
      const exec = ctx.exec(testBackend, (c: Context, x: Node) => build(c.in('conv'), x, cfg));
      exec.call(tensor(xs, dims));
      const w = varValues(ctx, '/conv/weights');
      let bias: number[] | undefined;
      if (cfg.bias !== false) {
        ctx.getVariable('/conv/biases')!.setValue(seeded(cfg.filters, 12));
        bias = varValues(ctx, '/conv/biases');
      }
      const y = exec.call(tensor(xs, dims)) as Tensor;
      const ref = convRef(xs, dims, w, cfg, bias);
      expect(y.dims).toEqual(ref.dims);
      expectClose(flat(y), ref.y, 1e-12);
    });
  }

  it('channels first equals channels last on transposed data and weights', () => {
    const cfg: ConvConfig = { filters: 3, kernel: [2, 3], padding: 'same', strides: [2, 1] };
    const dims = [2, 5, 4, 2]; // NHWC
    const xs = seeded(80, 21);
    const last = newContext();
    const yLast = last
      .exec(testBackend, (c: Context, x: Node) => build(c, x, cfg))
      .call(tensor(xs, dims)) as Tensor;
    const first = newContext();
    const exec = first.exec(testBackend, (c: Context, x: Node) =>
      transpose(build(c, transpose(x, [0, 3, 1, 2]), { ...cfg, channelsFirst: true }), [0, 2, 3, 1]),
    );
    exec.call(tensor(xs, dims));
    expect(first.getVariable('/weights')!.shape.dims).toEqual([3, 2, 2, 3]); // [F, C, KH, KW]
    // Copy the channels-last weights [KH, KW, C, F] into [F, C, KH, KW].
    const w = varValues(last, '/weights');
    const wFirst: number[] = [];
    for (let f = 0; f < 3; f++)
      for (let c = 0; c < 2; c++)
        for (let i = 0; i < 2; i++)
          for (let j = 0; j < 3; j++) wFirst.push(w[((i * 3 + j) * 2 + c) * 3 + f]!);
    first.getVariable('/weights')!.setValue(wFirst);
    const yFirst = exec.call(tensor(xs, dims)) as Tensor;
    expect(yFirst.dims).toEqual(yLast.dims);
    expectClose(flat(yFirst), flat(yLast), 1e-12);
  });

  it('has correct gradients for weights and biases', () => {
    const ctx = newContext();
    const cfg: ConvConfig = { filters: 2, kernel: [2, 2], padding: 'same', strides: [2, 1] };
    const n = checkParameterGradients(ctx, (c, x) => projection(build(c, x, cfg)), [
      tensor(seeded(30, 4), [1, 5, 3, 2]),
    ]);
    expect(n).toBe(2 * 2 * 2 * 2 + 2);
  });

  it('errors name the scope and what is missing', () => {
    const ctx = newContext().in('features').in('conv_1');
    const x = tensor(seeded(16, 1), [1, 4, 4, 1]);
    const run = (fn: (c: Context, v: Node) => Node): unknown => ctx.exec(testBackend, fn).call(x);
    expect(() => run((c, v) => convolution(c, v).kernelSize(3).done())).toThrow(
      /convolution at scope "\/features\/conv_1": the number of filters is not set; call \.filters\(n\)/,
    );
    expect(() => run((c, v) => convolution(c, v).filters(2).done())).toThrow(/kernel size is not set/);
    expect(() => run((c, v) => convolution(c, v).filters(2).kernelSize([3, 3, 3]).done())).toThrow(
      /kernelSize must be a positive integer or 2 of them/,
    );
    expect(() => run((c, v) => convolution(c, v).filters(3).kernelSize(3).groups(2).done())).toThrow(
      /groups \(2\) must divide/,
    );
    expect(() =>
      ctx
        .exec(testBackend, (c: Context, v: Node) => convolution(c, v).filters(2).kernelSize(1).done())
        .call(tensor([1, 2], [1, 2])),
    ).toThrow(/\/features\/conv_1.*rank ≥ 3/);
  });
});
