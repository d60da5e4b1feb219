import type { OpName } from '../../../optable/opAttrs.js';
import type { ConformanceCase } from '../../types.js';
import { plainInt, samplePairs } from './intReference.js';
import { FLOAT_DTYPES, INT_DTYPES, opCase, representable } from './tensors.js';

// Comparisons: all pairs of float specials (NaN unequal to everything, -0 == +0) and of integer extremes
// (compared as exact BigInts, so unsigned and 64-bit orderings are checked), plus bool equality.

const references: ReadonlyArray<[OpName, <T extends number | bigint>(a: T, b: T) => boolean]> = [
  ['equal', (a, b) => a === b],
  ['notEqual', (a, b) => a !== b],
  ['greaterThan', (a, b) => a > b],
  ['greaterOrEqual', (a, b) => a >= b],
  ['lessThan', (a, b) => a < b],
  ['lessOrEqual', (a, b) => a <= b],
];

const floatValues = [0, -0, 1, -1, 2.5, 1e-3, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

/** Comparison cases. */
export function compareCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const [op, f] of references) {
    for (const dtype of FLOAT_DTYPES) {
      const xs = floatValues.map((v) => representable(dtype, v));
      const lhs = xs.flatMap((a) => xs.map(() => a));
      const rhs = xs.flatMap(() => xs);
      cases.push(
        opCase(
          op,
          `${dtype}: all pairs with NaN/±Inf/±0`,
          dtype,
          [lhs, rhs],
          'bool',
          lhs.map((a, i) => f(a, rhs[i]!)),
        ),
      );
    }
    for (const dtype of INT_DTYPES) {
      const [lhs, rhs] = samplePairs(dtype);
      cases.push(
        opCase(
          op,
          `${dtype}: all pairs of extreme samples`,
          dtype,
          [lhs.map((v) => plainInt(dtype, v)), rhs.map((v) => plainInt(dtype, v))],
          'bool',
          lhs.map((a, i) => f(a, rhs[i]!)),
        ),
      );
    }
  }
  const big = 2n ** 60n;
  cases.push(
    opCase(
      'lessThan',
      'int64: 2^60 < 2^60 + 1 (beyond float64 precision)',
      'int64',
      [
        [big, big + 1n],
        [big + 1n, big],
      ],
      'bool',
      [true, false],
    ),
    opCase('equal', 'uint64: 2^64 - 1 vs 2^64 - 2', 'uint64', [[2n ** 64n - 1n], [2n ** 64n - 2n]], 'bool', [
      false,
    ]),
    opCase(
      'equal',
      'bool',
      'bool',
      [
        [false, false, true, true],
        [false, true, false, true],
      ],
      'bool',
      [true, false, false, true],
    ),
    opCase(
      'notEqual',
      'bool',
      'bool',
      [
        [false, false, true, true],
        [false, true, false, true],
      ],
      'bool',
      [false, true, true, false],
    ),
  );
  return cases;
}
