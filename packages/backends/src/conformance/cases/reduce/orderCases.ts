import type { ConformanceCase } from '../../types.js';
import { handCase, max, min, referenceCase } from './axesCase.js';
import type { Combine } from './reference.js';
import { ints } from './tensors.js';

const rmax = 'reduceMax';
const rmin = 'reduceMin';
const nan = Number.NaN;
const inf = Number.POSITIVE_INFINITY;
// biome-ignore lint/complexity/useMathMinMax: Math.max does not take bigints.
const maxBig: Combine<bigint> = (a, b) => (a > b ? a : b);
// biome-ignore lint/complexity/useMathMinMax: Math.min does not take bigints.
const minBig: Combine<bigint> = (a, b) => (a < b ? a : b);
const int64Values = [2n ** 62n, -(2n ** 62n), 2n ** 53n + 1n, 2n ** 53n, -(2n ** 63n), 2n ** 63n - 1n];
const uint64Values = [2n ** 64n - 1n, 0n, 2n ** 63n, 2n ** 53n + 1n, 7n, 2n ** 53n];

/** `reduceMax` cases. */
export const maxCases: ConformanceCase[] = [
  referenceCase(rmax, 'float32 [3,4] over axis 1', 'float32', [3, 4], ints(12, -99, 99, 21), [1], max, -inf),
  referenceCase(rmax, 'float32 [3,4] over axis 0', 'float32', [3, 4], ints(12, -99, 99, 22), [0], max, -inf),
  referenceCase(
    rmax,
    'float64 rank 5 [2,2,3,1,2] over axes 1,3,4',
    'float64',
    [2, 2, 3, 1, 2],
    ints(24, -999, 999, 23).map((v) => v / 16),
    [1, 3, 4],
    max,
    -inf,
  ),
  handCase(
    rmax,
    'float32 NaN propagates, -Inf is ordinary',
    'float32',
    [3, 3],
    [1, nan, 3, -inf, -inf, -inf, 2, 9, nan],
    [1],
    {
      dims: [3],
      values: [nan, -inf, nan],
    },
  ),
  handCase(rmax, 'float32 NaN propagates along the outer axis', 'float32', [2, 2], [nan, 1, 5, 2], [0], {
    dims: [2],
    values: [nan, 2],
  }),
  handCase(rmax, 'float32 over a zero-size axis gives -Inf', 'float32', [0, 2], [], [0], {
    dims: [2],
    values: [-inf, -inf],
  }),
  handCase(rmax, 'int8 over a zero-size axis gives -128', 'int8', [2, 0], [], [1], {
    dims: [2],
    values: [-128, -128],
  }),
  handCase(rmax, 'uint8 over a zero-size axis gives 0', 'uint8', [0], [], [0], { dims: [], values: [0] }),
  referenceCase(
    rmax,
    'int32 [4,5] over all axes',
    'int32',
    [4, 5],
    ints(20, -2147483648, 2147483647, 24),
    [0, 1],
    max,
    -2147483648,
  ),
  referenceCase(rmax, 'uint8 [3,4] over axis 1', 'uint8', [3, 4], ints(12, 0, 255, 25), [1], max, 0),
  handCase(rmax, 'int64 exact beyond 2^53', 'int64', [2, 3], int64Values, [1], {
    dims: [2],
    values: [2n ** 62n, 2n ** 63n - 1n],
  }),
  handCase(rmax, 'int64 over a zero-size axis gives the lowest int64', 'int64', [0, 1], [], [0], {
    dims: [1],
    values: [-(2n ** 63n)],
  }),
  referenceCase(rmax, 'uint64 [3,2] over axis 0', 'uint64', [3, 2], uint64Values, [0], maxBig, 0n),
  referenceCase(
    rmax,
    'float16 [2,3] over axis 1',
    'float16',
    [2, 3],
    [-1.5, -0.25, -8, 3, 65504, -65504],
    [1],
    max,
    -inf,
  ),
  referenceCase(
    rmax,
    'bfloat16 [3,2] over axis 0',
    'bfloat16',
    [3, 2],
    [-1.5, 1e30, -0.25, -2, -8, 3],
    [0],
    max,
    -inf,
  ),
  handCase(rmax, 'float32 rank 0 over no axes', 'float32', [], [-7], [], { dims: [], values: [-7] }),
];

/** `reduceMin` cases. */
export const minCases: ConformanceCase[] = [
  referenceCase(rmin, 'float32 [3,4] over axis 1', 'float32', [3, 4], ints(12, -99, 99, 26), [1], min, inf),
  referenceCase(
    rmin,
    'float32 rank 4 [2,3,2,2] over axes 0,2',
    'float32',
    [2, 3, 2, 2],
    ints(24, -99, 99, 27),
    [0, 2],
    min,
    inf,
  ),
  handCase(
    rmin,
    'float64 NaN propagates, +Inf is ordinary',
    'float64',
    [3, 3],
    [1, nan, -3, inf, inf, inf, nan, 2, 9],
    [1],
    {
      dims: [3],
      values: [nan, inf, nan],
    },
  ),
  handCase(rmin, 'float32 over a zero-size axis gives +Inf', 'float32', [2, 0], [], [1], {
    dims: [2],
    values: [inf, inf],
  }),
  handCase(rmin, 'int32 over a zero-size axis gives the largest int32', 'int32', [0], [], [0], {
    dims: [],
    values: [2147483647],
  }),
  handCase(rmin, 'uint8 over a zero-size axis gives 255', 'uint8', [0, 2], [], [0], {
    dims: [2],
    values: [255, 255],
  }),
  referenceCase(
    rmin,
    'int16 [4,3] over axis 0',
    'int16',
    [4, 3],
    ints(12, -32768, 32767, 28),
    [0],
    min,
    32767,
  ),
  handCase(rmin, 'int64 exact beyond 2^53', 'int64', [3, 2], int64Values, [1], {
    dims: [3],
    values: [-(2n ** 62n), 2n ** 53n, -(2n ** 63n)],
  }),
  referenceCase(
    rmin,
    'uint64 [2,3] over axis 1',
    'uint64',
    [2, 3],
    uint64Values,
    [1],
    minBig,
    2n ** 64n - 1n,
  ),
  handCase(rmin, 'uint64 over a zero-size axis gives 2^64-1', 'uint64', [0], [], [0], {
    dims: [],
    values: [2n ** 64n - 1n],
  }),
  referenceCase(
    rmin,
    'float16 [3,2] over axis 0',
    'float16',
    [3, 2],
    [0.5, -0.125, 7, 2048, -3, 1],
    [0],
    min,
    inf,
  ),
  referenceCase(
    rmin,
    'bfloat16 [2,3] over all axes',
    'bfloat16',
    [2, 3],
    [0.5, -0.125, 7, -1e-30, -3, 1],
    [0, 1],
    min,
    inf,
  ),
];
