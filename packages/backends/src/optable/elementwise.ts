import { byteSize, DTYPES, isBool, isComplex } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { OpError } from '../errors.js';
import { type DTypeClass, expectCount, expectDType, expectSameShapes } from './check.js';
import type { OpName } from './opAttrs.js';
import { defineOp, type OpSpec } from './spec.js';

function unary<N extends OpName>(name: N, cls: DTypeClass, doc: string, resultBool = false): OpSpec<N> {
  return defineOp({
    name,
    category: 'unary',
    doc,
    operands: ['x'],
    multiOutput: false,
    infer(shapes) {
      expectCount(name, shapes, 1);
      expectDType(name, shapes[0]!, cls);
      return [resultBool ? shapes[0]!.withDType('bool') : shapes[0]!];
    },
  } as OpSpec<N>);
}

function binary<N extends OpName>(
  name: N,
  cls: DTypeClass,
  doc: string,
  category: 'binary' | 'compare' = 'binary',
): OpSpec<N> {
  return defineOp({
    name,
    category,
    doc,
    operands: ['lhs', 'rhs'],
    multiOutput: false,
    infer(shapes) {
      expectCount(name, shapes, 2);
      expectSameShapes(name, shapes);
      expectDType(name, shapes[0]!, cls);
      return [category === 'compare' ? shapes[0]!.withDType('bool') : shapes[0]!];
    },
  } as OpSpec<N>);
}

/** Unary elementwise ops. */
export const unaryOps = [
  unary('abs', 'numeric', '|x| (wraps for the most negative integer, as two-complement does)'),
  unary('neg', 'numeric', '-x (wrapping for integers)'),
  unary('sign', 'numeric', '-1, 0 or 1 by the sign of x; NaN for NaN; ±0 keep their sign'),
  unary('ceil', 'float', 'smallest integer ≥ x'),
  unary('floor', 'float', 'largest integer ≤ x'),
  unary('round', 'float', 'nearest integer, halfway cases to even'),
  unary('exp', 'float', 'e^x'),
  unary('expm1', 'float', 'e^x - 1, accurate near 0'),
  unary('log', 'float', 'natural logarithm'),
  unary('log1p', 'float', 'log(1 + x), accurate near 0'),
  unary('logistic', 'float', '1 / (1 + e^-x)'),
  unary('sqrt', 'float', 'square root'),
  unary('rsqrt', 'float', '1 / sqrt(x)'),
  unary('sin', 'float', 'sine'),
  unary('cos', 'float', 'cosine'),
  unary('tanh', 'float', 'hyperbolic tangent'),
  unary('erf', 'float', 'Gauss error function'),
  unary('isFinite', 'float', 'true where x is neither ±Infinity nor NaN', true),
  unary('isNaN', 'float', 'true where x is NaN', true),
  unary('bitwiseNot', 'integer', 'bitwise complement'),
  unary('logicalNot', 'bool', 'logical negation'),
  unary('bitCount', 'integer', 'number of set bits (population count)'),
  unary('clz', 'integer', 'number of leading zero bits'),
] as const;

/** Binary elementwise ops (operands of equal shapes). */
export const binaryOps = [
  binary('add', 'numeric', 'lhs + rhs (wrapping for integers)'),
  binary('sub', 'numeric', 'lhs - rhs (wrapping for integers)'),
  binary('mul', 'numeric', 'lhs * rhs (wrapping for integers)'),
  binary(
    'div',
    'numeric',
    'lhs / rhs; integers truncate toward zero; integer division by zero gives -1 (all bits set), as XLA',
  ),
  binary('rem', 'numeric', 'remainder with the sign of lhs (C fmod); integer remainder by zero gives lhs'),
  binary(
    'pow',
    'numeric',
    'lhs ^ rhs (C pow for floats; integers by squaring, negative exponents give 0 unless |lhs| = 1)',
  ),
  binary('max', 'numeric', 'larger of the two; NaN if either is NaN'),
  binary('min', 'numeric', 'smaller of the two; NaN if either is NaN'),
  binary('atan2', 'float', 'angle of the point (rhs, lhs): atan2(lhs, rhs)'),
  binary('bitwiseAnd', 'integer', 'bitwise and'),
  binary('bitwiseOr', 'integer', 'bitwise or'),
  binary('bitwiseXor', 'integer', 'bitwise xor'),
  binary('shiftLeft', 'integer', 'lhs << rhs; shifts ≥ the bit width give 0'),
  binary(
    'shiftRightArithmetic',
    'integer',
    'lhs >> rhs keeping the sign; shifts ≥ the bit width give 0 or -1',
  ),
  binary('shiftRightLogical', 'integer', 'lhs >>> rhs filling zeros; shifts ≥ the bit width give 0'),
  binary('logicalAnd', 'bool', 'logical and'),
  binary('logicalOr', 'bool', 'logical or'),
  binary('logicalXor', 'bool', 'logical xor'),
] as const;

