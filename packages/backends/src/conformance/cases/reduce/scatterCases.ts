import type { DType } from '@tsmlx/dtypes';
import type { ConformanceCase } from '../../types.js';
import { type ReferenceWindow, referenceSelectAndScatter, referenceWindows } from './reference.js';
import { decoded, input, ints, output, sizeOfDims } from './tensors.js';

type Mode = 'max' | 'min' | 'sum';
const ops = {
  max: 'selectAndScatterMax',
  min: 'selectAndScatterMin',
  sum: 'selectAndScatterSum',
} as const;

/**
 * A select-and-scatter case: the source has the windowed shape; expected values from
 * {@link referenceSelectAndScatter} (checked against hand values when given).
 */
function scatterCase(
  mode: Mode,
  name: string,
  dtype: DType,
  dims: readonly number[],
  x: readonly number[],
  w: ReferenceWindow,
  source?: readonly number[],
  hand?: readonly number[],
): ConformanceCase {
  const { dims: sourceDims } = referenceWindows(dims, w);
  const src = source ?? ints(sizeOfDims(sourceDims), 1, 9, x.length + sourceDims.length);
  const expected = referenceSelectAndScatter(decoded(dtype, x), dims, decoded(dtype, src), w, mode);
  if (hand && hand.join() !== expected.join()) {
    throw new Error(`select-and-scatter case "${name}": hand values disagree with the reference`);
  }
  const op = ops[mode];
  const attrs = { windowDims: w.windowDims, strides: w.strides, padding: w.padding };
  return {
    op,
    name,
    inputs: [input(dtype, dims, x), input(dtype, sourceDims, src)],
    build: (b, [xv, sv]) => [b[op](xv!, sv!, attrs)],
    expected: [output(dtype, dims, expected)],
  };
}

const pad2 = (lo: number, hi: number): [number, number][] => [
  [lo, hi],
  [lo, hi],
];
const nhwc = [1, 4, 4, 2];
const nhwcWindow: ReferenceWindow = {
  windowDims: [1, 2, 2, 1],
  strides: [1, 2, 2, 1],
  padding: [
    [0, 0],
    [0, 0],
    [0, 0],
    [0, 0],
  ],
};
const tied = [1, 3, 3, 2, 5, 5, 0];
const overlap: ReferenceWindow = { windowDims: [3], strides: [1], padding: [[0, 0]] };

/** `selectAndScatterMax/Min/Sum` cases. */
export const scatterCases: ConformanceCase[] = [
  scatterCase(
    'max',
    'float32 1-D overlapping windows (stride 1 < window 3), first max wins ties',
    'float32',
    [7],
    tied,
    overlap,
    [1, 2, 3, 4, 5],
    // windows [1,3,3]→1, [3,3,2]→1, [3,2,5]→4, [2,5,5]→4, [5,5,0]→4
    [0, 3, 0, 0, 12, 0, 0],
  ),
  scatterCase(
    'min',
    'float32 1-D overlapping windows, first min wins ties',
    'float32',
    [7],
    tied,
    overlap,
    [1, 2, 3, 4, 5],
    // windows [1,3,3]→0, [3,3,2]→3, [3,2,5]→3, [2,5,5]→3, [5,5,0]→6
    [1, 0, 0, 9, 0, 0, 5],
  ),
  scatterCase(
    'max',
    'float32 1-D padding is never selected',
    'float32',
    [3],
    [-5, -7, -6],
    { windowDims: [2], strides: [1], padding: [[1, 1]] },
    [1, 2, 3, 4],
    [3, 0, 7],
  ),
  scatterCase(
    'max',
    'float32 2-D [4,4] window 2x2 stride 1 with padding and ties',
    'float32',
    [4, 4],
    ints(16, 0, 3, 61),
    {
      windowDims: [2, 2],
      strides: [1, 1],
      padding: pad2(0, 1),
    },
  ),
  scatterCase(
    'max',
    'float32 2-D [5,5] window 3x3 stride 2 same padding',
    'float32',
    [5, 5],
    ints(25, -9, 9, 62),
    {
      windowDims: [3, 3],
      strides: [2, 2],
      padding: pad2(1, 1),
    },
  ),
  scatterCase('max', 'float32 NHWC 2x2 pooling gradient', 'float32', nhwc, ints(32, -20, 20, 63), nhwcWindow),
  scatterCase(
    'max',
    'float64 NaN counts as the maximum',
    'float64',
    [4],
    [1, Number.NaN, 5, Number.NaN],
    { windowDims: [2], strides: [1], padding: [[0, 0]] },
    [1, 2, 4],
    [0, 3, 0, 4],
  ),
  scatterCase('max', 'int32 2-D overlapping windows', 'int32', [3, 4], ints(12, -3, 3, 64), {
    windowDims: [2, 2],
    strides: [1, 1],
    padding: pad2(0, 0),
  }),
  scatterCase('max', 'float16 1-D', 'float16', [5], [0.5, -1, 2, 2, -0.25], {
    windowDims: [2],
    strides: [1],
    padding: [[0, 1]],
  }),
  scatterCase('min', 'float32 2-D window 2x2 stride 1', 'float32', [3, 3], ints(9, 0, 2, 65), {
    windowDims: [2, 2],
    strides: [1, 1],
    padding: pad2(0, 0),
  }),
  scatterCase('min', 'int32 NHWC pooling gradient', 'int32', nhwc, ints(32, -5, 5, 66), nhwcWindow),
  scatterCase(
    'sum',
    'float32 1-D overlapping windows with padding',
    'float32',
    [5],
    [0, 0, 0, 0, 0],
    { windowDims: [3], strides: [1], padding: [[1, 1]] },
    [1, 2, 3, 4, 5],
    // x[i] receives the sources of the windows covering it: windows o cover o-1..o+1
    [3, 6, 9, 12, 9],
  ),
  scatterCase(
    'sum',
    'float32 2-D window 2x3 stride [1,2] with padding',
    'float32',
    [4, 5],
    ints(20, 0, 1, 67),
    {
      windowDims: [2, 3],
      strides: [1, 2],
      padding: [
        [1, 0],
        [1, 1],
      ],
    },
  ),
  scatterCase('sum', 'int32 NHWC pooling gradient', 'int32', nhwc, ints(32, 0, 1, 68), nhwcWindow),
  scatterCase('sum', 'bfloat16 1-D stride 2', 'bfloat16', [6], [0, 0, 0, 0, 0, 0], {
    windowDims: [2],
    strides: [2],
    padding: [[0, 0]],
  }),
];
