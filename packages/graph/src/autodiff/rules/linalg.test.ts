import type { OpAttrs } from '@tsmlx/backends';
import { describe, expect, it } from 'vitest';
import * as raw from '../../gen_ops.js';
import type { Node } from '../../node.js';
import { randomValues } from '../../testing.js';
import { gradient } from '../gradient.js';
import './index.js';
import { analyticGradients, checkGradients, inputValues, project } from './ruleTesting.js';

type DotAttrs = OpAttrs['dotGeneral'];

const dot = (lb: number[], lc: number[], rb: number[], rc: number[]): DotAttrs => ({
  lhsBatchAxes: lb,
  lhsContractingAxes: lc,
  rhsBatchAxes: rb,
  rhsContractingAxes: rc,
});

describe('dotGeneral VJP', () => {
  it.each([
    ['matrix product', [3, 4], [4, 5], dot([], [1], [], [0])],
    ['A·Bᵀ', [3, 4], [5, 4], dot([], [1], [], [1])],
    ['Aᵀ·B', [4, 3], [4, 5], dot([], [0], [], [0])],
    ['vector dot', [6], [6], dot([], [0], [], [0])],
    ['outer product', [3], [4], dot([], [], [], [])],
    ['scalar times matrix', [], [2, 3], dot([], [], [], [])],
    ['batched', [2, 3, 4], [2, 4, 5], dot([0], [2], [0], [1])],
    ['batch axis last on rhs', [2, 3, 4], [4, 5, 2], dot([0], [2], [2], [0])],
    ['two contracting axes, swapped order', [2, 3, 4], [4, 3, 5], dot([], [1, 2], [], [1, 0])],
    ['two batch axes, mixed', [2, 4, 3, 5], [3, 5, 2, 6], dot([0, 2], [3], [2, 0], [1])],
    ['free axes on both sides, contracting in the middle', [2, 3, 2], [3, 2, 2], dot([], [1], [], [0])],
  ] as const)('%s matches finite differences', (_name, lhsDims, rhsDims, attrs) => {
    checkGradients(
      (l, r) => project(raw.dotGeneral(l!, r!, attrs)),
      [
        { dims: lhsDims, seed: 3 },
        { dims: rhsDims, seed: 4 },
      ],
    );
  });

  it('closed form: d/dA sum(A·B) is the broadcast of the row sums of B', () => {
    const b = inputValues({ dims: [4, 3], seed: 4 });
    const [dA, dB] = analyticGradients(
      (a, bb) => raw.reduceSum(raw.dotGeneral(a!, bb!, dot([], [1], [], [0])), { axes: [0, 1] }),
      [
        { dims: [2, 4], seed: 3 },
        { dims: [4, 3], values: b },
      ],
      [0, 1],
    );
    const a = inputValues({ dims: [2, 4], seed: 3 });
    const rowSums = [0, 1, 2, 3].map((k) => b[3 * k]! + b[3 * k + 1]! + b[3 * k + 2]!);
    const colSums = [0, 1, 2, 3].map((k) => a[k]! + a[4 + k]!);
    expect(dA!.map((v) => Number(v.toFixed(12)))).toEqual(
      [...rowSums, ...rowSums].map((v) => Number(v.toFixed(12))),
    );
    // d/dB_kj sum(A·B) = Σ_i A_ik.
    dB!.forEach((v, i) => {
      expect(v).toBeCloseTo(colSums[Math.floor(i / 3)]!, 12);
    });
  });

  it('only builds the cotangent asked for (the other operand is a constant)', () => {
    checkGradients(
      (l, r) => project(raw.dotGeneral(l!, r!, dot([], [1], [], [0]))),
      [{ dims: [2, 3] }, { dims: [3, 2], seed: 5 }],
      { wrt: [1] },
    );
  });

  it('has a gradient of the gradient: Σ (∂/∂A ΣAB)² depends on B only', () => {
    // L(A, B) = Σ_ij ((A·B)_ij)²; its gradient w.r.t. A is 2·(AB)·Bᵀ, itself differentiable.
    const loss = (a: Node, b: Node) => {
      const ab = raw.dotGeneral(a, b, dot([], [1], [], [0]));
      return raw.reduceSum(raw.mul(ab, ab), { axes: [0, 1] });
    };
    checkGradients(
      (a, b) => project(gradient(loss(a!, b!), a!)[0]!, 7),
      [
        { dims: [2, 3], seed: 8 },
        { dims: [3, 2], seed: 9 },
      ],
    );
  });
});

type ConvAttrs = OpAttrs['convGeneral'];

