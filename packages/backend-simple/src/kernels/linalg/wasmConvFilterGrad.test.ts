import type { OpAttrs } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { randoms } from '../../testing/programs.js';
import { hasWasmSimd } from '../../wasm/features.js';
import { withKernelVariant } from '../../wasm/variant.js';
import { wasmConvFilterGradKernel } from './wasmConvFilterGrad.js';

type Attrs = OpAttrs['convGeneral'];

const stridesOf = (dims: readonly number[]) => {
  const s = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) s[i] = s[i + 1]! * dims[i + 1]!;
  return s;
};

const dilated = (n: number, d: number) => (n === 0 ? 0 : (n - 1) * d + 1);

/** A forward convolution (2 spatial axes) and the attributes of its kernel-gradient convolution. */
interface Forward {
  attrs: Attrs;
  xDims: number[];
  wDims: number[];
  yDims: number[];
}

/** Dims of an operand from sizes per role. */
function dimsFor(
  a: number,
  b: number,
  sp: readonly number[],
  aAx: number,
  bAx: number,
  spAx: readonly number[],
) {
  const d = new Array<number>(4);
  d[aAx] = a;
  d[bAx] = b;
  spAx.forEach((ax, i) => {
    d[ax] = sp[i]!;
  });
  return d;
}

function forward(
  attrs: Attrs,
  batch: number,
  cin: number,
  cout: number,
  size: [number, number],
  k: [number, number],
): Forward {
  const out = size.map((n, d) => {
    const dn = dilated(n, attrs.inputDilations[d]!);
    const dk = dilated(k[d]!, attrs.kernelDilations[d]!);
    return Math.floor((dn + attrs.padding[d]![0] + attrs.padding[d]![1] - dk) / attrs.strides[d]!) + 1;
  });
  return {
    attrs,
    xDims: dimsFor(batch, cin, size, attrs.inputBatchAxis, attrs.inputChannelsAxis, attrs.inputSpatialAxes),
    wDims: dimsFor(
      cout,
      cin,
      k,
      attrs.kernelOutputChannelsAxis,
      attrs.kernelInputChannelsAxis,
      attrs.kernelSpatialAxes,
    ),
    yDims: dimsFor(
      batch,
      cout,
      out,
      attrs.outputBatchAxis,
      attrs.outputChannelsAxis,
      attrs.outputSpatialAxes,
    ),
  };
}

/** The kernel-gradient convolution's attributes (as the autodiff rule writes them, groups = 1). */
function kernelGradAttrs(f: Forward): Attrs {
  const a = f.attrs;
  const padding = a.inputSpatialAxes.map((axis, i): [number, number] => {
    const lo = a.padding[i]![0];
    const inDil = dilated(f.xDims[axis]!, a.inputDilations[i]!);
    const kDil = dilated(f.wDims[a.kernelSpatialAxes[i]!]!, a.kernelDilations[i]!);
    const outDil = dilated(f.yDims[a.outputSpatialAxes[i]!]!, a.strides[i]!);
    return [lo, outDil - inDil + kDil - lo - 1];
  });
  return {
    inputBatchAxis: a.inputChannelsAxis,
    inputChannelsAxis: a.inputBatchAxis,
    inputSpatialAxes: a.inputSpatialAxes,
    kernelInputChannelsAxis: a.outputBatchAxis,
    kernelOutputChannelsAxis: a.outputChannelsAxis,
    kernelSpatialAxes: a.outputSpatialAxes,
    outputBatchAxis: a.kernelInputChannelsAxis,
    outputChannelsAxis: a.kernelOutputChannelsAxis,
    outputSpatialAxes: a.kernelSpatialAxes,
    strides: a.kernelDilations,
    padding,
    inputDilations: a.inputDilations,
    kernelDilations: a.strides,
    featureGroupCount: 1,
    batchGroupCount: 1,
  };
}

/**
 * Calls `visit(xi, wi, yi)` for every product x[xi]·w[wi] that adds into y[yi] in the forward convolution `f`
 * (XLA semantics, groups = 1; flat indices in the xDims, wDims and yDims layouts), skipping taps that fall
 * in the padding or between input-dilated elements. The order is fixed: batch, output channel, output
 * row, output column, then input channel, kernel row, kernel column.
 */
