import type { DType } from '@tsmlx/dtypes';
import type { ConformanceCase } from '../../types.js';
import { referenceArg } from './reference.js';
import { type CaseValue, decoded, input, ints, output } from './tensors.js';

const nan = Number.NaN;

/** An argMinMax case whose expected indices come from {@link referenceArg} (or are given by hand). */
function argCase(
  name: string,
  dtype: DType,
  dims: readonly number[],
  values: readonly (number | bigint)[],
  axis: number,
  isMin: boolean,
  outputDType: DType,
  hand?: readonly CaseValue[],
): ConformanceCase {
  const held = typeof values[0] === 'number' ? decoded(dtype, values as number[]) : values;
  const expected = referenceArg(held, dims, axis, isMin);
  if (hand && hand.join() !== expected.values.join()) {
    throw new Error(`argMinMax case "${name}": hand values disagree with the reference`);
  }
  return {
    op: 'argMinMax',
    name: `${isMin ? 'argmin' : 'argmax'} ${name}`,
    inputs: [input(dtype, dims, values)],
    build: (b, [x]) => [b.argMinMax(x!, { axis, isMin, outputDType })],
    expected: [output(outputDType, expected.dims, hand ?? expected.values)],
  };
}

const ties = [3, 1, 3, 2, 0, 0, -1, -1, 5, 5, 5, 5];

/** `argMinMax` cases. */
export const argCases: ConformanceCase[] = [
  argCase(
    'float32 [3,4] axis 1, first index wins ties',
    'float32',
    [3, 4],
    ties,
    1,
    false,
    'int32',
    [0, 0, 0],
  ),
  argCase(
    'float32 [3,4] axis 1, first index wins ties',
    'float32',
    [3, 4],
    ties,
    1,
    true,
    'int32',
    [1, 2, 0],
  ),
  argCase('float32 [3,4] axis 0 with int64 output', 'float32', [3, 4], ties, 0, false, 'int64', [2, 2, 2, 2]),
  argCase('float32 [3,4] axis 0 with int64 output', 'float32', [3, 4], ties, 0, true, 'int64', [1, 1, 1, 1]),
  argCase(
    'float64 NaN counts as the extreme (first NaN wins)',
    'float64',
    [3, 4],
    [1, nan, 7, nan, nan, 2, 3, 4, -1, -2, -3, nan],
    1,
    false,
    'int32',
    [1, 0, 3],
  ),
  argCase(
    'float64 NaN counts as the extreme (first NaN wins)',
    'float64',
    [3, 4],
    [1, nan, 7, nan, nan, 2, 3, 4, -1, -2, -3, nan],
    1,
    true,
    'int32',
    [1, 0, 3],
  ),
  argCase(
    'float32 NaN along the outer axis',
    'float32',
    [3, 2],
    [1, 5, nan, 2, 9, nan],
    0,
    false,
    'int32',
    [1, 2],
  ),
  argCase('float32 infinities', 'float32', [4], [0, -Infinity, Infinity, Infinity], 0, false, 'int32', [2]),
  argCase('float32 infinities', 'float32', [4], [0, -Infinity, -Infinity, Infinity], 0, true, 'int32', [1]),
  argCase('float32 rank 3 [2,5,3] middle axis', 'float32', [2, 5, 3], ints(30, -9, 9, 41), 1, false, 'int32'),
  argCase('float32 rank 3 [2,5,3] middle axis', 'float32', [2, 5, 3], ints(30, -9, 9, 42), 1, true, 'uint8'),
  argCase('int32 [4,6] axis 1', 'int32', [4, 6], ints(24, -5, 5, 43), 1, false, 'int32'),
  argCase('uint8 [6,4] axis 0', 'uint8', [6, 4], ints(24, 0, 3, 44), 0, true, 'int64'),
  argCase(
    'int64 beyond 2^53',
    'int64',
    [2, 3],
    [2n ** 53n, 2n ** 53n + 1n, 2n ** 53n + 1n, -(2n ** 63n), 0n, -(2n ** 63n)],
    1,
    false,
    'int32',
    [1, 1],
  ),
  argCase(
    'int64 beyond 2^53',
    'int64',
    [2, 3],
    [2n ** 53n, 2n ** 53n + 1n, 2n ** 53n + 1n, -(2n ** 63n), 0n, -(2n ** 63n)],
    1,
    true,
    'uint64',
    [0, 0],
  ),
  argCase('uint64 above 2^63', 'uint64', [3], [2n ** 63n, 2n ** 64n - 1n, 1n], 0, false, 'int32', [1]),
  argCase('float16 [2,3] axis 1', 'float16', [2, 3], [0.5, 0.25, 0.5, -1, -3, 2], 1, false, 'int32', [0, 2]),
  argCase(
    'bfloat16 [3,2] axis 0',
    'bfloat16',
    [3, 2],
    [0.5, 0.25, -0.5, -1, -3, 2],
    0,
    true,
    'int16',
    [2, 1],
  ),
  argCase('float32 rank 1 of size 1', 'float32', [1], [4], 0, false, 'int32', [0]),
];
