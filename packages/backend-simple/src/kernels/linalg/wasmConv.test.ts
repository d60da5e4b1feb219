import type { OpAttrs } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { randoms } from '../../testing/programs.js';
import { hasWasmSimd } from '../../wasm/features.js';
import { wasmConvKernel } from './wasmConv.js';

type Attrs = OpAttrs['convGeneral'];

const stridesOf = (dims: readonly number[]) => {
  const s = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) s[i] = s[i + 1]! * dims[i + 1]!;
  return s;
};

/** Direct float64 convGeneral (XLA semantics, 2 spatial axes): values and Σ|products| per output. */
function reference(x: Float32Array, xDims: number[], w: Float32Array, wDims: number[], a: Attrs) {
  const fg = a.featureGroupCount;
  const bg = a.batchGroupCount;
  const inSp = a.inputSpatialAxes.map((ax) => xDims[ax]!);
  const kSp = a.kernelSpatialAxes.map((ax) => wDims[ax]!);
  const outSp = inSp.map((n, d) => {
    const dn = (n - 1) * a.inputDilations[d]! + 1;
    const dk = (kSp[d]! - 1) * a.kernelDilations[d]! + 1;
    return Math.floor((dn + a.padding[d]![0] + a.padding[d]![1] - dk) / a.strides[d]!) + 1;
  });
  const outBatch = xDims[a.inputBatchAxis]! / bg;
  const cout = wDims[a.kernelOutputChannelsAxis]!;
  const cin = wDims[a.kernelInputChannelsAxis]!;
  const outDims = new Array<number>(4);
  outDims[a.outputBatchAxis] = outBatch;
  outDims[a.outputChannelsAxis] = cout;
  a.outputSpatialAxes.forEach((ax, d) => {
    outDims[ax] = outSp[d]!;
  });
  const xs = stridesOf(xDims);
  const ws = stridesOf(wDims);
  const os = stridesOf(outDims);
  const size = outDims.reduce((p, d) => p * d, 1);
  const value = new Float64Array(size);
  const abs = new Float64Array(size);
  const groups = fg * bg;
  const coutG = cout / groups;
  for (let b = 0; b < outBatch; b++)
    for (let o = 0; o < cout; o++)
      for (let y = 0; y < outSp[0]!; y++)
        for (let z = 0; z < outSp[1]!; z++) {
          const g = Math.floor(o / coutG);
          let s = 0;
          let m = 0;
          for (let ky = 0; ky < kSp[0]!; ky++)
            for (let kz = 0; kz < kSp[1]!; kz++) {
              const py = y * a.strides[0]! + ky * a.kernelDilations[0]! - a.padding[0]![0];
              const pz = z * a.strides[1]! + kz * a.kernelDilations[1]! - a.padding[1]![0];
              if (py % a.inputDilations[0]! !== 0 || pz % a.inputDilations[1]! !== 0) continue;
              const iy = py / a.inputDilations[0]!;
              const iz = pz / a.inputDilations[1]!;
              if (iy < 0 || iz < 0 || iy >= inSp[0]! || iz >= inSp[1]!) continue;
              for (let c = 0; c < cin; c++) {
                const ic = fg > 1 ? g * cin + c : c;
                const ib = bg > 1 ? g * outBatch + b : b;
                const xi =
                  ib * xs[a.inputBatchAxis]! +
                  ic * xs[a.inputChannelsAxis]! +
                  iy * xs[a.inputSpatialAxes[0]!]! +
                  iz * xs[a.inputSpatialAxes[1]!]!;
                const wi =
                  c * ws[a.kernelInputChannelsAxis]! +
                  o * ws[a.kernelOutputChannelsAxis]! +
                  ky * ws[a.kernelSpatialAxes[0]!]! +
                  kz * ws[a.kernelSpatialAxes[1]!]!;
                s += x[xi]! * w[wi]!;
                m += Math.abs(x[xi]! * w[wi]!);
              }
            }
          const oi =
            b * os[a.outputBatchAxis]! +
            o * os[a.outputChannelsAxis]! +
            y * os[a.outputSpatialAxes[0]!]! +
            z * os[a.outputSpatialAxes[1]!]!;
          value[oi] = s;
          abs[oi] = m;
        }
  return { value, abs, outDims };
}

const nhwc = (w: Partial<Attrs> = {}): Attrs => ({
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
    [0, 0],
    [0, 0],
  ],
  inputDilations: [1, 1],
  kernelDilations: [1, 1],
  featureGroupCount: 1,
  batchGroupCount: 1,
  ...w,
});

const nchw = (w: Partial<Attrs> = {}): Attrs =>
  nhwc({
    inputChannelsAxis: 1,
    inputSpatialAxes: [2, 3],
    kernelInputChannelsAxis: 1,
    kernelOutputChannelsAxis: 0,
    kernelSpatialAxes: [2, 3],
    outputChannelsAxis: 1,
    outputSpatialAxes: [2, 3],
    ...w,
  });

/** Dims of an operand from sizes per role. */
function dimsFor(
  batch: number,
  ch: number,
  sp: readonly number[],
  bAx: number,
  cAx: number,
  spAx: readonly number[],
) {
  const d = new Array<number>(4);
  d[bAx] = batch;
  d[cAx] = ch;
  spAx.forEach((ax, i) => {
    d[ax] = sp[i]!;
  });
  return d;
}

