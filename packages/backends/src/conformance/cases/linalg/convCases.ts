// Conformance cases of convGeneral: expected values from `refConv` (direct loops) or by hand.
import type { DType } from '@tsmlx/dtypes';
import type { OpAttrs } from '../../../optable/opAttrs.js';
import type { ConformanceCase } from '../../types.js';
import { channelsFirst, channelsLast, scrambled } from './convLayouts.js';
import { expected, type Num, samples, sizeOf, tensor } from './data.js';
import { lazyCase } from './dotCases.js';
import { refConv } from './reference.js';

type ConvAttrs = OpAttrs['convGeneral'];

interface ConvSpec {
  name: string;
  dtype: DType;
  inputDims: number[];
  kernelDims: number[];
  attrs: ConvAttrs;
  input?: Num[];
  kernel?: Num[];
  seed?: number;
}

function convCase(s: ConvSpec): ConformanceCase {
  const seed = s.seed ?? 7;
  const input = s.input ?? samples(s.dtype, sizeOf(s.inputDims), seed);
  const kernel = s.kernel ?? samples(s.dtype, sizeOf(s.kernelDims), seed + 1000);
  // A backend may accumulate float32 sums in float32 (as XLA does): allow rounding growing with the depth.
  const depth = sizeOf(s.kernelDims) / Math.max(1, s.kernelDims[s.attrs.kernelOutputChannelsAxis]!);
  const f32Tolerance =
    s.dtype === 'float32' ? { tolerance: { rtol: 2e-6, atol: Math.max(1e-6, depth * 2 ** -23) } } : {};
  return lazyCase(
    {
      op: 'convGeneral',
      name: `${s.dtype} ${s.name} [${s.inputDims}]⊛[${s.kernelDims}]`,
      inputs: [tensor(s.dtype, s.inputDims, input), tensor(s.dtype, s.kernelDims, kernel)],
      build: (b, [x, k]) => [b.convGeneral(x!, k!, s.attrs)],
      ...f32Tolerance,
    },
    () => {
      const r = refConv(
        { dims: s.inputDims, values: input },
        { dims: s.kernelDims, values: kernel },
        s.attrs,
        s.dtype,
      );
      return [expected(s.dtype, r.dims, r.values)];
    },
  );
}

/** Hand-computed 1-D cross-correlation: x = [1, 2, 3, 4], w = [1, 0, −1]. */
const hand1d: ConformanceCase = {
  op: 'convGeneral',
  name: 'float32 hand-computed 1-D, NCW, padding [1, 1]',
  inputs: [tensor('float32', [1, 1, 4], [1, 2, 3, 4]), tensor('float32', [1, 1, 3], [1, 0, -1])],
  build: (b, [x, k]) => [b.convGeneral(x!, k!, channelsFirst(1, { padding: [[1, 1]] }))],
  // Padded x = [0, 1, 2, 3, 4, 0]: [0−2, 1−3, 2−4, 3−0].
  expected: [expected('float32', [1, 1, 4], [-2, -2, -2, 3])],
};

/** Hand-computed transposed 1-D convolution: input dilation 2 places x = [1, 2] as [1, 0, 2]. */
const handTransposed: ConformanceCase = {
  op: 'convGeneral',
  name: 'float32 hand-computed 1-D input dilation 2, padding [1, 1]',
  inputs: [tensor('float32', [1, 2, 1], [1, 2]), tensor('float32', [2, 1, 1], [10, 1])],
  build: (b, [x, k]) => [b.convGeneral(x!, k!, channelsLast(1, { inputDilations: [2], padding: [[1, 1]] }))],
  // Dilated and padded: [0, 1, 0, 2, 0]; windows [0,1] [1,0] [0,2] [2,0] with w = [10, 1].
  expected: [expected('float32', [1, 4, 1], [1, 10, 2, 20])],
};

