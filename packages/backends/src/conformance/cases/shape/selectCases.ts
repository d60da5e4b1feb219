import type { DType } from '@tsmlx/dtypes';
import type { ConformanceCase } from '../../types.js';
import { sample } from './samples.js';
import { expected, type Scalar, sizeOfDims, tensor } from './tensors.js';

const show = (list: readonly number[]) => `[${list.join(', ')}]`;

function whereCase(dtype: DType, dims: number[], condition: boolean[] | boolean): ConformanceCase {
  const n = sizeOfDims(dims);
  const onTrue = sample(dtype, 2 * n).slice(0, n);
  const onFalse = sample(dtype, 2 * n).slice(n);
  const cond = typeof condition === 'boolean' ? [condition] : condition;
  const condDims = typeof condition === 'boolean' ? [] : dims;
  const pickAt = (i: number) => (cond[typeof condition === 'boolean' ? 0 : i] ? onTrue[i]! : onFalse[i]!);
  return {
    op: 'where',
    name: `${dtype} ${show(dims)} condition ${typeof condition === 'boolean' ? `scalar ${condition}` : 'per element'}`,
    inputs: [tensor('bool', condDims, cond), tensor(dtype, dims, onTrue), tensor(dtype, dims, onFalse)],
    build: (b, [c, t, f]) => [b.where(c!, t!, f!)],
    expected: [
      expected(
        dtype,
        dims,
        Array.from({ length: n }, (_, i) => pickAt(i)),
      ),
    ],
  };
}

/**
 * Reference clamp: min(max(x, lo), hi) with NaN-propagating min/max (XLA), so NaN in any operand gives NaN
 * and lo > hi gives hi.
 */
function refClamp(lo: Scalar, x: Scalar, hi: Scalar): Scalar {
  if ([lo, x, hi].some((v) => typeof v === 'number' && Number.isNaN(v))) return Number.NaN;
  const raised = x > lo ? x : lo;
  return raised < hi ? raised : hi;
}

function clampCase(
  dtype: DType,
  dims: number[],
  lo: Scalar | Scalar[],
  x: Scalar[],
  hi: Scalar | Scalar[],
  note = '',
): ConformanceCase {
  const loList = Array.isArray(lo) ? lo : [lo];
  const hiList = Array.isArray(hi) ? hi : [hi];
  const at = (list: Scalar[], i: number) => list[list.length === 1 && x.length !== 1 ? 0 : i]!;
  return {
    op: 'clamp',
    name: `${dtype} ${show(dims)} lo ${Array.isArray(lo) ? 'per element' : lo} hi ${Array.isArray(hi) ? 'per element' : hi}${note}`,
    inputs: [
      tensor(dtype, Array.isArray(lo) ? dims : [], loList),
      tensor(dtype, dims, x),
      tensor(dtype, Array.isArray(hi) ? dims : [], hiList),
    ],
    build: (b, [l, v, h]) => [b.clamp(l!, v!, h!)],
    expected: [
      expected(
        dtype,
        dims,
        x.map((v, i) => refClamp(at(loList, i), v, at(hiList, i))),
      ),
    ],
  };
}

const { NaN: nan, POSITIVE_INFINITY: inf } = Number;

/** Cases of where and clamp. */
export const selectCases: ConformanceCase[] = [
  // where
  whereCase('float32', [2, 3], [true, false, false, true, true, false]),
  whereCase('int32', [2, 2], true),
  whereCase('int32', [2, 2], false),
  whereCase('int64', [5], [false, true, true, false, true]),
  whereCase('uint64', [2, 2], false),
  whereCase('bool', [2, 2], [true, false, true, false]),
  whereCase('float16', [3], [false, true, false]),
  whereCase('bfloat16', [2, 1], [true, false]),
  whereCase('uint8', [3, 2], [true, true, false, false, true, false]),
  whereCase('float64', [0, 2], []),
  whereCase('float64', [], true),
  whereCase('int8', [], [false]),
  {
    op: 'where',
    name: 'float64 NaN and -0 pass through (hand-written)',
    inputs: [
      tensor('bool', [3], [true, false, true]),
      tensor('float64', [3], [nan, 1, -0]),
      tensor('float64', [3], [2, nan, 3]),
    ],
    build: (b, [c, t, f]) => [b.where(c!, t!, f!)],
    expected: [expected('float64', [3], [nan, nan, -0])],
  },
  // clamp
  clampCase('float32', [6], -1, [-3, -1, -0.5, 0, 1.5, 7], 1.25),
  clampCase('int32', [4], [0, -5, 10, 3], [-2, -10, 12, 3], [5, -4, 11, 3]),
  clampCase(
    'int64',
    [4],
    -(1n << 60n),
    [-(1n << 62n), -(1n << 60n) - 1n, (1n << 60n) + 1n, 5n],
    (1n << 60n) + 1n,
  ),
  clampCase('uint64', [3], 5n, [0n, 1n << 63n, 7n], 1n << 62n),
  clampCase('float64', [4], 0, [nan, -1, 0.5, 2], 1, ' (NaN in x stays NaN)'),
  clampCase('float64', [3], [nan, 0, 0], [0.5, nan, 0.5], [1, 1, nan], ' (NaN in lo, x or hi gives NaN)'),
  clampCase('float32', [3], 2, [1, 3, 5], 1, ' (lo > hi gives hi)'),
  clampCase('float32', [3], -inf, [-inf, 0, inf], 4, ' (infinities)'),
  clampCase('uint8', [4], 10, [0, 10, 200, 255], 100),
  clampCase('int8', [3], -5, [-128, 0, 127], [100, -1, 50]),
  clampCase('float16', [5], -0.5, [-2, -0.25, 0.75, inf, nan], 0.5),
  clampCase('bfloat16', [4], [1, 2, 3, 4], [0, 5, 3, 8], 3.5),
  clampCase('float16', [3], nan, [1, 2, 3], 2, ' (NaN lo)'),
  clampCase('int16', [0], 1, [], 2),
  clampCase('float64', [], 1, [3], 2),
];