/** Attributes of a channels-last (NHWC / HWIO) or channels-first (NCHW / OIHW) convolution. */
function convAttrs(
  spatial: number,
  layout: 'last' | 'first',
  options: Partial<Omit<ConvAttrs, 'inputSpatialAxes'>> = {},
): ConvAttrs {
  const s = Array.from({ length: spatial }, (_, i) => i);
  const ones = s.map(() => 1);
  const base =
    layout === 'last'
      ? {
          inputBatchAxis: 0,
          inputChannelsAxis: spatial + 1,
          inputSpatialAxes: s.map((i) => i + 1),
          kernelInputChannelsAxis: spatial,
          kernelOutputChannelsAxis: spatial + 1,
          kernelSpatialAxes: s,
          outputBatchAxis: 0,
          outputChannelsAxis: spatial + 1,
          outputSpatialAxes: s.map((i) => i + 1),
        }
      : {
          inputBatchAxis: 0,
          inputChannelsAxis: 1,
          inputSpatialAxes: s.map((i) => i + 2),
          kernelInputChannelsAxis: 1,
          kernelOutputChannelsAxis: 0,
          kernelSpatialAxes: s.map((i) => i + 2),
          outputBatchAxis: 0,
          outputChannelsAxis: 1,
          outputSpatialAxes: s.map((i) => i + 2),
        };
  return {
    ...base,
    strides: ones,
    padding: s.map((): [number, number] => [0, 0]),
    inputDilations: ones,
    kernelDilations: ones,
    featureGroupCount: 1,
    batchGroupCount: 1,
    ...options,
  };
}

/** Dims of an input (or kernel) in a layout: `[n, ...spatial, c]` or `[n, c, ...spatial]`. */
function dimsOf(layout: 'last' | 'first', n: number, c: number, spatial: number[], kernel = false): number[] {
  if (layout === 'last') return kernel ? [...spatial, n, c] : [n, ...spatial, c];
  return kernel ? [c, n, ...spatial] : [n, c, ...spatial];
}

interface ConvCase {
  name: string;
  layout: 'last' | 'first';
  batch: number;
  inChannels: number;
  outChannels: number;
  size: number[];
  kernel: number[];
  options?: Partial<ConvAttrs>;
}

const convCases: ConvCase[] = [
  { name: '1-D valid', layout: 'last', batch: 2, inChannels: 2, outChannels: 3, size: [7], kernel: [3] },
  {
    name: '1-D NCW stride 2 padding [1, 2]',
    layout: 'first',
    batch: 1,
    inChannels: 2,
    outChannels: 2,
    size: [8],
    kernel: [3],
    options: { strides: [2], padding: [[1, 2]] },
  },
  {
    name: '2-D NHWC stride 2 (uneven: last input row unused)',
    layout: 'last',
    batch: 2,
    inChannels: 2,
    outChannels: 3,
    size: [6, 5],
    kernel: [2, 3],
    options: { strides: [2, 2] },
  },
  {
    name: '2-D NCHW same padding',
    layout: 'first',
    batch: 2,
    inChannels: 3,
    outChannels: 2,
    size: [5, 4],
    kernel: [3, 3],
    options: {
      padding: [
        [1, 1],
        [1, 1],
      ],
    },
  },
  {
    name: '2-D kernel dilation 2',
    layout: 'last',
    batch: 1,
    inChannels: 2,
    outChannels: 2,
    size: [7, 6],
    kernel: [2, 2],
    options: {
      kernelDilations: [2, 2],
      padding: [
        [1, 0],
        [0, 2],
      ],
    },
  },
  {
    name: '2-D input dilation 2 (transposed conv) with stride',
    layout: 'first',
    batch: 1,
    inChannels: 2,
    outChannels: 2,
    size: [4, 3],
    kernel: [3, 2],
    options: {
      inputDilations: [2, 2],
      strides: [1, 2],
      padding: [
        [2, 2],
        [1, 1],
      ],
    },
  },
  {
    name: '2-D negative padding',
    layout: 'last',
    batch: 1,
    inChannels: 1,
    outChannels: 2,
    size: [6, 6],
    kernel: [2, 2],
    options: {
      padding: [
        [-1, 0],
        [1, -2],
      ],
    },
  },
  {
    name: '2-D groups 2',
    layout: 'last',
    batch: 2,
    inChannels: 4,
    outChannels: 6,
    size: [4, 4],
    kernel: [2, 2],
    options: { featureGroupCount: 2 },
  },
  {
    name: '2-D NCHW depthwise (multiplier 2) with stride 2',
    layout: 'first',
    batch: 1,
    inChannels: 3,
    outChannels: 6,
    size: [5, 5],
    kernel: [3, 3],
    options: {
      featureGroupCount: 3,
      strides: [2, 2],
      padding: [
        [1, 1],
        [1, 1],
      ],
    },
  },
  {
    name: '2-D batch groups 2',
    layout: 'last',
    batch: 4,
    inChannels: 2,
    outChannels: 4,
    size: [4, 3],
    kernel: [2, 2],
    options: { batchGroupCount: 2 },
  },
  {
    name: '2-D NCHW batch groups 2, stride 2, kernel dilation 2',
    layout: 'first',
    batch: 2,
    inChannels: 3,
    outChannels: 2,
    size: [7, 6],
    kernel: [2, 2],
    options: { batchGroupCount: 2, strides: [2, 1], kernelDilations: [2, 2] },
  },
  {
    name: '3-D NDHWC stride 2, padding',
    layout: 'last',
    batch: 1,
    inChannels: 2,
    outChannels: 2,
    size: [4, 3, 4],
    kernel: [2, 2, 2],
    options: {
      strides: [2, 1, 2],
      padding: [
        [0, 1],
        [1, 0],
        [0, 0],
      ],
    },
  },
  {
    name: '3-D NCDHW groups 2, dilations',
    layout: 'first',
    batch: 1,
    inChannels: 2,
    outChannels: 2,
    size: [3, 4, 3],
    kernel: [2, 2, 1],
    options: { featureGroupCount: 2, kernelDilations: [1, 2, 1], inputDilations: [2, 1, 1] },
  },
];

