import type { OpName } from '../../../optable/opAttrs.js';
import type { ConformanceCase } from '../../types.js';
import { intBinary, intSamples, plainInt, samplePairs } from './intReference.js';
import { EXACT, FLOAT_DTYPES, INT_DTYPES, opCase, representable } from './tensors.js';

// Binary ops: float64 references (exactly rounded for + - * / and fmod, so float32 results compare
// exactly), BigInt references for every integer dtype over all pairs of extreme samples, and hand cases.

const floatOperands = [
  0,
  -0,
  1,
  -1,
  2.5,
  -3.75,
  0.1,
  7,
  1e3,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

/** C pow, written out: pow(1, y) = 1 and pow(-1, ±Infinity) = 1 (Math.pow gives NaN for both). */
function cPowReference(x: number, y: number): number {
  if (x === 1) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return x ** y;
}

const floatReferences: ReadonlyArray<[OpName, (a: number, b: number) => number]> = [
  ['add', (a, b) => a + b],
  ['sub', (a, b) => a - b],
  ['mul', (a, b) => a * b],
  ['div', (a, b) => a / b],
  ['rem', (a, b) => a % b],
  ['pow', cPowReference],
  ['max', (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b))],
  ['min', (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.min(a, b))],
  ['atan2', Math.atan2],
];

function floatCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const [op, f] of floatReferences) {
    for (const dtype of FLOAT_DTYPES) {
      const xs = floatOperands.map((v) => representable(dtype, v));
      const lhs: number[] = [];
      const rhs: number[] = [];
      for (const a of xs) {
        for (const b of xs) {
          lhs.push(a);
          rhs.push(b);
        }
      }
      const want = lhs.map((a, i) => representable(dtype, f(a, rhs[i]!)));
      const exact = dtype === 'float32' || dtype === 'float64';
      cases.push(
        opCase(op, `${dtype}: all pairs of specials and ordinary values`, dtype, [lhs, rhs], dtype, want, {
          ...(exact && op !== 'pow' && op !== 'atan2' ? { tolerance: EXACT } : {}),
        }),
      );
    }
  }
  cases.push(
    opCase(
      'pow',
      'float64: C pow special cases',
      'float64',
      [
        [1, -1, Number.NaN, 0, -8, 2, 4],
        [Number.NaN, Number.POSITIVE_INFINITY, 0, -1, 1 / 3, 0.5, -0.5],
      ],
      'float64',
      [1, 1, 1, Number.POSITIVE_INFINITY, Number.NaN, Math.SQRT2, 0.5],
    ),
    opCase(
      'rem',
      'float64: fmod keeps the sign of lhs',
      'float64',
      [
        [-5.5, 5, 5.5, -0],
        [2, -3, Number.POSITIVE_INFINITY, 3],
      ],
      'float64',
      [-1.5, 2, 5.5, -0],
    ),
  );
  return cases;
}

const intOps: readonly OpName[] = [
  'add',
  'sub',
  'mul',
  'div',
  'rem',
  'max',
  'min',
  'bitwiseAnd',
  'bitwiseOr',
  'bitwiseXor',
  'shiftLeft',
  'shiftRightArithmetic',
  'shiftRightLogical',
];

function intCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of INT_DTYPES) {
    const [lhs, rhs] = samplePairs(dtype);
    const plain = (vs: bigint[]) => vs.map((v) => plainInt(dtype, v));
    for (const op of intOps) {
      const want = lhs.map((a, i) => plainInt(dtype, intBinary(op, dtype, a, rhs[i]!)));
      cases.push(
        opCase(
          op,
          `${dtype}: all pairs of extreme samples (BigInt reference)`,
          dtype,
          [plain(lhs), plain(rhs)],
          dtype,
          want,
        ),
      );
    }
    // pow: every sample base with small exponents (negative ones for signed types).
    const exponents = [0n, 1n, 2n, 3n, 7n, 13n, ...(dtype.startsWith('u') ? [] : [-1n, -2n, -3n])];
    const bases: bigint[] = [];
    const exps: bigint[] = [];
    for (const a of intSamples(dtype)) {
      for (const e of exponents) {
        bases.push(a);
        exps.push(e);
      }
    }
    cases.push(
      opCase(
        'pow',
        `${dtype}: samples to small powers (BigInt reference)`,
        dtype,
        [plain(bases), plain(exps)],
        dtype,
        bases.map((a, i) => plainInt(dtype, intBinary('pow', dtype, a, exps[i]!))),
      ),
    );
  }
  return cases;
}

