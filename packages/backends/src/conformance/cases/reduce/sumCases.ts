import type { ConformanceCase } from '../../types.js';
import { add, addInt64, handCase, mul, referenceCase } from './axesCase.js';
import { ints } from './tensors.js';

const sum = 'reduceSum';
const prod = 'reduceProduct';
const two62 = 2n ** 62n;
const two64 = 2n ** 64n;

/** `reduceSum` cases. */
export const sumCases: ConformanceCase[] = [
  referenceCase(
    sum,
    'float32 [2,3,4] over the middle axis',
    'float32',
    [2, 3, 4],
    ints(24, -50, 50, 1),
    [1],
    add,
    0,
  ),
  referenceCase(
    sum,
    'float32 [5,7] over the innermost axis',
    'float32',
    [5, 7],
    ints(35, -9, 9, 2),
    [1],
    add,
    0,
  ),
  referenceCase(
    sum,
    'float32 [7,5] over the outermost axis (batch)',
    'float32',
    [7, 5],
    ints(35, -9, 9, 3),
    [0],
    add,
    0,
  ),
  referenceCase(
    sum,
    'float32 rank 5 [2,3,1,4,2] over axes 0,2,4',
    'float32',
    [2, 3, 1, 4, 2],
    ints(48, -20, 20, 4),
    [0, 2, 4],
    add,
    0,
  ),
  referenceCase(
    sum,
    'float32 rank 5 [2,3,2,4,3] over alternating axes 3,1 (unsorted)',
    'float32',
    [2, 3, 2, 4, 3],
    ints(144, -20, 20, 5),
    [3, 1],
    add,
    0,
  ),
  referenceCase(
    sum,
    'float64 rank 6 [2,1,3,2,1,3] over axes 0,5',
    'float64',
    [2, 1, 3, 2, 1, 3],
    ints(36, -100, 100, 6).map((v) => v / 8),
    [0, 5],
    add,
    0,
  ),
  handCase(sum, 'float64 over all axes of [2,3]', 'float64', [2, 3], [0.5, 1.25, -2, 4, 8, -0.75], [0, 1], {
    dims: [],
    values: [11],
  }),
  handCase(sum, 'float32 over no axes is the identity map', 'float32', [2, 2], [1, -2, 3.5, 4], [], {
    dims: [2, 2],
    values: [1, -2, 3.5, 4],
  }),
  handCase(sum, 'float32 rank 0 over no axes', 'float32', [], [-3.25], [], { dims: [], values: [-3.25] }),
  handCase(sum, 'float32 over a zero-size axis gives 0', 'float32', [2, 0, 3], [], [1], {
    dims: [2, 3],
    values: [0, 0, 0, 0, 0, 0],
  }),
  handCase(sum, 'float32 with an empty result', 'float32', [0, 3], [], [1], { dims: [0], values: [] }),
  handCase(
    sum,
    'float32 NaN and infinities propagate',
    'float32',
    [3, 3],
    [Number.NaN, 1, 2, Number.POSITIVE_INFINITY, 1, 2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0],
    [1],
    { dims: [3], values: [Number.NaN, Number.POSITIVE_INFINITY, Number.NaN] },
  ),
  handCase(sum, 'int32 wraps on overflow', 'int32', [2, 3], [2147483647, 1, 10, -2147483648, -1, 0], [1], {
    dims: [2],
    values: [-2147483638, 2147483647],
  }),
  referenceCase(sum, 'int16 [4,6] over axis 0', 'int16', [4, 6], ints(24, -1000, 1000, 7), [0], add, 0),
  handCase(sum, 'uint8 wraps modulo 256', 'uint8', [2, 3], [200, 100, 7, 1, 2, 3], [1], {
    dims: [2],
    values: [51, 6],
  }),
  handCase(
    sum,
    'int64 exact beyond 2^53 and wrapping modulo 2^64',
    'int64',
    [2, 3],
    [2n ** 60n + 1n, 2n ** 60n + 3n, -7n, two62, two62, two62 + 5n],
    [1],
    { dims: [2], values: [2n ** 61n - 3n, -two62 + 5n] },
  ),
  referenceCase(
    sum,
    'int64 [3,4,2] over axes 0,2',
    'int64',
    [3, 4, 2],
    ints(24, -1000, 1000, 8).map((v) => BigInt(v) * 3n ** 30n),
    [0, 2],
    addInt64,
    0n,
  ),
  handCase(
    sum,
    'uint64 wraps modulo 2^64',
    'uint64',
    [2, 2],
    [two64 - 1n, 2n, 2n ** 63n, 2n ** 63n - 1n],
    [1],
    {
      dims: [2],
      values: [1n, two64 - 1n],
    },
  ),
  referenceCase(
    sum,
    'float16 [3,4] over axis 0',
    'float16',
    [3, 4],
    ints(12, -40, 40, 9).map((v) => v / 4),
    [0],
    add,
    0,
  ),
  referenceCase(
    sum,
    'bfloat16 [4,3] over axis 1',
    'bfloat16',
    [4, 3],
    ints(12, -40, 40, 10).map((v) => v / 2),
    [1],
    add,
    0,
  ),
];