function forEachProduct(f: Forward, visit: (xi: number, wi: number, yi: number) => void): void {
  const a = f.attrs;
  const xs = stridesOf(f.xDims);
  const ys = stridesOf(f.yDims);
  const ws = stridesOf(f.wDims);
  const batch = f.xDims[a.inputBatchAxis]!;
  const cin = f.xDims[a.inputChannelsAxis]!;
  const cout = f.yDims[a.outputChannelsAxis]!;
  const inSp = a.inputSpatialAxes.map((ax) => f.xDims[ax]!);
  const kSp = a.kernelSpatialAxes.map((ax) => f.wDims[ax]!);
  const ySp = a.outputSpatialAxes.map((ax) => f.yDims[ax]!);
  for (let n = 0; n < batch; n++)
    for (let o = 0; o < cout; o++)
      for (let y0 = 0; y0 < ySp[0]!; y0++)
        for (let y1 = 0; y1 < ySp[1]!; y1++) {
          const yi =
            n * ys[a.outputBatchAxis]! +
            o * ys[a.outputChannelsAxis]! +
            y0 * ys[a.outputSpatialAxes[0]!]! +
            y1 * ys[a.outputSpatialAxes[1]!]!;
          for (let c = 0; c < cin; c++)
            for (let k0 = 0; k0 < kSp[0]!; k0++)
              for (let k1 = 0; k1 < kSp[1]!; k1++) {
                const p0 = y0 * a.strides[0]! + k0 * a.kernelDilations[0]! - a.padding[0]![0];
                const p1 = y1 * a.strides[1]! + k1 * a.kernelDilations[1]! - a.padding[1]![0];
                if (p0 % a.inputDilations[0]! !== 0 || p1 % a.inputDilations[1]! !== 0) continue;
                const i0 = p0 / a.inputDilations[0]!;
                const i1 = p1 / a.inputDilations[1]!;
                if (i0 < 0 || i1 < 0 || i0 >= inSp[0]! || i1 >= inSp[1]!) continue;
                const xi =
                  n * xs[a.inputBatchAxis]! +
                  c * xs[a.inputChannelsAxis]! +
                  i0 * xs[a.inputSpatialAxes[0]!]! +
                  i1 * xs[a.inputSpatialAxes[1]!]!;
                const wi =
                  c * ws[a.kernelInputChannelsAxis]! +
                  o * ws[a.kernelOutputChannelsAxis]! +
                  k0 * ws[a.kernelSpatialAxes[0]!]! +
                  k1 * ws[a.kernelSpatialAxes[1]!]!;
                visit(xi, wi, yi);
              }
        }
}

const sizeOf = (dims: readonly number[]) => dims.reduce((p, d) => p * d, 1);

/**
 * Float64 sums over the products of `forEachProduct`: into the kernel (x·g summed into wDims elements,
 * `other` = g) or into the output (x·w summed into yDims elements, `other` = w). Each element's products
 * add in the visiting order. Also Σ|products| per element (for the tolerance).
 */
function productSums(f: Forward, x: Float32Array, other: Float32Array, into: 'kernel' | 'output') {
  const kernel = into === 'kernel';
  const value = new Float64Array(sizeOf(kernel ? f.wDims : f.yDims));
  const abs = new Float64Array(value.length);
  forEachProduct(f, (xi, wi, yi) => {
    const p = x[xi]! * other[kernel ? yi : wi]!;
    const at = kernel ? wi : yi;
    value[at] = value[at]! + p;
    abs[at] = abs[at]! + Math.abs(p);
  });
  return { value, abs };
}

/**
 * The kernel gradient straight from the forward definition, in float64:
 * dW[c, o, k] = Σ_{n, y} x[n, c, y·stride + k·kdil − pad (input-dilated)] · g[n, o, y], laid out as wDims,
 * summed in (n, y) order, with Σ|products| per element.
 */
