import type { DType } from '@tsmlx/dtypes';
import type { ConformanceCase } from '../../types.js';
import { refDynamicSlice, refDynamicUpdateSlice, refSlice } from './reference.js';
import { sample } from './samples.js';
import { expected, type Scalar, scalar, sizeOfDims, tensor } from './tensors.js';

const show = (list: readonly Scalar[]) => `[${list.join(', ')}]`;

function sliceCase(
  dtype: DType,
  dims: number[],
  start: number[],
  limit: number[],
  strides: number[],
): ConformanceCase {
  const values = sample(dtype, sizeOfDims(dims));
  const want = refSlice(values, dims, start, limit, strides);
  return {
    op: 'slice',
    name: `${dtype} ${show(dims)} start ${show(start)} limit ${show(limit)} strides ${show(strides)}`,
    inputs: [tensor(dtype, dims, values)],
    build: (b, [x]) => [b.slice(x!, { start, limit, strides })],
    expected: [expected(dtype, want.dims, want.values)],
  };
}

/** A start index operand: its dtype and value. */
type Start = [DType, Scalar];

function dynamicSliceCase(dtype: DType, dims: number[], starts: Start[], sizes: number[]): ConformanceCase {
  const values = sample(dtype, sizeOfDims(dims));
  const startValues = starts.map((s) => s[1]);
  return {
    op: 'dynamicSlice',
    name: `${dtype} ${show(dims)} starts ${starts.map(([t, v]) => `${t} ${v}`).join(', ')} sizes ${show(sizes)}`,
    inputs: [tensor(dtype, dims, values), ...starts.map(([t, v]) => scalar(t, v))],
    build: (b, [x, ...s]) => [b.dynamicSlice(x!, s, { sizes })],
    expected: [expected(dtype, sizes, refDynamicSlice(values, dims, startValues, sizes))],
  };
}

function dynamicUpdateSliceCase(
  dtype: DType,
  dims: number[],
  updateDims: number[],
  starts: Start[],
): ConformanceCase {
  const values = sample(dtype, sizeOfDims(dims));
  // Update values from the far end of the sample sequence, so they differ from the operand's.
  const update = sample(dtype, sizeOfDims(dims) + sizeOfDims(updateDims)).slice(sizeOfDims(dims));
  const startValues = starts.map((s) => s[1]);
  return {
    op: 'dynamicUpdateSlice',
    name: `${dtype} ${show(dims)} update ${show(updateDims)} at ${starts.map(([t, v]) => `${t} ${v}`).join(', ')}`,
    inputs: [
      tensor(dtype, dims, values),
      tensor(dtype, updateDims, update),
      ...starts.map(([t, v]) => scalar(t, v)),
    ],
    build: (b, [x, u, ...s]) => [b.dynamicUpdateSlice(x!, u!, s)],
    expected: [expected(dtype, dims, refDynamicUpdateSlice(values, dims, update, updateDims, startValues))],
  };
}

