import type { DType } from '@tsmlx/dtypes';
import type { WindowReduction } from '../../../optable/attrs.js';
import type { ConformanceCase, Tolerance } from '../../types.js';
import { add, max, min, mul } from './axesCase.js';
import { type Combine, type ReferenceWindow, referenceReduceWindow } from './reference.js';
import { type CaseValue, decoded, input, ints, output, sizeOfDims } from './tensors.js';

const inf = Number.POSITIVE_INFINITY;
const combines: Record<WindowReduction, [Combine<number>, number]> = {
  sum: [add, 0],
  product: [mul, 1],
  max: [max, -inf],
  min: [min, inf],
};

/** A reduceWindow case; expected values from {@link referenceReduceWindow} unless given by hand. */
function windowCase(
  name: string,
  dtype: DType,
  dims: readonly number[],
  values: readonly (number | bigint)[],
  reduction: WindowReduction,
  w: ReferenceWindow,
  hand?: { dims: readonly number[]; values: readonly CaseValue[] },
  tolerance?: Tolerance,
): ConformanceCase {
  const ones = dims.map(() => 1);
  const attrs = {
    reduction,
    windowDims: w.windowDims,
    strides: w.strides,
    padding: w.padding,
    baseDilations: w.baseDilations ?? ones,
    windowDilations: w.windowDilations ?? ones,
  };
  let expected: { dims: readonly number[]; values: readonly CaseValue[] };
  if (typeof values[0] === 'bigint') {
    if (!hand) throw new Error(`reduceWindow case "${name}": 64-bit cases need hand values`);
    expected = hand;
  } else {
    const [combine, identity] = combines[reduction];
    expected = referenceReduceWindow(decoded(dtype, values as number[]), dims, w, combine, identity);
    if (
      hand &&
      (hand.values.join() !== expected.values.join() || hand.dims.join() !== expected.dims.join())
    ) {
      throw new Error(`reduceWindow case "${name}": hand values disagree with the reference`);
    }
  }
  return {
    op: 'reduceWindow',
    name: `${reduction} ${name}`,
    inputs: [input(dtype, dims, values)],
    build: (b, [x]) => [b.reduceWindow(x!, attrs)],
    expected: [output(dtype, expected.dims, expected.values)],
    ...(tolerance ? { tolerance } : {}),
  };
}

const nhwc = [2, 4, 5, 3];
const nhwcValues = ints(sizeOfDims(nhwc), -50, 50, 51);

