// VJP rules of the elementwise ops: unary math, binary arithmetic, select/clamp and dtype conversions.
//
// Conventions at non-differentiable points (documented in docs of `gradient` users see):
// - abs: d|x|/dx = sign(x), so 0 at x = 0 (a subgradient; PyTorch's choice).
// - sign, ceil, floor, round: zero everywhere (no cotangent is built at all).
// - max/min: on ties (x == y) each operand gets half of the cotangent, so max(x, x) has gradient 1.
// - clamp(lo, x, hi) = min(max(x, lo), hi): x gets the cotangent where lo < x < hi; lo where lo > x and
//   lo < hi; hi where hi < max(x, lo). At x == lo or x == hi nobody gets it (as JAX). Scalar bounds get
//   the sum over all elements.
// - pow(x, y) (JAX's conventions): d/dx = 0 where y == 0 (even at x = 0), else y * x^(y-1), so at x = 0 it
//   is 0 for y > 1, 1 for y == 1 and infinite for y < 1; d/dy = log(x) * x^y, taken as 0 where x == 0.
// - rem(x, y) = x - y * trunc(x / y): d/dx = 1, d/dy = -trunc(x / y) (JAX).
// - where: the cotangent goes to the chosen branch; the condition gets none.
// - convertDType: the cotangent is converted back to the input's float dtype; integer or bool inputs get
//   none. bitcast: none.
import { isFloat } from '@tsmlx/dtypes';
import * as raw from '../../gen_ops.js';
import type { Node } from '../../node.js';
import { convert, lessThan, logicalAnd, max, mul } from '../../ops/arith.js';
import { full, zeros } from '../../ops/constants.js';
import { registerVJP } from '../registry.js';

type UnaryName =
  | 'abs'
  | 'neg'
  | 'exp'
  | 'expm1'
  | 'log'
  | 'log1p'
  | 'logistic'
  | 'sqrt'
  | 'rsqrt'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'erf';

/** Registers the rule of a unary op from `dx(x, y, g)`, where `y` is the op's output. */
function unary(op: UnaryName, dx: (x: Node, y: Node, g: Node) => Node): void {
  registerVJP(op, (node, [g]) => [dx(node.inputs[0]!, node, g!)]);
}

/** A zero tensor shaped like `x` (a broadcast scalar: backends do not store it per element). */
function zerosLike(x: Node): Node {
  return zeros(x.graph, x.dtype, x.dims);
}

/** Sums `g` down to a scalar when `like` is a scalar (a broadcast scalar operand of clamp). */
function sumToScalarIf(like: Node, g: Node): Node {
  if (like.rank === g.rank) return g;
  return raw.reduceSum(g, { axes: g.dims.map((_, i) => i) });
}

unary('abs', (x, _y, g) => raw.mul(g, raw.sign(x)));
unary('neg', (_x, _y, g) => raw.neg(g));
unary('exp', (_x, y, g) => raw.mul(g, y));
unary('expm1', (_x, y, g) => raw.mul(g, oneMore(y)));
unary('log', (x, _y, g) => raw.div(g, x));
unary('log1p', (x, _y, g) => raw.div(g, oneMore(x)));
unary('logistic', (_x, y, g) => raw.mul(g, raw.mul(y, oneMinus(y))));
unary('sqrt', (_x, y, g) => raw.div(mul(g, 0.5), y));
unary('rsqrt', (x, y, g) => raw.mul(mul(g, -0.5), raw.div(y, x)));
unary('sin', (x, _y, g) => raw.mul(g, raw.cos(x)));
unary('cos', (x, _y, g) => raw.neg(raw.mul(g, raw.sin(x))));
unary('tanh', (_x, y, g) => raw.mul(g, oneMinus(raw.mul(y, y))));
unary('erf', (x, _y, g) => mul(raw.mul(g, raw.exp(raw.neg(raw.mul(x, x)))), 2 / Math.sqrt(Math.PI)));

// Piecewise-constant ops: the gradient is zero, and no zero tensor is built.
for (const op of ['sign', 'ceil', 'floor', 'round'] as const) registerVJP(op, () => [undefined]);

/** A tensor shaped like `x` filled with `value` (a broadcast scalar constant). */
function fullLike(x: Node, value: number): Node {
  return full(x.graph, x.dtype, x.dims, value);
}

/** `1 - y`, elementwise. */
function oneMinus(y: Node): Node {
  return raw.sub(fullLike(y, 1), y);
}

/** `1 + x`, elementwise. */
function oneMore(x: Node): Node {
  return raw.add(x, fullLike(x, 1));
}