/** `reduceProduct` cases. */
export const productCases: ConformanceCase[] = [
  referenceCase(
    prod,
    'float32 [3,4] over axis 1',
    'float32',
    [3, 4],
    ints(12, -4, 4, 11).map((v) => v / 2),
    [1],
    mul,
    1,
  ),
  referenceCase(
    prod,
    'float64 rank 4 [2,2,3,2] over axes 0,3',
    'float64',
    [2, 2, 3, 2],
    ints(24, -3, 3, 12).map((v) => v / 2 + 0.25),
    [0, 3],
    mul,
    1,
  ),
  handCase(prod, 'float32 over a zero-size axis gives 1', 'float32', [0, 2], [], [0], {
    dims: [2],
    values: [1, 1],
  }),
  handCase(prod, 'float32 NaN propagates even with 0', 'float32', [2, 2], [Number.NaN, 0, 3, -2], [1], {
    dims: [2],
    values: [Number.NaN, -6],
  }),
  handCase(prod, 'int32 wraps on overflow', 'int32', [2, 3], [65536, 65536, 3, -3, 5, 7], [1], {
    dims: [2],
    values: [0, -105],
  }),
  handCase(prod, 'int32 [3] wraps past 2^32', 'int32', [3], [65537, 65537, 1], [0], {
    dims: [],
    // (2^16 + 1)^2 = 2^32 + 2^17 + 1 ≡ 131073 (mod 2^32)
    values: [131073],
  }),
  handCase(prod, 'uint8 wraps modulo 256', 'uint8', [2], [16, 17], [0], { dims: [], values: [16] }),
  handCase(
    prod,
    'int64 wraps modulo 2^64',
    'int64',
    [2, 2],
    [2n ** 32n, 2n ** 32n + 1n, -(3n ** 20n), 3n ** 19n],
    [1],
    {
      dims: [2],
      values: [2n ** 32n, -(3n ** 39n)],
    },
  ),
  handCase(prod, 'uint64 wraps modulo 2^64', 'uint64', [2], [2n ** 63n, 3n], [0], {
    dims: [],
    values: [2n ** 63n],
  }),
  referenceCase(
    prod,
    'float16 [2,3] over axis 1',
    'float16',
    [2, 3],
    [1.5, -2, 0.5, 3, 0.25, -4],
    [1],
    mul,
    1,
  ),
  referenceCase(
    prod,
    'bfloat16 [3,2] over axis 0',
    'bfloat16',
    [3, 2],
    [2, -1.5, 0.5, 4, -3, 0.125],
    [0],
    mul,
    1,
  ),
];
