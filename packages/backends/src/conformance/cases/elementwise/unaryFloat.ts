import type { DType } from '@tsmlx/dtypes';
import type { OpName } from '../../../optable/opAttrs.js';
import type { ConformanceCase } from '../../types.js';
import { FLOAT_DTYPES, opCase, representable, zeroSignCase } from './tensors.js';

// Float unary ops: a float64 reference (Math.* or a closed form) on the values the dtype holds, rounded
// to the output dtype; default tolerances. NaN/±Infinity/±0 are part of every sample list.

const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0];
const ordinary = [0.5, -0.5, 1, -1, 1.5, -2.5, 3.75, -3.2, 10.3, -7.9, 0.1, 1e-3, 100, -100];

const references: ReadonlyArray<[OpName, (x: number) => number, (readonly number[])?]> = [
  ['abs', Math.abs],
  ['neg', (x) => -x],
  ['sign', (x) => (x > 0 ? 1 : x < 0 ? -1 : x)],
  ['ceil', Math.ceil],
  ['floor', Math.floor],
  ['exp', Math.exp],
  ['expm1', Math.expm1, [1e-10, -1e-7, 0.5, -3, 20]],
  ['log', Math.log, [2, 0.25, 1e-5, 5e4, -1]],
  ['log1p', Math.log1p, [1e-10, -0.5, 3, -1, -2]],
  ['logistic', (x) => 1 / (1 + Math.exp(-x)), [-50, 50, 800, -800]],
  ['sqrt', Math.sqrt, [2, 0.25, 1e4, -4]],
  ['rsqrt', (x) => 1 / Math.sqrt(x), [2, 0.25, 1e4, -4]],
  ['sin', Math.sin],
  ['cos', Math.cos],
  ['tanh', Math.tanh, [20, -20, 1e-8]],
  ['isFinite', (x) => (Number.isFinite(x) ? 1 : 0)],
  ['isNaN', (x) => (Number.isNaN(x) ? 1 : 0)],
];

function referenceCase(
  op: OpName,
  dtype: DType,
  f: (x: number) => number,
  extra: readonly number[],
): ConformanceCase {
  const boolResult = op === 'isFinite' || op === 'isNaN';
  const xs = [...specials, ...ordinary, ...extra].map((v) => representable(dtype, v));
  const want = xs.map((x) => (boolResult ? f(x) : representable(dtype, f(x))));
  return opCase(
    op,
    `${dtype}: reference values, NaN/±Inf/±0`,
    dtype,
    [xs],
    boolResult ? 'bool' : dtype,
    want,
  );
}

/** erf known values (mpmath at 30 digits, rounded to the nearest float64). */
const erfTable: ReadonlyArray<[number, number]> = [
  [0, 0],
  [1e-10, 1.1283791670955126e-10],
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [-0.75, -0.7111556336535151],
  [1, 0.8427007929497149],
  [1.5, 0.9661051464753108],
  [2, 0.9953222650189527],
  [2.5, 0.999593047982555],
  [-3, -0.9999779095030014],
  [3.5, 0.9999992569016276],
  [4, 0.9999999845827421],
  [5, 0.9999999999984626],
  [9, 1],
  [Number.POSITIVE_INFINITY, 1],
  [Number.NEGATIVE_INFINITY, -1],
  [Number.NaN, Number.NaN],
];

function erfCases(): ConformanceCase[] {
  const xs = erfTable.map(([x]) => x);
  const cases = [
    opCase(
      'erf',
      'float64: known values within 1e-14',
      'float64',
      [xs],
      'float64',
      erfTable.map(([, y]) => y),
      { tolerance: { rtol: 1e-14, atol: 1e-15 } },
    ),
  ];
  for (const dtype of ['float32', 'float16', 'bfloat16'] as const) {
    // Inputs of the table that the format holds exactly; the result rounded to the format.
    const rows = erfTable.filter(([x]) => Number.isNaN(x) || representable(dtype, x) === x);
    cases.push(
      opCase(
        'erf',
        `${dtype}: known values`,
        dtype,
        [rows.map(([x]) => x)],
        dtype,
        rows.map(([, y]) => representable(dtype, y)),
      ),
    );
  }
  return cases;
}

/** Round half to even, hand-computed. */
function roundCases(): ConformanceCase[] {
  const xs = [
    0.5,
    1.5,
    2.5,
    -0.5,
    -1.5,
    -2.5,
    3.7,
    -3.2,
    0.25,
    1023.5,
    1024.5,
    Number.NaN,
    Number.NEGATIVE_INFINITY,
  ];
  const want = [0, 2, 2, -0, -2, -2, 4, -3, 0, 1024, 1024, Number.NaN, Number.NEGATIVE_INFINITY];
  const cases = FLOAT_DTYPES.map((dtype) =>
    opCase('round', `${dtype}: halfway cases to even`, dtype, [xs], dtype, want),
  );
  cases.push(
    opCase(
      'round',
      'float64: 0.49999999999999994 and 2^52 + 1',
      'float64',
      [[0.49999999999999994, 2 ** 52 + 1]],
      'float64',
      [0, 2 ** 52 + 1],
    ),
  );
  return cases;
}

/** Float unary cases. */
export function unaryFloatCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const [op, f, extra] of references) {
    for (const dtype of FLOAT_DTYPES) cases.push(referenceCase(op, dtype, f, extra ?? []));
  }
  cases.push(...erfCases(), ...roundCases());
  // ±0 keep their sign: 1/op(x) shows -0 as -Infinity.
  cases.push(
    zeroSignCase(
      'sign',
      'float32: sign(-0) = -0, sign(+0) = +0',
      'float32',
      [[-0, 0]],
      [-Infinity, Infinity],
    ),
    zeroSignCase(
      'round',
      'float64: round(-0.5) = -0, round(-0.2) = -0',
      'float64',
      [[-0.5, -0.2]],
      [-Infinity, -Infinity],
    ),
    zeroSignCase('neg', 'float32: neg(+0) = -0', 'float32', [[0, -0]], [-Infinity, Infinity]),
    zeroSignCase('ceil', 'float64: ceil(-0.5) = -0', 'float64', [[-0.5]], [-Infinity]),
    zeroSignCase('abs', 'float64: abs(-0) = +0', 'float64', [[-0]], [Infinity]),
  );
  return cases;
}