/** Comparisons (operands of equal shapes; result bool). NaN compares unequal to everything. */
export const compareOps = [
  binary('equal', 'any', 'lhs == rhs', 'compare'),
  binary('notEqual', 'any', 'lhs != rhs', 'compare'),
  binary('greaterThan', 'numeric', 'lhs > rhs', 'compare'),
  binary('greaterOrEqual', 'numeric', 'lhs >= rhs', 'compare'),
  binary('lessThan', 'numeric', 'lhs < rhs', 'compare'),
  binary('lessOrEqual', 'numeric', 'lhs <= rhs', 'compare'),
] as const;

/** Dtype ops. */
export const dtypeOps = [
  defineOp({
    name: 'convertDType',
    category: 'dtype',
    doc:
      'converts each element to attrs.dtype. float→int truncates toward zero and saturates to the target range; ' +
      'NaN→int gives 0; int→int wraps (two-complement); anything→bool is x != 0; bool→number gives 0 or 1; ' +
      'float→narrower float rounds to nearest even',
    operands: ['x'],
    multiOutput: false,
    infer(shapes, attrs) {
      expectCount('convertDType', shapes, 1);
      if (!DTYPES.includes(attrs.dtype))
        throw new OpError('convertDType', `unknown target dtype ${String(attrs.dtype)}`);
      if (isComplex(attrs.dtype) !== isComplex(shapes[0]!.dtype) && isComplex(shapes[0]!.dtype)) {
        throw new OpError(
          'convertDType',
          `cannot convert complex ${shapes[0]} to ${attrs.dtype}; take the real part first`,
        );
      }
      return [shapes[0]!.withDType(attrs.dtype)];
    },
  }),
  defineOp({
    name: 'bitcast',
    category: 'dtype',
    doc:
      'reinterprets the bits as attrs.dtype. Equal widths keep the dims; a narrower target adds a trailing axis ' +
      '(of size ratio), a wider target removes a trailing axis of that size (XLA bitcast_convert)',
    operands: ['x'],
    multiOutput: false,
    infer(shapes, attrs) {
      expectCount('bitcast', shapes, 1);
      const x = shapes[0]!;
      if (isBool(x.dtype) || isBool(attrs.dtype))
        throw new OpError('bitcast', `bool has no defined bit layout (${x} → ${attrs.dtype})`);
      const from = byteSize(x.dtype);
      const to = byteSize(attrs.dtype);
      if (from === to) return [x.withDType(attrs.dtype)];
      if (from > to) {
        if (from % to !== 0) throw new OpError('bitcast', `cannot split ${x.dtype} into ${attrs.dtype}`);
        return [new Shape(attrs.dtype, [...x.dims, from / to])];
      }
      const ratio = to / from;
      if (x.rank === 0 || x.dims[x.rank - 1] !== ratio) {
        throw new OpError(
          'bitcast',
          `casting ${x} to the wider ${attrs.dtype} needs a last axis of size ${ratio}`,
        );
      }
      return [new Shape(attrs.dtype, x.dims.slice(0, -1))];
    },
  }),
] as const;
