import type { OpName } from '@tsmlx/backends';
import { isFloat } from '@tsmlx/dtypes';
import { gradient } from '../../autodiff/gradient.js';
import * as raw from '../../gen_ops.js';
import type { Node } from '../../node.js';
import { atan2, clip, div, greaterThan, max, min, mul, pow, where } from '../../ops/arith.js';
import { broadcastTo, concat, reverse, transpose } from '../../ops/shape.js';
import type { GradientCase, GradientInput } from '../types.js';
import { weightedSum } from '../weights.js';

// Gradients of gradients: each case differentiates `outer(x) = Σ wᵢ · ∂inner/∂xᵢ` where
// `inner = Σ v · f(x)²`, so every rule used by the first backward pass is itself differentiated (the rules
// must be built from differentiable ops). Squaring makes linear ops give non-constant first gradients.

function secondOrder(
  name: string,
  ops: readonly OpName[],
  inputs: readonly GradientInput[],
  f: (...xs: Node[]) => Node,
  wrt?: readonly number[],
): GradientCase {
  const differentiated = wrt ?? inputs.flatMap((input, i) => (isFloat(input.dtype ?? 'float64') ? [i] : []));
  return {
    name: `second order: ${name}`,
    composite: 'secondOrder',
    ops,
    inputs,
    ...(wrt ? { wrt } : {}),
    fn: (...xs) => {
      const y = f(...xs);
      const inner = weightedSum(mul(y, y), 1);
      const grads = gradient(inner, ...differentiated.map((i) => xs[i]!));
      return grads.map((g, k) => weightedSum(g, 2 + k)).reduce((a, b) => raw.add(a, b));
    },
  };
}

const unary: ReadonlyArray<readonly [OpName, (x: Node) => Node, number, number]> = [
  ['abs', raw.abs, -2, 2],
  ['exp', raw.exp, -1, 1],
  ['expm1', raw.expm1, -1, 1],
  ['log', raw.log, 0.3, 2],
  ['log1p', raw.log1p, -0.5, 2],
  ['logistic', raw.logistic, -3, 3],
  ['sqrt', raw.sqrt, 0.3, 2],
  ['rsqrt', raw.rsqrt, 0.3, 2],
  ['sin', raw.sin, -3, 3],
  ['cos', raw.cos, -3, 3],
  ['tanh', raw.tanh, -2, 2],
  ['erf', raw.erf, -2, 2],
];

/** Second-order gradient cases of the elementwise and layout rules. */
export const SECOND_ORDER_GRADIENT_CASES: readonly GradientCase[] = [
  ...unary.map(([op, f, lo, hi], i) =>
    secondOrder(op, [op], [{ dims: [2, 3], seed: 600 + i, min: lo, max: hi }], (x) => f(x!)),
  ),
  secondOrder(
    'mul, div',
    ['mul', 'div'],
    [
      { dims: [3, 2], seed: 620 },
      { dims: [3, 2], seed: 621, min: 0.5, max: 2 },
    ],
    (x, y) => div(mul(x!, x!), y!),
  ),
  secondOrder(
    'pow',
    ['pow'],
    [
      { dims: [4], seed: 622, min: 0.5, max: 2 },
      { dims: [4], seed: 623, min: -1.5, max: 2.5 },
    ],
    (x, y) => pow(x!, y!),
  ),
  secondOrder(
    'atan2',
    ['atan2'],
    [
      { dims: [4], seed: 624 },
      { dims: [4], seed: 625, min: 0.5, max: 1.5 },
    ],
    (x, y) => atan2(x!, y!),
  ),
  secondOrder(
    'max, min',
    ['max', 'min'],
    [
      { dims: [2, 3], seed: 626 },
      { dims: [2, 3], seed: 627 },
    ],
    (x, y) => raw.add(max(mul(x!, x!), y!), min(x!, raw.sin(y!))),
  ),
  secondOrder(
    'rem',
    ['rem'],
    [
      { dims: [4], seed: 628, min: -3, max: 3 },
      { dims: [4], seed: 629, min: 0.6, max: 1.4 },
    ],
    (x, y) => raw.mul(raw.rem(x!, y!), x!),
  ),
  secondOrder(
    'where and clamp',
    ['where', 'clamp'],
    [
      { dims: [2, 3], seed: 630, min: -2, max: 2 },
      { dims: [2, 3], seed: 631 },
    ],
    (x, c) => where(greaterThan(c!, 0), raw.sin(x!), clip(mul(x!, x!), 0.2, 1.5)),
    [0],
  ),
  secondOrder(
    'broadcast, transpose, reverse',
    ['broadcastInDim', 'transpose', 'reverse'],
    [{ dims: [1, 3], seed: 640 }],
    (x) => reverse(transpose(broadcastTo(raw.sin(x!), [2, 3]), [1, 0]), 0),
  ),
  secondOrder(
    'slice with strides, pad with interior and negative edges',
    ['slice', 'pad'],
    [
      { dims: [4, 5], seed: 641 },
      { dims: [], seed: 642 },
    ],
    (x, v) =>
      raw.pad(raw.slice(raw.sin(x!), { start: [0, 1], limit: [4, 5], strides: [2, 2] }), v!, {
        low: [1, -1],
        high: [-1, 2],
        interior: [1, 1],
      }),
  ),
  secondOrder(
    'concatenate, reshape',
    ['concatenate', 'reshape'],
    [
      { dims: [2, 3], seed: 643 },
      { dims: [2, 2], seed: 644 },
    ],
    (a, b) => raw.reshape(concat([raw.sin(a!), mul(b!, a!.dims.length)], 1), { dims: [5, 2] }),
  ),
  secondOrder(
    'dynamicSlice, dynamicUpdateSlice',
    ['dynamicSlice', 'dynamicUpdateSlice'],
    [
      { dims: [4, 4], seed: 645 },
      { dims: [2, 2], seed: 646 },
      { dims: [], dtype: 'int32', values: [1] },
    ],
    (x, u, i) =>
      raw.dynamicSlice(raw.dynamicUpdateSlice(raw.sin(x!), raw.exp(u!), [i!, i!]), [i!, i!], {
        sizes: [3, 2],
      }),
  ),
  secondOrder('convertDType', ['convertDType'], [{ dims: [3], seed: 647 }], (x) =>
    raw.convertDType(raw.tanh(x!), { dtype: 'float64' }),
  ),
];
