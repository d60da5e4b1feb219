import type { OpName } from '../../../optable/opAttrs.js';
import type { ConformanceCase } from '../../types.js';
import { intSamples, intUnary, plainInt } from './intReference.js';
import { INT_DTYPES, opCase } from './tensors.js';

// Integer and bool unary ops: BigInt references with explicit wrapping, plus hand-computed cases.

const intOps: readonly OpName[] = ['abs', 'neg', 'sign', 'bitwiseNot', 'bitCount', 'clz'];

/** Integer and bool unary cases. */
export function unaryIntCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const op of intOps) {
    for (const dtype of INT_DTYPES) {
      const xs = intSamples(dtype);
      cases.push(
        opCase(
          op,
          `${dtype}: extremes, ±1, 0 (BigInt reference)`,
          dtype,
          [xs.map((v) => plainInt(dtype, v))],
          dtype,
          xs.map((v) => plainInt(dtype, intUnary(op, dtype, v))),
        ),
      );
    }
  }
  cases.push(
    opCase(
      'abs',
      'int32: abs(-2^31) wraps to -2^31',
      'int32',
      [[-2147483648, -5, 5]],
      'int32',
      [-2147483648, 5, 5],
    ),
    opCase('neg', 'uint8: neg wraps (1 → 255, 200 → 56)', 'uint8', [[1, 200, 0]], 'uint8', [255, 56, 0]),
    opCase('neg', 'int64: neg(-2^63) = -2^63', 'int64', [[-(2n ** 63n), 5n]], 'int64', [-(2n ** 63n), -5n]),
    opCase('clz', 'int32/uint8/int64: clz(0) is the bit width', 'int32', [[0, 1, -1]], 'int32', [32, 31, 0]),
    opCase('clz', 'uint8: clz(0) = 8, clz(1) = 7', 'uint8', [[0, 1, 255]], 'uint8', [8, 7, 0]),
    opCase('clz', 'int64: clz(0) = 64, clz(2^40) = 23', 'int64', [[0n, 2n ** 40n, -1n]], 'int64', [
      64n,
      23n,
      0n,
    ]),
    opCase(
      'bitCount',
      'int8: bitCount(-1) = 8, bitCount(-128) = 1',
      'int8',
      [[-1, -128, 0]],
      'int8',
      [8, 1, 0],
    ),
    opCase(
      'bitCount',
      'int32: bitCount(-1) = 32',
      'int32',
      [[-1, -2147483648, 0x55555555]],
      'int32',
      [32, 1, 16],
    ),
    opCase('bitCount', 'int64: bitCount(-1) = 64', 'int64', [[-1n, 2n ** 63n - 1n]], 'int64', [64n, 63n]),
    opCase('bitwiseNot', 'uint64: ~0 = 2^64 - 1', 'uint64', [[0n, 2n ** 64n - 1n]], 'uint64', [
      2n ** 64n - 1n,
      0n,
    ]),
    opCase('logicalNot', 'bool', 'bool', [[true, false, true]], 'bool', [false, true, false]),
  );
  return cases;
}