const reference = (f: Forward, x: Float32Array, g: Float32Array) => productSums(f, x, g, 'kernel');

/** The forward convolution in float64 (value and Σ|products| per output element, laid out as yDims). */
const forwardReference = (f: Forward, x: Float32Array, w: Float32Array) => productSums(f, x, w, 'output');

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
    [1, 1],
    [1, 1],
  ],
  inputDilations: [1, 1],
  kernelDilations: [1, 1],
  featureGroupCount: 1,
  batchGroupCount: 1,
  ...w,
});

interface Case {
  name: string;
  f: Forward;
}

/** Cases: forward convolutions whose kernel gradient the split-depth path computes. */
export const filterGradCases: Case[] = [
  { name: 'cin 1 (CNN conv1 shape, smaller batch)', f: forward(nhwc(), 6, 1, 32, [28, 28], [3, 3]) },
  { name: 'cin 32 -> 64', f: forward(nhwc(), 6, 32, 64, [14, 14], [3, 3]) },
  {
    name: 'cin 3, cout 10, odd sizes and padding',
    f: forward(
      nhwc({
        padding: [
          [1, 2],
          [0, 1],
        ],
      }),
      10,
      3,
      10,
      [13, 11],
      [3, 2],
    ),
  },
  {
    name: 'strides 2, kernel dilation 2',
    f: forward(nhwc({ strides: [2, 2], kernelDilations: [2, 1] }), 20, 8, 12, [17, 15], [3, 3]),
  },
  {
    name: 'input dilation, negative padding',
    f: forward(
      nhwc({
        inputDilations: [2, 1],
        padding: [
          [-1, 1],
          [2, -1],
        ],
      }),
      9,
      5,
      9,
      [11, 12],
      [2, 3],
    ),
  },
  {
    name: 'NCHW input, NHWC output (strided channel gather)',
    f: forward(
      nhwc({ inputChannelsAxis: 1, inputSpatialAxes: [2, 3], kernelOutputChannelsAxis: 3 }),
      8,
      6,
      8,
      [12, 12],
      [3, 3],
    ),
  },
  {
    name: 'HWIO kernel laid out OIHW',
    f: forward(
      nhwc({ kernelOutputChannelsAxis: 0, kernelInputChannelsAxis: 1, kernelSpatialAxes: [2, 3] }),
      12,
      4,
      5,
      [10, 10],
      [3, 3],
    ),
  },
];

/** Inputs of a case: x, and g (the forward output cotangent). */
export function caseInputs(f: Forward): { x: Float32Array; g: Float32Array } {
  return {
    x: randoms(
      f.xDims.reduce((p, d) => p * d, 1),
      3,
    ),
    g: randoms(
      f.yDims.reduce((p, d) => p * d, 1),
      5,
    ),
  };
}

/** Checks `out` against the float64 reference within float32 summation rounding. */
export function expectClose(f: Forward, x: Float32Array, g: Float32Array, out: Float32Array): void {
  const ref = reference(f, x, g);
  expect(out.length).toBe(ref.value.length);
  const depth = f.yDims.reduce((p, d) => p * d, 1) / f.yDims[f.attrs.outputChannelsAxis]!;
  let bad = 0;
  for (let i = 0; i < out.length; i++) {
    // Float32 sums of `depth` products: |error| ≤ (depth + 2)·2⁻²⁴·Σ|products| (a loose worst case).
    const tol = 1e-6 + (depth + 2) * 2 ** -24 * ref.abs[i]!;
    if (!(Math.abs(out[i]! - ref.value[i]!) <= tol) && bad++ < 3)
      expect(`${i}: ${out[i]}`).toBe(`${i}: ${ref.value[i]}`);
  }
  expect(bad).toBe(0);
}