/** Cases of convGeneral. */
export const convCases: ConformanceCase[] = [
  hand1d,
  handTransposed,
  convCase({
    name: '1-D NWC valid',
    dtype: 'float32',
    inputDims: [2, 7, 3],
    kernelDims: [3, 3, 4],
    attrs: channelsLast(1),
  }),
  convCase({
    name: '1-D NCW stride 2 padding [2, 1]',
    dtype: 'float64',
    inputDims: [2, 3, 9],
    kernelDims: [4, 3, 3],
    attrs: channelsFirst(1, { strides: [2], padding: [[2, 1]] }),
  }),
  convCase({
    name: '2-D NHWC same',
    dtype: 'float32',
    inputDims: [2, 5, 5, 3],
    kernelDims: [3, 3, 3, 4],
    attrs: channelsLast(2, {
      padding: [
        [1, 1],
        [1, 1],
      ],
    }),
  }),
  convCase({
    name: '2-D NCHW stride 2',
    dtype: 'float32',
    inputDims: [2, 3, 6, 5],
    kernelDims: [4, 3, 3, 2],
    attrs: channelsFirst(2, { strides: [2, 2] }),
  }),
  convCase({
    name: '2-D NHWC asymmetric padding',
    dtype: 'float64',
    inputDims: [1, 4, 5, 2],
    kernelDims: [2, 3, 2, 3],
    attrs: channelsLast(2, {
      padding: [
        [2, 0],
        [0, 3],
      ],
    }),
  }),
  convCase({
    name: '2-D NHWC negative padding',
    dtype: 'float64',
    inputDims: [2, 6, 6, 2],
    kernelDims: [3, 2, 2, 2],
    attrs: channelsLast(2, {
      padding: [
        [-1, 1],
        [0, -2],
      ],
    }),
  }),
  convCase({
    name: '2-D NHWC input dilation 2 (transposed)',
    dtype: 'float32',
    inputDims: [1, 4, 4, 2],
    kernelDims: [3, 3, 2, 3],
    attrs: channelsLast(2, {
      inputDilations: [2, 2],
      padding: [
        [2, 2],
        [2, 2],
      ],
    }),
  }),
  convCase({
    name: '2-D NCHW input dilation 2, stride 2, odd padding',
    dtype: 'float64',
    inputDims: [1, 2, 3, 4],
    kernelDims: [2, 2, 2, 3],
    attrs: channelsFirst(2, {
      inputDilations: [2, 3],
      strides: [2, 1],
      padding: [
        [1, 0],
        [2, 1],
      ],
    }),
  }),
  convCase({
    name: '2-D NHWC kernel dilation 2',
    dtype: 'float32',
    inputDims: [1, 7, 7, 2],
    kernelDims: [3, 3, 2, 2],
    attrs: channelsLast(2, { kernelDilations: [2, 2] }),
  }),
  convCase({
    name: '2-D NHWC depthwise (featureGroupCount = channels)',
    dtype: 'float32',
    inputDims: [2, 5, 5, 4],
    kernelDims: [3, 3, 1, 8],
    attrs: channelsLast(2, {
      featureGroupCount: 4,
      padding: [
        [1, 1],
        [1, 1],
      ],
    }),
  }),
  convCase({
    name: '2-D NCHW featureGroupCount 2',
    dtype: 'float64',
    inputDims: [1, 4, 5, 5],
    kernelDims: [6, 2, 3, 3],
    attrs: channelsFirst(2, { featureGroupCount: 2 }),
  }),
  convCase({
    name: '2-D NHWC batchGroupCount 2',
    dtype: 'float32',
    inputDims: [4, 5, 5, 3],
    kernelDims: [3, 3, 3, 6],
    attrs: channelsLast(2, { batchGroupCount: 2 }),
  }),
  convCase({
    name: '2-D NCHW batchGroupCount 3, stride 2',
    dtype: 'float64',
    inputDims: [3, 2, 5, 4],
    kernelDims: [3, 2, 2, 2],
    attrs: channelsFirst(2, { batchGroupCount: 3, strides: [2, 2] }),
  }),
  convCase({
    name: '2-D scrambled axis layout',
    dtype: 'float64',
    inputDims: [3, 5, 2, 4],
    kernelDims: [2, 4, 3, 3],
    attrs: scrambled,
  }),
  convCase({
    name: '3-D NDHWC',
    dtype: 'float32',
    inputDims: [1, 4, 5, 3, 2],
    kernelDims: [2, 3, 2, 2, 3],
    attrs: channelsLast(3, {
      padding: [
        [1, 0],
        [1, 1],
        [0, 1],
      ],
    }),
  }),
  convCase({
    name: '3-D NCDHW stride 2 kernel dilation',
    dtype: 'float64',
    inputDims: [2, 2, 5, 4, 4],
    kernelDims: [2, 2, 2, 2, 2],
    attrs: channelsFirst(3, { strides: [2, 1, 2], kernelDilations: [1, 2, 1] }),
  }),
  convCase({
    name: '2-D NHWC long depth (K blocks)',
    dtype: 'float32',
    inputDims: [2, 6, 6, 40],
    kernelDims: [3, 3, 40, 5],
    attrs: channelsLast(2, {
      padding: [
        [1, 1],
        [1, 1],
      ],
    }),
  }),
  convCase({
    name: '2-D NHWC many rows (row chunks)',
    dtype: 'float32',
    inputDims: [1, 100, 100, 1],
    kernelDims: [1, 1, 1, 30],
    attrs: channelsLast(2),
  }),
  convCase({
    name: '2-D NHWC zero-size batch',
    dtype: 'float32',
    inputDims: [0, 4, 4, 2],
    kernelDims: [3, 3, 2, 2],
    attrs: channelsLast(2),
  }),
  convCase({
    name: '2-D NHWC window larger than input (empty output)',
    dtype: 'float32',
    inputDims: [1, 2, 2, 1],
    kernelDims: [3, 3, 1, 1],
    attrs: channelsLast(2),
  }),
  convCase({
    name: '2-D NHWC zero input channels (zeros)',
    dtype: 'float32',
    inputDims: [1, 3, 3, 0],
    kernelDims: [2, 2, 0, 2],
    attrs: channelsLast(2),
  }),
  convCase({
    name: '2-D NHWC same',
    dtype: 'float16',
    inputDims: [1, 4, 4, 3],
    kernelDims: [3, 3, 3, 2],
    attrs: channelsLast(2, {
      padding: [
        [1, 1],
        [1, 1],
      ],
    }),
  }),
  convCase({
    name: '1-D NCW depthwise',
    dtype: 'bfloat16',
    inputDims: [2, 3, 6],
    kernelDims: [3, 1, 2],
    attrs: channelsFirst(1, { featureGroupCount: 3 }),
  }),
  convCase({
    name: '2-D NHWC with wraparound',
    dtype: 'int32',
    inputDims: [1, 4, 4, 2],
    kernelDims: [2, 2, 2, 3],
    attrs: channelsLast(2, {
      padding: [
        [1, 0],
        [0, 1],
      ],
    }),
  }),
  convCase({
    name: '2-D NCHW featureGroupCount 2, wraparound',
    dtype: 'uint32',
    inputDims: [1, 4, 3, 3],
    kernelDims: [2, 2, 2, 2],
    attrs: channelsFirst(2, { featureGroupCount: 2 }),
  }),
  convCase({
    name: '1-D NWC batchGroupCount 2, wraparound',
    dtype: 'int64',
    inputDims: [2, 5, 2],
    kernelDims: [2, 2, 4],
    attrs: channelsLast(1, { batchGroupCount: 2, padding: [[1, 1]] }),
  }),
  convCase({
    name: '1-D NCW wraparound',
    dtype: 'uint64',
    inputDims: [1, 2, 4],
    kernelDims: [2, 2, 2],
    attrs: channelsFirst(1),
  }),
  convCase({
    name: '2-D NHWC wraparound',
    dtype: 'uint8',
    inputDims: [1, 4, 4, 2],
    kernelDims: [2, 2, 2, 2],
    attrs: channelsLast(2),
  }),
  convCase({
    name: '2-D NHWC wraparound',
    dtype: 'int8',
    inputDims: [1, 3, 3, 2],
    kernelDims: [2, 2, 2, 2],
    attrs: channelsLast(2, { strides: [2, 1] }),
  }),
  convCase({
    name: '1-D NWC wraparound',
    dtype: 'int16',
    inputDims: [1, 5, 3],
    kernelDims: [2, 3, 2],
    attrs: channelsLast(1),
  }),
];