interface Case {
  name: string;
  attrs: Attrs;
  batch: number;
  cin: number;
  cout: number;
  size: [number, number];
  k: [number, number];
  maxTableEntries?: number;
}

const cases: Case[] = [
  {
    name: 'NHWC 3x3 same',
    attrs: nhwc({
      padding: [
        [1, 1],
        [1, 1],
      ],
    }),
    batch: 2,
    cin: 8,
    cout: 16,
    size: [7, 6],
    k: [3, 3],
  },
  {
    name: 'NHWC odd channels',
    attrs: nhwc({
      padding: [
        [1, 2],
        [0, 1],
      ],
    }),
    batch: 3,
    cin: 5,
    cout: 7,
    size: [5, 9],
    k: [3, 2],
  },
  { name: 'one channel', attrs: nhwc(), batch: 1, cin: 1, cout: 3, size: [6, 6], k: [2, 2] },
  {
    name: 'deep (split mid-tap)',
    attrs: nhwc({
      padding: [
        [1, 1],
        [1, 1],
      ],
    }),
    batch: 2,
    cin: 36,
    cout: 9,
    size: [5, 5],
    k: [3, 3],
  },
  {
    name: 'strides + dilations',
    attrs: nhwc({
      strides: [2, 3],
      kernelDilations: [2, 1],
      inputDilations: [1, 2],
      padding: [
        [2, 1],
        [1, 2],
      ],
    }),
    batch: 2,
    cin: 6,
    cout: 5,
    size: [9, 7],
    k: [2, 3],
  },
  {
    name: 'negative padding',
    attrs: nhwc({
      padding: [
        [-1, 0],
        [1, -2],
      ],
    }),
    batch: 2,
    cin: 4,
    cout: 4,
    size: [7, 8],
    k: [2, 2],
  },
  {
    name: 'NCHW',
    attrs: nchw({
      padding: [
        [1, 1],
        [1, 1],
      ],
    }),
    batch: 2,
    cin: 6,
    cout: 4,
    size: [6, 5],
    k: [3, 3],
  },
  {
    name: 'feature groups',
    attrs: nhwc({
      featureGroupCount: 3,
      padding: [
        [1, 1],
        [1, 1],
      ],
    }),
    batch: 2,
    cin: 2,
    cout: 6,
    size: [5, 5],
    k: [3, 3],
  },
  {
    name: 'batch groups',
    attrs: nhwc({ batchGroupCount: 2 }),
    batch: 4,
    cin: 3,
    cout: 4,
    size: [5, 4],
    k: [2, 2],
  },
  {
    name: 'run-time table',
    attrs: nhwc({
      padding: [
        [1, 1],
        [1, 1],
      ],
    }),
    batch: 3,
    cin: 7,
    cout: 5,
    size: [9, 11],
    k: [3, 3],
    maxTableEntries: 10,
  },
  {
    name: 'kernel-gradient layout (channels = batch axis)',
    attrs: nhwc({
      inputBatchAxis: 3,
      inputChannelsAxis: 0,
      kernelInputChannelsAxis: 2,
      kernelOutputChannelsAxis: 3,
      outputBatchAxis: 2,
      outputChannelsAxis: 3,
      outputSpatialAxes: [0, 1],
      padding: [
        [1, 1],
        [1, 1],
      ],
    }),
    batch: 5,
    cin: 6,
    cout: 4,
    size: [6, 6],
    k: [6, 6],
  },
];

describe.runIf(hasWasmSimd())('wasm convGeneral (SIMD patch packing)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const a = c.attrs;
      const groups = a.featureGroupCount * a.batchGroupCount;
      const inCh = a.featureGroupCount * c.cin;
      const xDims = dimsFor(c.batch, inCh, c.size, a.inputBatchAxis, a.inputChannelsAxis, a.inputSpatialAxes);
      const wDims = dimsFor(
        c.cout,
        c.cin,
        c.k,
        a.kernelOutputChannelsAxis,
        a.kernelInputChannelsAxis,
        a.kernelSpatialAxes,
      );
      expect(c.cout % groups).toBe(0);
      const x = randoms(
        xDims.reduce((p, d) => p * d, 1),
        7,
      );
      const w = randoms(
        wDims.reduce((p, d) => p * d, 1),
        11,
      );
      const ref = reference(x, xDims, w, wDims, a);
      const run = wasmConvKernel(
        new Shape('float32', xDims),
        new Shape('float32', wDims),
        new Shape('float32', ref.outDims),
        a,
        { maxTableEntries: c.maxTableEntries },
      )!;
      for (let rep = 0; rep < 2; rep++) {
        const out = run([x, w])[0] as Float32Array;
        expect(out.length).toBe(ref.value.length);
        const depth = c.cin * c.k[0] * c.k[1];
        for (let i = 0; i < out.length; i++) {
          const tol = 1e-7 + (depth + 2) * 2 ** -24 * ref.abs[i]!;
          if (Math.abs(out[i]! - ref.value[i]!) > tol)
            expect(`${i}: ${out[i]}`).toBe(`${i}: ${ref.value[i]}`);
        }
      }
    });
  }
});