// Binary arithmetic.

registerVJP('add', (_node, [g]) => [g, g]);
registerVJP('sub', (_node, [g], needs) => [g, needs[1] ? raw.neg(g!) : undefined]);
registerVJP('mul', (node, [g], needs) => {
  const [x, y] = node.inputs as [Node, Node];
  if (x === y) {
    const half = raw.mul(g!, x); // square: one product, counted twice when accumulated
    return [half, half];
  }
  return [needs[0] ? raw.mul(g!, y) : undefined, needs[1] ? raw.mul(g!, x) : undefined];
});
registerVJP('div', (node, [g], needs) => {
  const [, y] = node.inputs as [Node, Node];
  // d(x/y)/dy = -(x/y)/y: reuses the output instead of squaring y.
  return [
    needs[0] ? raw.div(g!, y) : undefined,
    needs[1] ? raw.neg(raw.div(raw.mul(g!, node), y)) : undefined,
  ];
});
registerVJP('rem', (node, [g], needs) => {
  const [x, y] = node.inputs as [Node, Node];
  if (!needs[1]) return [g, undefined];
  const q = raw.div(x, y);
  const trunc = raw.mul(raw.sign(q), raw.floor(raw.abs(q)));
  return [g, raw.neg(raw.mul(g!, trunc))];
});
registerVJP('pow', (node, [g], needs) => {
  const [x, y] = node.inputs as [Node, Node];
  let gx: Node | undefined;
  let gy: Node | undefined;
  if (needs[0]) {
    const isZeroY = raw.equal(y, zerosLike(y));
    const safeY = raw.where(isZeroY, fullLike(y, 1), y);
    const jac = raw.mul(safeY, raw.pow(x, raw.sub(y, fullLike(y, 1))));
    gx = raw.mul(g!, raw.where(isZeroY, zerosLike(x), jac));
  }
  if (needs[1]) {
    const isZeroX = raw.equal(x, zerosLike(x));
    const logX = raw.log(raw.where(isZeroX, fullLike(x, 1), x));
    gy = raw.where(isZeroX, zerosLike(y), raw.mul(g!, raw.mul(logX, node)));
  }
  return [gx, gy];
});

/** max/min: `wins(x, y)` is where x alone is selected; ties split the cotangent evenly. */
function extremum(op: 'max' | 'min', wins: (x: Node, y: Node) => Node): void {
  registerVJP(op, (node, [g], needs) => {
    const [x, y] = node.inputs as [Node, Node];
    const half = mul(g!, 0.5);
    const gx = raw.where(wins(x, y), g!, raw.where(raw.equal(x, y), half, zerosLike(g!)));
    return [needs[0] ? gx : undefined, needs[1] ? raw.sub(g!, gx) : undefined];
  });
}
extremum('max', raw.greaterThan);
extremum('min', raw.lessThan);

registerVJP('atan2', (node, [g], needs) => {
  const [a, b] = node.inputs as [Node, Node];
  const scaled = raw.div(g!, raw.add(raw.mul(a, a), raw.mul(b, b)));
  return [needs[0] ? raw.mul(scaled, b) : undefined, needs[1] ? raw.neg(raw.mul(scaled, a)) : undefined];
});

// Select and clamp.

registerVJP('where', (node, [g], needs) => {
  const [cond] = node.inputs as [Node, Node, Node];
  const zero = zerosLike(g!);
  return [
    undefined,
    needs[1] ? raw.where(cond, g!, zero) : undefined,
    needs[2] ? raw.where(cond, zero, g!) : undefined,
  ];
});

registerVJP('clamp', (node, [g], needs) => {
  const [lo, x, hi] = node.inputs as [Node, Node, Node];
  const zero = zerosLike(g!);
  const select = (mask: Node): Node => raw.where(mask, g!, zero);
  const inside = logicalAnd(lessThan(lo, x), lessThan(x, hi));
  return [
    needs[0] ? sumToScalarIf(lo, select(logicalAnd(lessThan(x, lo), lessThan(lo, hi)))) : undefined,
    needs[1] ? select(inside) : undefined,
    needs[2] ? sumToScalarIf(hi, select(lessThan(hi, max(x, lo)))) : undefined,
  ];
});

// Dtype ops.

registerVJP('convertDType', (node, [g]) => {
  const x = node.inputs[0]!;
  return [isFloat(x.dtype) ? convert(g!, x.dtype) : undefined];
});
registerVJP('bitcast', () => [undefined]);