/** Cases of slice, dynamicSlice and dynamicUpdateSlice. */
export const sliceCases: ConformanceCase[] = [
  // slice
  sliceCase('float32', [4, 5], [1, 0], [3, 5], [1, 2]),
  sliceCase('int32', [10], [1], [10], [3]),
  sliceCase('int64', [3, 4, 5], [0, 1, 1], [3, 4, 5], [2, 2, 3]),
  sliceCase('bool', [3, 3], [0, 0], [3, 3], [1, 1]),
  sliceCase('uint8', [4, 4], [2, 2], [2, 4], [1, 1]),
  sliceCase('float16', [5], [4], [5], [10]),
  sliceCase('bfloat16', [2, 3], [0, 1], [2, 3], [1, 1]),
  sliceCase('float64', [], [], [], []),
  sliceCase('float64', [3, 40], [1, 3], [3, 40], [1, 1]),
  sliceCase('uint64', [2, 3, 4, 2], [1, 0, 1, 0], [2, 3, 4, 2], [1, 2, 2, 1]),
  sliceCase('int16', [0, 4], [0, 1], [0, 4], [1, 2]),
  {
    op: 'slice',
    name: 'int32 [3, 4] rows 1.., every other column (hand-written)',
    inputs: [tensor('int32', [3, 4], [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23])],
    build: (b, [x]) => [b.slice(x!, { start: [1, 1], limit: [3, 4], strides: [1, 2] })],
    expected: [expected('int32', [2, 2], [11, 13, 21, 23])],
  },
  // dynamicSlice
  dynamicSliceCase('float32', [5], [['int32', 1]], [3]),
  dynamicSliceCase('float32', [5], [['int32', 4]], [3]),
  dynamicSliceCase('float64', [5], [['int32', -2]], [3]),
  dynamicSliceCase(
    'int32',
    [4, 6],
    [
      ['int64', 1n],
      ['int64', 10n],
    ],
    [2, 3],
  ),
  dynamicSliceCase(
    'int64',
    [4, 6],
    [
      ['uint8', 3],
      ['int8', -100],
    ],
    [2, 4],
  ),
  dynamicSliceCase(
    'bool',
    [3, 3],
    [
      ['int64', -(1n << 62n)],
      ['int64', 1n << 62n],
    ],
    [2, 2],
  ),
  dynamicSliceCase('float16', [6], [['uint64', (1n << 64n) - 1n]], [2]),
  dynamicSliceCase(
    'bfloat16',
    [3, 4],
    [
      ['int16', 1],
      ['uint32', 2],
    ],
    [1, 2],
  ),
  dynamicSliceCase(
    'uint8',
    [3, 4],
    [
      ['int32', 2],
      ['int32', 1],
    ],
    [0, 2],
  ),
  dynamicSliceCase(
    'float64',
    [3, 40],
    [
      ['int32', 1],
      ['int32', 5],
    ],
    [2, 30],
  ),
  dynamicSliceCase(
    'int64',
    [2, 3, 4],
    [
      ['int32', 1],
      ['int32', 1],
      ['int32', 1],
    ],
    [2, 3, 4],
  ),
  dynamicSliceCase('float32', [], [], []),
  {
    op: 'dynamicSlice',
    name: 'int32 [5] start 7 clamps to 3 (hand-written)',
    inputs: [tensor('int32', [5], [10, 11, 12, 13, 14]), scalar('int32', 7)],
    build: (b, [x, s]) => [b.dynamicSlice(x!, [s!], { sizes: [2] })],
    expected: [expected('int32', [2], [13, 14])],
  },
  // dynamicUpdateSlice
  dynamicUpdateSliceCase(
    'float32',
    [4, 4],
    [2, 2],
    [
      ['int32', 1],
      ['int32', 1],
    ],
  ),
  dynamicUpdateSliceCase(
    'float32',
    [4, 4],
    [2, 3],
    [
      ['int32', 3],
      ['int32', -1],
    ],
  ),
  dynamicUpdateSliceCase(
    'int64',
    [3, 5],
    [2, 2],
    [
      ['int64', 1n << 40n],
      ['int64', 2n],
    ],
  ),
  dynamicUpdateSliceCase(
    'bool',
    [3, 3],
    [1, 3],
    [
      ['uint8', 1],
      ['uint8', 0],
    ],
  ),
  dynamicUpdateSliceCase(
    'bfloat16',
    [2, 4],
    [1, 2],
    [
      ['int64', -5n],
      ['int32', 1],
    ],
  ),
  dynamicUpdateSliceCase('float16', [5], [3], [['uint64', 2n]]),
  dynamicUpdateSliceCase(
    'uint8',
    [3, 4],
    [0, 2],
    [
      ['int32', 1],
      ['int32', 1],
    ],
  ),
  dynamicUpdateSliceCase(
    'float64',
    [2, 3],
    [2, 3],
    [
      ['int32', 1],
      ['int32', 1],
    ],
  ),
  dynamicUpdateSliceCase(
    'int32',
    [3, 40],
    [2, 25],
    [
      ['int32', 1],
      ['int32', 7],
    ],
  ),
  dynamicUpdateSliceCase(
    'uint64',
    [2, 2, 3],
    [1, 2, 2],
    [
      ['int32', 1],
      ['int32', 0],
      ['int32', 9],
    ],
  ),
  {
    op: 'dynamicUpdateSlice',
    name: 'the operand is not modified (returned beside the result)',
    inputs: [tensor('int32', [4], [1, 2, 3, 4]), tensor('int32', [2], [8, 9]), scalar('int32', 1)],
    build: (b, [x, u, s]) => [b.dynamicUpdateSlice(x!, u!, [s!]), x!],
    expected: [expected('int32', [4], [1, 8, 9, 4]), expected('int32', [4], [1, 2, 3, 4])],
  },
];