function handCases(): ConformanceCase[] {
  return [
    opCase(
      'div',
      'int32: by zero gives -1, truncates toward zero, -2^31 / -1 wraps',
      'int32',
      [
        [7, -7, 7, -2147483648, 0],
        [0, 2, -2, -1, 0],
      ],
      'int32',
      [-1, -3, -3, -2147483648, -1],
    ),
    opCase(
      'div',
      'uint8: by zero gives 255',
      'uint8',
      [
        [7, 200],
        [0, 3],
      ],
      'uint8',
      [255, 66],
    ),
    opCase(
      'div',
      'int64: by zero gives -1',
      'int64',
      [
        [7n, -(2n ** 63n)],
        [0n, -1n],
      ],
      'int64',
      [-1n, -(2n ** 63n)],
    ),
    opCase(
      'div',
      'uint64: by zero gives 2^64 - 1',
      'uint64',
      [
        [7n, 2n ** 64n - 1n],
        [0n, 2n],
      ],
      'uint64',
      [2n ** 64n - 1n, 2n ** 63n - 1n],
    ),
    opCase(
      'rem',
      'int32: by zero gives lhs; sign of lhs',
      'int32',
      [
        [7, -7, 7, -2147483648],
        [0, 3, -3, -1],
      ],
      'int32',
      [7, -1, 1, 0],
    ),
    opCase(
      'mul',
      'int32: wraps (65536 * 65536 = 0, 46341^2)',
      'int32',
      [
        [65536, 46341, -2147483648],
        [65536, 46341, -1],
      ],
      'int32',
      [0, -2147479015, -2147483648],
    ),
    opCase(
      'mul',
      'uint32: wraps modulo 2^32',
      'uint32',
      [
        [4294967295, 65537],
        [4294967295, 65537],
      ],
      'uint32',
      [1, 131073],
    ),
    opCase(
      'add',
      'int8: 127 + 1 wraps to -128',
      'int8',
      [
        [127, -128],
        [1, -1],
      ],
      'int8',
      [-128, 127],
    ),
    opCase('add', 'uint64: 2^64 - 1 + 1 wraps to 0', 'uint64', [[2n ** 64n - 1n], [1n]], 'uint64', [0n]),
    opCase(
      'shiftLeft',
      'int32: shifts ≥ 32 (or negative) give 0',
      'int32',
      [
        [1, 1, 1, 1],
        [31, 32, 100, -1],
      ],
      'int32',
      [-2147483648, 0, 0, 0],
    ),
    opCase(
      'shiftRightArithmetic',
      'int8: shifts ≥ 8 give 0 or -1',
      'int8',
      [
        [-128, -128, 64, 100],
        [7, 8, 8, 200],
      ],
      'int8',
      [-1, -1, 0, 0],
    ),
    opCase(
      'shiftRightLogical',
      'int32: fills zeros; ≥ 32 gives 0',
      'int32',
      [
        [-1, -1, -1],
        [28, 32, 0],
      ],
      'int32',
      [15, 0, -1],
    ),
    opCase(
      'shiftRightLogical',
      'uint64: ≥ 64 gives 0',
      'uint64',
      [
        [2n ** 64n - 1n, 2n ** 64n - 1n],
        [60n, 64n],
      ],
      'uint64',
      [15n, 0n],
    ),
    opCase(
      'shiftLeft',
      'int64: ≥ 64 gives 0',
      'int64',
      [
        [1n, 1n, 3n],
        [63n, 64n, 62n],
      ],
      'int64',
      [-(2n ** 63n), 0n, -(2n ** 62n)],
    ),
    opCase(
      'shiftRightArithmetic',
      'uint8: the sign bit is replicated',
      'uint8',
      [
        [200, 200],
        [1, 9],
      ],
      'uint8',
      [228, 255],
    ),
    opCase(
      'logicalAnd',
      'bool truth table',
      'bool',
      [
        [false, false, true, true],
        [false, true, false, true],
      ],
      'bool',
      [false, false, false, true],
    ),
    opCase(
      'logicalOr',
      'bool truth table',
      'bool',
      [
        [false, false, true, true],
        [false, true, false, true],
      ],
      'bool',
      [false, true, true, true],
    ),
    opCase(
      'logicalXor',
      'bool truth table',
      'bool',
      [
        [false, false, true, true],
        [false, true, false, true],
      ],
      'bool',
      [false, true, true, false],
    ),
  ];
}

/** Binary op cases. */
export function binaryCases(): ConformanceCase[] {
  return [...floatCases(), ...intCases(), ...handCases()];
}