describe('convGeneral VJP', () => {
  it.each(convCases)('$name matches finite differences', (c) => {
    const groups = c.options?.featureGroupCount ?? 1;
    const attrs = convAttrs(c.size.length, c.layout, c.options);
    checkGradients(
      (x, k) => project(raw.convGeneral(x!, k!, attrs)),
      [
        { dims: dimsOf(c.layout, c.batch, c.inChannels, c.size), seed: 11 },
        { dims: dimsOf(c.layout, c.inChannels / groups, c.outChannels, c.kernel, true), seed: 12 },
      ],
    );
  });

  it('closed form: 1-D single channel, d/dk Σ_o conv(x, k)_o = window sums of x', () => {
    // y_o = Σ_t x_{o+t} k_t for o = 0..2 (x of 5, k of 3): ∂Σy/∂k_t = x_t + x_{t+1} + x_{t+2};
    // ∂Σy/∂x_i = Σ of k_t over the windows covering i.
    const x = [1, 2, 3, 4, 5];
    const k = [0.5, -1, 2];
    const [dx, dk] = analyticGradients(
      (xx, kk) => raw.reduceSum(raw.convGeneral(xx!, kk!, convAttrs(1, 'last')), { axes: [0, 1, 2] }),
      [
        { dims: [1, 5, 1], values: x },
        { dims: [3, 1, 1], values: k },
      ],
      [0, 1],
    );
    expect(dk).toEqual([6, 9, 12]);
    expect(dx).toEqual([0.5, -0.5, 1.5, 1, 2]);
  });

  it('gives zeros when the output is empty', () => {
    const attrs = convAttrs(1, 'last');
    const [dx, dk] = analyticGradients(
      (x, k) => raw.reduceSum(raw.convGeneral(x!, k!, attrs), { axes: [0, 1, 2] }),
      [{ dims: [1, 2, 1] }, { dims: [3, 1, 1] }],
      [0, 1],
    );
    expect(dx).toEqual([0, 0]);
    expect(dk).toEqual([0, 0, 0]);
  });

  it('works in float32 (same cotangents as float64 within float32 rounding)', () => {
    const attrs = convAttrs(2, 'first', {
      strides: [2, 1],
      featureGroupCount: 2,
      padding: [
        [1, 0],
        [0, 1],
      ],
    });
    const loss = (x: Node, k: Node) => raw.reduceSum(raw.convGeneral(x, k, attrs), { axes: [0, 1, 2, 3] });
    const x = { dims: [2, 4, 5, 4], seed: 3 };
    const k = { dims: [2, 2, 3, 2], seed: 4 };
    const [dx64, dk64] = analyticGradients((a, b) => loss(a!, b!), [x, k], [0, 1]);
    const f32 = (input: { dims: number[]; seed: number }) => ({
      dims: input.dims,
      dtype: 'float32' as const,
      values: Array.from(new Float32Array(inputValues(input))),
    });
    const [dx32, dk32] = analyticGradients((a, b) => loss(a!, b!), [f32(x), f32(k)], [0, 1]);
    dx32!.forEach((v, i) => {
      expect(Math.abs(v - dx64![i]!)).toBeLessThan(1e-5);
    });
    dk32!.forEach((v, i) => {
      expect(Math.abs(v - dk64![i]!)).toBeLessThan(1e-4);
    });
  });

  it('has a gradient of the gradient (input cotangent differentiated w.r.t. the kernel)', () => {
    const attrs = convAttrs(2, 'last', { strides: [2, 1], featureGroupCount: 2 });
    const w = randomValues(2 * 5 * 4 * 4, 3);
    expect(w.length).toBe(160);
    checkGradients(
      (x, k) => {
        const y = raw.convGeneral(x!, k!, attrs);
        const loss = raw.reduceSum(raw.mul(y, y), { axes: [0, 1, 2, 3] });
        return project(gradient(loss, x!)[0]!, 5);
      },
      [
        { dims: [1, 5, 4, 4], seed: 1 },
        { dims: [2, 2, 2, 4], seed: 2 },
      ],
    );
  });
});