/** Forward convolutions with a short contraction (the split-rows path). */
export const shortDepthCases: Case[] = [
  { name: 'cin 1 -> 32 (CNN conv1 shape, smaller batch)', f: forward(nhwc(), 2, 1, 32, [28, 28], [3, 3]) },
  {
    name: 'cin 3 -> 10, odd rows, padding',
    f: forward(
      nhwc({
        padding: [
          [2, 0],
          [1, 1],
        ],
      }),
      3,
      3,
      10,
      [19, 21],
      [3, 3],
    ),
  },
  {
    name: 'strides, dilations, NCHW output',
    f: forward(
      nhwc({
        strides: [2, 1],
        kernelDilations: [1, 2],
        inputDilations: [1, 2],
        outputChannelsAxis: 1,
        outputSpatialAxes: [2, 3],
      }),
      4,
      2,
      12,
      [40, 23],
      [2, 3],
    ),
  },
];

describe.runIf(hasWasmSimd())('wasm split-rows short-contraction convolution', () => {
  for (const { name, f } of shortDepthCases) {
    it(name, () => {
      const s = (d: number[]) => new Shape('float32', d);
      const run = withKernelVariant('wasm', () =>
        wasmConvFilterGradKernel(s(f.xDims), s(f.wDims), s(f.yDims), f.attrs),
      );
      expect(run).toBeDefined();
      const x = randoms(
        f.xDims.reduce((p, d) => p * d, 1),
        9,
      );
      const w = randoms(
        f.wDims.reduce((p, d) => p * d, 1),
        13,
      );
      const ref = forwardReference(f, x, w);
      const depth = f.xDims[f.attrs.inputChannelsAxis]! * f.wDims[0]! * f.wDims[1]!;
      for (let rep = 0; rep < 2; rep++) {
        const out = run!([x, w])[0] as Float32Array;
        expect(out.length).toBe(ref.value.length);
        let bad = 0;
        for (let i = 0; i < out.length; i++) {
          const tol = 1e-6 + (depth + 2) * 2 ** -24 * ref.abs[i]!;
          if (!(Math.abs(out[i]! - ref.value[i]!) <= tol) && bad++ < 3)
            expect(`${i}: ${out[i]}`).toBe(`${i}: ${ref.value[i]}`);
        }
        expect(bad).toBe(0);
      }
    });
  }
});

describe.runIf(hasWasmSimd())('wasm split-depth kernel-gradient convolution', () => {
  for (const { name, f } of filterGradCases) {
    for (const relaxed of [false, true]) {
      it(`${name}${relaxed ? ' (relaxed FMA where available)' : ''}`, () => {
        const fg = kernelGradAttrs(f);
        const run = withKernelVariant(
          'wasm',
          () =>
            wasmConvFilterGradKernel(
              new Shape('float32', f.xDims),
              new Shape('float32', f.yDims),
              new Shape('float32', f.wDims),
              fg,
            ),
          relaxed,
        );
        expect(run).toBeDefined();
        const { x, g } = caseInputs(f);
        const first = run!([x, g])[0] as Float32Array;
        expectClose(f, x, g, first);
        const again = run!([x, g])[0] as Float32Array;
        expect(Array.from(again)).toEqual(Array.from(first));
      });
    }
  }

  it('declines what it does not cover', () => {
    // A forward convolution (many output rows).
    const f = forward(nhwc(), 8, 4, 8, [16, 16], [3, 3]);
    const s = (d: number[]) => new Shape('float32', d);
    expect(wasmConvFilterGradKernel(s(f.xDims), s(f.wDims), s(f.yDims), f.attrs)).toBeUndefined();
    // A kernel gradient whose cotangent has strided output channels (NCHW output).
    const nchwOut = forward(
      nhwc({ outputChannelsAxis: 1, outputSpatialAxes: [2, 3] }),
      8,
      4,
      8,
      [12, 12],
      [3, 3],
    );
    expect(
      wasmConvFilterGradKernel(
        s(nchwOut.xDims),
        s(nchwOut.yDims),
        s(nchwOut.wDims),
        kernelGradAttrs(nchwOut),
      ),
    ).toBeUndefined();
    // Grouped.
    const fg = { ...kernelGradAttrs(f), batchGroupCount: 2 };
    expect(wasmConvFilterGradKernel(s(f.xDims), s(f.yDims), s(f.wDims), fg)).toBeUndefined();
  });
});
