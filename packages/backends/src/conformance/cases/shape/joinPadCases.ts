import type { DType } from '@tsmlx/dtypes';
import type { ConformanceCase } from '../../types.js';
import { refConcatenate, refPad } from './reference.js';
import { sample } from './samples.js';
import { expected, type Scalar, scalar, sizeOfDims, tensor } from './tensors.js';

const show = (list: readonly number[]) => `[${list.join(', ')}]`;

function concatenateCase(dtype: DType, partDims: number[][], axis: number): ConformanceCase {
  const total = partDims.reduce((n, d) => n + sizeOfDims(d), 0);
  const all = sample(dtype, total);
  let used = 0;
  const parts = partDims.map((dims) => {
    const values = all.slice(used, used + sizeOfDims(dims));
    used += values.length;
    return { dims, values };
  });
  const want = refConcatenate(parts, axis);
  return {
    op: 'concatenate',
    name: `${dtype} ${partDims.map(show).join(' + ')} axis ${axis}`,
    inputs: parts.map((p) => tensor(dtype, p.dims, p.values)),
    build: (b, params) => [b.concatenate(params, { axis })],
    expected: [expected(dtype, want.dims, want.values)],
  };
}

function padCase(
  dtype: DType,
  dims: number[],
  padValue: Scalar,
  low: number[],
  high: number[],
  interior: number[],
  values: Scalar[] = sample(dtype, sizeOfDims(dims)),
): ConformanceCase {
  const want = refPad(values, dims, padValue, low, high, interior);
  return {
    op: 'pad',
    name: `${dtype} ${show(dims)} with ${padValue} low ${show(low)} high ${show(high)} interior ${show(interior)}`,
    inputs: [tensor(dtype, dims, values), scalar(dtype, padValue)],
    build: (b, [x, v]) => [b.pad(x!, v!, { low, high, interior })],
    expected: [expected(dtype, want.dims, want.values)],
  };
}

/** Cases of concatenate and pad. */
export const joinPadCases: ConformanceCase[] = [
  // concatenate
  concatenateCase(
    'float32',
    [
      [2, 2],
      [0, 2],
      [1, 2],
    ],
    0,
  ),
  concatenateCase(
    'int32',
    [
      [2, 1],
      [2, 0],
      [2, 3],
    ],
    1,
  ),
  concatenateCase(
    'int64',
    [
      [2, 2, 2],
      [2, 1, 2],
    ],
    1,
  ),
  concatenateCase('bool', [[2], [3]], 0),
  concatenateCase(
    'float16',
    [
      [1, 2],
      [1, 3],
      [1, 1],
    ],
    1,
  ),
  concatenateCase(
    'bfloat16',
    [
      [2, 1, 2],
      [2, 1, 2],
    ],
    2,
  ),
  concatenateCase('uint8', [[3, 2]], 0),
  concatenateCase(
    'float64',
    [
      [2, 20],
      [2, 20],
    ],
    1,
  ),
  concatenateCase(
    'uint64',
    [
      [1, 3],
      [2, 3],
      [0, 3],
    ],
    0,
  ),
  concatenateCase(
    'int16',
    [
      [0, 2],
      [0, 2],
    ],
    0,
  ),
  concatenateCase(
    'float32',
    [
      [2, 3, 20],
      [2, 1, 20],
      [2, 2, 20],
    ],
    1,
  ),
  {
    op: 'concatenate',
    name: 'int32 [2, 1] + [2, 2] axis 1 (hand-written)',
    inputs: [tensor('int32', [2, 1], [1, 2]), tensor('int32', [2, 2], [3, 4, 5, 6])],
    build: (b, params) => [b.concatenate(params, { axis: 1 })],
    expected: [expected('int32', [2, 3], [1, 3, 4, 2, 5, 6])],
  },
  // pad
  padCase('float32', [2, 3], -1, [1, 0], [0, 2], [0, 0]),
  padCase('int32', [3], 0, [0], [0], [2]),
  padCase('float64', [5], 9, [-2], [-1], [0]),
  padCase('int32', [4], -7, [-3], [1], [1]),
  padCase('int64', [2, 3], -(1n << 62n) - 3n, [1, -1], [-1, 2], [1, 0]),
  padCase('bool', [2, 2], true, [0, 1], [1, 0], [1, 1], [false, false, true, false]),
  padCase('float16', [3], 0.5, [2], [1], [1]),
  padCase('bfloat16', [2, 2], -2, [0, 1], [1, 0], [0, 0]),
  padCase('uint8', [0, 2], 42, [1, 1], [1, 0], [0, 0]),
  padCase('float32', [3], 1, [-3], [0], [0]),
  padCase('float32', [2, 2], Number.NaN, [1, 1], [1, 1], [0, 0]),
  padCase('int32', [3, 4], 5, [-1, -1], [-1, -1], [0, 0]),
  padCase('int64', [3, 40], 7n, [1, 2], [0, 0], [0, 0]),
  padCase('uint64', [2, 2, 3], 1n << 63n, [0, -1, 1], [1, 0, -2], [1, 0, 2]),
  padCase('float64', [], 3, [], [], []),
  padCase('int8', [3], 1, [-4], [2], [1]),
  {
    op: 'pad',
    name: 'int32 [2] low 1 high 2 interior 1 (hand-written)',
    inputs: [tensor('int32', [2], [5, 6]), scalar('int32', 0)],
    build: (b, [x, v]) => [b.pad(x!, v!, { low: [1], high: [2], interior: [1] })],
    expected: [expected('int32', [6], [0, 5, 0, 6, 0, 0])],
  },
  {
    op: 'pad',
    name: 'int32 [5] low -1 high -2 interior 0 crops (hand-written)',
    inputs: [tensor('int32', [5], [1, 2, 3, 4, 5]), scalar('int32', 0)],
    build: (b, [x, v]) => [b.pad(x!, v!, { low: [-1], high: [-2], interior: [0] })],
    expected: [expected('int32', [2], [2, 3])],
  },
];
