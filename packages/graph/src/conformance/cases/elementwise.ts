import type { OpName } from '@tsmlx/backends';
import * as raw from '../../gen_ops.js';
import type { Node } from '../../node.js';
import {
  add,
  atan2,
  clip,
  convert,
  div,
  greaterThan,
  max,
  min,
  mul,
  pow,
  rem,
  sub,
  where,
} from '../../ops/arith.js';
import type { GradientCase, GradientInput } from '../types.js';
import { weightedSum } from '../weights.js';

/** Shapes every unary rule is checked on: a scalar, a vector, a matrix and a rank-4 tensor. */
const SHAPES: ReadonlyArray<readonly number[]> = [[], [5], [2, 3], [2, 1, 3, 2]];

/** Unary ops with the input range their check draws from (away from kinks and outside the domain). */
const UNARY: ReadonlyArray<readonly [OpName, (x: Node) => Node, number, number]> = [
  ['abs', raw.abs, -2, 2],
  ['neg', raw.neg, -2, 2],
  ['sign', raw.sign, -2, 2],
  ['ceil', raw.ceil, -3, 3],
  ['floor', raw.floor, -3, 3],
  ['round', raw.round, -3, 3],
  ['exp', raw.exp, -2, 2],
  ['expm1', raw.expm1, -2, 2],
  ['log', raw.log, 0.2, 3],
  ['log1p', raw.log1p, -0.8, 3],
  ['logistic', raw.logistic, -4, 4],
  ['sqrt', raw.sqrt, 0.2, 3],
  ['rsqrt', raw.rsqrt, 0.2, 3],
  ['sin', raw.sin, -3, 3],
  ['cos', raw.cos, -3, 3],
  ['tanh', raw.tanh, -2, 2],
  ['erf', raw.erf, -2, 2],
];

const unaryCases: GradientCase[] = UNARY.flatMap(([op, apply, lo, hi], k) =>
  SHAPES.map(
    (dims, s): GradientCase => ({
      name: `${op} of [${dims.join(', ')}]`,
      ops: [op],
      inputs: [{ dims, seed: 10 * k + s + 1, min: lo, max: hi }],
      fn: (x) => weightedSum(apply(x!)),
    }),
  ),
);

type BinaryFn = (x: Node, y: Node) => Node;

/** Shape pairs for binary ops: equal shapes, a broadcast row, a scalar operand, both sides broadcasting. */
const PAIRS: ReadonlyArray<readonly [readonly number[], readonly number[]]> = [
  [
    [2, 3],
    [2, 3],
  ],
  [
    [2, 3],
    [1, 3],
  ],
  [[], [2, 3]],
  [
    [4, 1, 2],
    [1, 3, 2],
  ],
];

function binaryCases(
  op: 'add' | 'sub' | 'mul' | 'div' | 'rem' | 'pow' | 'max' | 'min' | 'atan2',
  fn: BinaryFn,
  x: Omit<GradientInput, 'dims'>,
  y: Omit<GradientInput, 'dims'>,
  seed: number,
): GradientCase[] {
  return PAIRS.map(([dx, dy], i) => ({
    name: `${op} of [${dx.join(', ')}] and [${dy.join(', ')}]`,
    ops: i === 0 ? [op] : [op, 'broadcastInDim'],
    inputs: [
      { ...x, dims: dx, seed: seed + 2 * i },
      { ...y, dims: dy, seed: seed + 2 * i + 1 },
    ],
    fn: (a, b) => weightedSum(fn(a!, b!)),
  }));
}

const arithmeticCases: GradientCase[] = [
  ...binaryCases('add', add, {}, {}, 200),
  ...binaryCases('sub', sub, {}, {}, 210),
  ...binaryCases('mul', mul, {}, {}, 220),
  ...binaryCases('div', div, {}, { min: 0.5, max: 2 }, 230),
  ...binaryCases('div', div, {}, { min: -2, max: -0.5 }, 240),
  ...binaryCases('rem', rem, { min: -3, max: 3 }, { min: 0.6, max: 1.4 }, 250),
  ...binaryCases('pow', pow, { min: 0.3, max: 2 }, { min: -2, max: 2.5 }, 260),
  ...binaryCases('max', max, {}, {}, 270),
  ...binaryCases('min', min, {}, {}, 280),
  ...binaryCases('atan2', atan2, {}, { min: 0.3, max: 1.5 }, 290),
  ...binaryCases('atan2', atan2, { min: 0.3, max: 1.5 }, { min: -1.5, max: -0.3 }, 295),
];

const selectCases: GradientCase[] = [
  {
    name: 'where with a tensor condition',
    ops: ['where'],
    inputs: [
      { dims: [3, 4], seed: 300 },
      { dims: [3, 4], seed: 301 },
      { dims: [3, 4], seed: 302 },
    ],
    wrt: [0, 1],
    fn: (x, y, c) => weightedSum(where(greaterThan(c!, 0), x!, y!)),
  },
  {
    name: 'where with a scalar condition and a scalar branch',
    ops: ['where', 'broadcastInDim'],
    inputs: [
      { dims: [2, 3], seed: 303 },
      { dims: [], seed: 304 },
      { dims: [], values: [0.25] },
    ],
    wrt: [0, 1],
    fn: (x, y, c) => weightedSum(where(greaterThan(c!, 0), x!, y!)),
  },
  {
    name: 'clamp with scalar bounds',
    ops: ['clamp'],
    inputs: [
      { dims: [3, 4], seed: 310, min: -2, max: 2 },
      { dims: [], values: [-0.5] },
      { dims: [], values: [0.7] },
    ],
    fn: (x, lo, hi) => weightedSum(clip(x!, lo!, hi!)),
  },
  {
    name: 'clamp with tensor bounds',
    ops: ['clamp'],
    inputs: [
      { dims: [2, 3, 2], seed: 311, min: -2, max: 2 },
      { dims: [2, 3, 2], seed: 312, min: -1, max: -0.2 },
      { dims: [2, 3, 2], seed: 313, min: 0.2, max: 1 },
    ],
    fn: (x, lo, hi) => weightedSum(clip(x!, lo!, hi!)),
  },
  {
    name: 'clamp with crossed bounds (lo > hi gives hi)',
    ops: ['clamp'],
    inputs: [
      { dims: [5], seed: 314, min: -2, max: 2 },
      { dims: [], values: [0.6] },
      { dims: [], values: [-0.4] },
    ],
    fn: (x, lo, hi) => weightedSum(clip(x!, lo!, hi!)),
  },
];

const dtypeCases: GradientCase[] = [
  {
    name: 'convertDType through float32 and back',
    ops: ['convertDType'],
    inputs: [{ dims: [2, 3], seed: 320 }],
    // The function is linear, so a large step only avoids float32 rounding swamping the difference.
    step: 0.1,
    tolerance: 1e-5,
    fn: (x) => weightedSum(convert(mul(convert(x!, 'float32'), 3), 'float64')),
  },
  {
    name: 'convertDType float64 to float64',
    ops: ['convertDType'],
    inputs: [{ dims: [4], seed: 321 }],
    fn: (x) => weightedSum(raw.convertDType(raw.tanh(x!), { dtype: 'float64' })),
  },
];

/** Gradient cases of the elementwise rules: unary math, binary arithmetic, select, clamp, convert. */
export const ELEMENTWISE_GRADIENT_CASES: readonly GradientCase[] = [
  ...unaryCases,
  ...arithmeticCases,
  ...selectCases,
  ...dtypeCases,
];
