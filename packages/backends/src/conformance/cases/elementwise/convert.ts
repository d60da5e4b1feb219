import { bitWidth, type DType, is64BitInteger, isFloat, isUnsigned } from '@tsmlx/dtypes';
import type { ConformanceCase } from '../../types.js';
import { FORMATS, roundToFormat } from './floatRounding.js';
import { intLimits, wrapTo } from './intReference.js';
import { EXACT, opCase, type Plain, representable } from './tensors.js';

// convertDType between every pair of the 13 real dtypes, expected values from an independent reference
// (exact BigInt rounding/saturation/wrapping), compared exactly.

const DTYPES: readonly DType[] = [
  'bool',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'float16',
  'bfloat16',
  'float32',
  'float64',
];

const floatSources = [
  0,
  -0,
  1.5,
  -1.5,
  2.5,
  -2.7,
  100.9,
  300,
  -300,
  1e10,
  -1e10,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  65504,
  65520,
  3.4e38,
  1e-8,
  0.1,
  2 ** 31,
  -(2 ** 31) - 4096,
  2 ** 63,
  2 ** 64,
  1 + 2 ** -11 + 2 ** -40, // float64 → float16 must round once (up), not twice (to 1)
  1 + 2 ** -8 + 2 ** -40, // same for bfloat16
];

/** Source values a dtype holds. Exact: floats are rounded to the format before use. */
function sources(dtype: DType): Plain[] {
  if (dtype === 'bool') return [0, 1];
  if (isFloat(dtype)) return floatSources.map((v) => representable(dtype, v));
  const [lo, hi] = intLimits(dtype);
  const raw = [
    0n,
    1n,
    44n,
    300n,
    65519n,
    65520n,
    16777217n,
    2n ** 53n + 1n,
    2n ** 60n + 2n ** 36n + 1n,
    hi,
    hi - 1n,
  ];
  if (lo < 0n) raw.push(-1n, -300n, lo, lo + 1n, -(2n ** 60n + 2n ** 36n + 1n));
  const values = [...new Set(raw.map((v) => wrapTo(dtype, v)))];
  return values.map((v) => (is64BitInteger(dtype) ? v : Number(v)));
}

/** The exact reference conversion of one value. */
function convertReference(v: Plain, from: DType, to: DType): Plain {
  const exact: number | bigint = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  if (to === 'bool') return typeof exact === 'bigint' ? exact !== 0n : exact !== 0;
  if (!isFloat(to)) {
    let n: bigint;
    if (typeof exact === 'number' && isFloat(from)) {
      const [lo, hi] = intLimits(to);
      if (Number.isNaN(exact)) n = 0n;
      else if (exact === Number.POSITIVE_INFINITY) n = hi;
      else if (exact === Number.NEGATIVE_INFINITY) n = lo;
      else {
        const t = BigInt(Math.trunc(exact));
        n = t > hi ? hi : t < lo ? lo : t;
      }
    } else {
      const bits = bitWidth(to);
      const b = BigInt(exact);
      n = isUnsigned(to) ? BigInt.asUintN(bits, b) : BigInt.asIntN(bits, b);
    }
    return is64BitInteger(to) ? n : Number(n);
  }
  if (to === 'float64') return Number(exact);
  return roundToFormat(exact, FORMATS[to as 'float16' | 'bfloat16' | 'float32']);
}

/** convertDType cases: every ordered pair of dtypes, plus the named edge cases of the op's doc. */
export function convertCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const from of DTYPES) {
    const xs = sources(from);
    for (const to of DTYPES) {
      cases.push(
        opCase(
          'convertDType',
          `${from} → ${to}`,
          from,
          [xs],
          to,
          xs.map((v) => convertReference(v, from, to)),
          { attrs: { dtype: to }, tolerance: EXACT },
        ),
      );
    }
  }
  const named: Array<[string, DType, Plain[], DType, Plain[]]> = [
    ['1e10 → int32 saturates to 2147483647', 'float64', [1e10, -1e10], 'int32', [2147483647, -2147483648]],
    ['NaN → int32/uint8 gives 0', 'float32', [Number.NaN], 'int32', [0]],
    ['-1.5 → uint8 gives 0', 'float32', [-1.5, 255.9, 256], 'uint8', [0, 255, 255]],
    ['300 int32 → int8 wraps to 44', 'int32', [300, -129], 'int8', [44, 127]],
    [
      'float32 → float16 rounds to nearest even',
      'float32',
      [0.1, 65520, 1.00048828125, 1.00146484375],
      'float16',
      [0.0999755859375, Number.POSITIVE_INFINITY, 1, 1.001953125],
    ],
    ['bool → float32 gives 0 or 1', 'bool', [false, true], 'float32', [0, 1]],
    ['NaN → bool is true', 'float64', [Number.NaN, 0, -0, 0.5], 'bool', [true, false, false, true]],
    [
      'int64 beyond 2^53 → float32 rounds once',
      'int64',
      [2n ** 60n + 2n ** 36n + 1n],
      'float32',
      [2 ** 60 + 2 ** 37],
    ],
  ];
  for (const [name, from, xs, to, want] of named) {
    cases.push(
      opCase('convertDType', name, from, [xs], to, want, { attrs: { dtype: to }, tolerance: EXACT }),
    );
  }
  return cases;
}