/** `reduceWindow` cases. */
export const windowCases: ConformanceCase[] = [
  windowCase(
    '1-D window 3, stride 2, padding [1,1]',
    'float32',
    [7],
    [1, 2, 3, 4, 5, 6, 7],
    'sum',
    { windowDims: [3], strides: [2], padding: [[1, 1]] },
    { dims: [4], values: [3, 9, 15, 13] },
  ),
  windowCase(
    '1-D padding is ignored (identity)',
    'float32',
    [3],
    [-5, -7, -6],
    'max',
    { windowDims: [2], strides: [1], padding: [[1, 1]] },
    { dims: [4], values: [-5, -5, -6, -6] },
  ),
  windowCase(
    '1-D padding is ignored (identity)',
    'float64',
    [3],
    [5, 7, 6],
    'min',
    { windowDims: [2], strides: [1], padding: [[1, 1]] },
    { dims: [4], values: [5, 5, 6, 6] },
  ),
  windowCase(
    '1-D base dilation 2, window dilation 2, padding [2,1]',
    'float32',
    [4],
    [1, 2, 3, 4],
    'sum',
    { windowDims: [2], strides: [1], padding: [[2, 1]], baseDilations: [2], windowDilations: [2] },
    // dilated+padded: _ _ 1 _ 2 _ 3 _ 4 _ (10); taps at p and p+2: 8 windows
    { dims: [8], values: [1, 0, 3, 0, 5, 0, 7, 0] },
  ),
  windowCase('1-D window dilation 3 with stride 2', 'float32', [9], ints(9, -9, 9, 52), 'max', {
    windowDims: [2],
    strides: [2],
    padding: [[0, 0]],
    windowDilations: [3],
  }),
  windowCase('1-D negative padding crops', 'float32', [6], [1, 2, 3, 4, 5, 6], 'sum', {
    windowDims: [2],
    strides: [2],
    padding: [[-1, 1]],
  }),
  windowCase('1-D product', 'float64', [5], [1, -2, 3, 0.5, 4], 'product', {
    windowDims: [3],
    strides: [1],
    padding: [[0, 0]],
  }),
  windowCase(
    '2-D [4,5] window [2,3], strides [2,1], padding',
    'float32',
    [4, 5],
    ints(20, -20, 20, 53),
    'max',
    {
      windowDims: [2, 3],
      strides: [2, 1],
      padding: [
        [0, 1],
        [1, 1],
      ],
    },
  ),
  windowCase('2-D [5,6] with base and window dilations', 'float32', [5, 6], ints(30, -20, 20, 54), 'sum', {
    windowDims: [2, 2],
    strides: [2, 3],
    padding: [
      [1, 0],
      [2, 1],
    ],
    baseDilations: [2, 1],
    windowDilations: [1, 2],
  }),
  windowCase('NHWC 2x2 max pooling, stride 2', 'float32', nhwc, nhwcValues, 'max', {
    windowDims: [1, 2, 2, 1],
    strides: [1, 2, 2, 1],
    padding: [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ],
  }),
  windowCase('NHWC 3x3 same-padded sum pooling, stride 1', 'float32', nhwc, nhwcValues, 'sum', {
    windowDims: [1, 3, 3, 1],
    strides: [1, 1, 1, 1],
    padding: [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ],
  }),
  windowCase('NCHW 2x2 min pooling with padding', 'int32', [1, 2, 3, 3], ints(18, -99, 99, 55), 'min', {
    windowDims: [1, 1, 2, 2],
    strides: [1, 1, 2, 2],
    padding: [
      [0, 0],
      [0, 0],
      [0, 1],
      [0, 1],
    ],
  }),
  windowCase('int32 2-D sum with window dilation', 'int32', [4, 4], ints(16, -1000, 1000, 56), 'sum', {
    windowDims: [2, 2],
    strides: [1, 1],
    padding: [
      [0, 0],
      [0, 0],
    ],
    windowDilations: [2, 2],
  }),
  windowCase('uint8 2-D max', 'uint8', [3, 4], ints(12, 0, 255, 57), 'max', {
    windowDims: [2, 2],
    strides: [1, 2],
    padding: [
      [0, 0],
      [0, 0],
    ],
  }),
  windowCase(
    'int64 1-D exact beyond 2^53',
    'int64',
    [3],
    [2n ** 60n, 2n ** 60n + 1n, -3n],
    'sum',
    { windowDims: [2], strides: [1], padding: [[0, 1]] },
    { dims: [3], values: [2n ** 61n + 1n, 2n ** 60n - 2n, -3n] },
  ),
  windowCase('float16 2-D max', 'float16', [3, 3], [0.5, -1, 2, 4, -0.25, 3, -8, 1.5, 0], 'max', {
    windowDims: [2, 2],
    strides: [1, 1],
    padding: [
      [0, 0],
      [0, 0],
    ],
  }),
  windowCase('bfloat16 1-D sum', 'bfloat16', [5], [0.5, -1, 2, 4, -0.25], 'sum', {
    windowDims: [2],
    strides: [1],
    padding: [[1, 0]],
  }),
  windowCase(
    'zero-size operand, only padding: identity',
    'float32',
    [0],
    [],
    'max',
    { windowDims: [1], strides: [1], padding: [[1, 1]] },
    { dims: [2], values: [-inf, -inf] },
  ),
  windowCase(
    'window larger than the operand gives an empty result',
    'float32',
    [3],
    [1, 2, 3],
    'sum',
    { windowDims: [5], strides: [1], padding: [[0, 0]] },
    { dims: [0], values: [] },
  ),
  windowCase(
    'rank 0',
    'float32',
    [],
    [2.5],
    'sum',
    { windowDims: [], strides: [], padding: [] },
    { dims: [], values: [2.5] },
  ),
];
