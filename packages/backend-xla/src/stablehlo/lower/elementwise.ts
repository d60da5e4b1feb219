import type { Instruction, OpName } from '@tsmlx/backends';
import { isSignedInteger, isUnsigned } from '@tsmlx/dtypes';
import type { Direction, Emitter } from '../emitter.js';
import type { Val } from '../printer.js';
import type { Lowering, LoweringTable } from './types.js';

// Elementwise ops: mostly one StableHLO op each. Special cases:
// - isNaN is `compare NE x, x` (FLOAT); erf is `chlo.erf`; round is `round_nearest_even`.
// - sign/abs of unsigned integers (StableHLO accepts only signed ones): x != 0 converted, and x itself.
// - integer pow with a negative exponent follows the op table (0 unless |lhs| = 1, where it is ±1 by the
//   exponent's parity), independently of how the XLA version at hand treats it.
// - convertDType to bool is `x != 0`; from bool it is `select(x, 1, 0)` (op doc); same dtype is no op.

const UNARY: Partial<Record<OpName, string>> = {
  abs: 'stablehlo.abs',
  neg: 'stablehlo.negate',
  sign: 'stablehlo.sign',
  ceil: 'stablehlo.ceil',
  floor: 'stablehlo.floor',
  round: 'stablehlo.round_nearest_even',
  exp: 'stablehlo.exponential',
  expm1: 'stablehlo.exponential_minus_one',
  log: 'stablehlo.log',
  log1p: 'stablehlo.log_plus_one',
  logistic: 'stablehlo.logistic',
  sqrt: 'stablehlo.sqrt',
  rsqrt: 'stablehlo.rsqrt',
  sin: 'stablehlo.sine',
  cos: 'stablehlo.cosine',
  tanh: 'stablehlo.tanh',
  erf: 'chlo.erf',
  bitwiseNot: 'stablehlo.not',
  logicalNot: 'stablehlo.not',
  bitCount: 'stablehlo.popcnt',
  clz: 'stablehlo.count_leading_zeros',
};

const BINARY: Partial<Record<OpName, string>> = {
  add: 'stablehlo.add',
  sub: 'stablehlo.subtract',
  mul: 'stablehlo.multiply',
  div: 'stablehlo.divide',
  rem: 'stablehlo.remainder',
  pow: 'stablehlo.power',
  max: 'stablehlo.maximum',
  min: 'stablehlo.minimum',
  atan2: 'stablehlo.atan2',
  bitwiseAnd: 'stablehlo.and',
  bitwiseOr: 'stablehlo.or',
  bitwiseXor: 'stablehlo.xor',
  shiftLeft: 'stablehlo.shift_left',
  shiftRightArithmetic: 'stablehlo.shift_right_arithmetic',
  shiftRightLogical: 'stablehlo.shift_right_logical',
  logicalAnd: 'stablehlo.and',
  logicalOr: 'stablehlo.or',
  logicalXor: 'stablehlo.xor',
};

const COMPARE: Partial<Record<OpName, Direction>> = {
  equal: 'EQ',
  notEqual: 'NE',
  greaterThan: 'GT',
  greaterOrEqual: 'GE',
  lessThan: 'LT',
  lessOrEqual: 'LE',
};

function unaryLowering(name: string): Lowering {
  return (e, _instr, [x]) => [e.unary(name, x!)];
}

function binaryLowering(name: string): Lowering {
  return (e, _instr, [a, b]) => [e.binary(name, a!, b!)];
}

function compareLowering(direction: Direction): Lowering {
  return (e, _instr, [a, b]) => [e.compare(direction, a!, b!)];
}

/** 1 where x != 0 (sign of an unsigned integer). */
function unsignedSign(e: Emitter, x: Val): Val {
  const zero = e.splat(x.shape.dtype, x.shape.dims, 0);
  return e.convert(e.compare('NE', x, zero), x.shape.dtype);
}

/** Integer power with the op table's rule for negative exponents of signed integers. */
function integerPow(e: Emitter, a: Val, b: Val): Val {
  const { dtype, dims } = a.shape;
  const raw = e.binary('stablehlo.power', a, b);
  if (!isSignedInteger(dtype)) return raw;
  const zero = e.splat(dtype, dims, 0);
  const one = e.splat(dtype, dims, 1);
  const minusOne = e.splat(dtype, dims, -1);
  const oddExponent = e.compare('NE', e.binary('stablehlo.and', b, one), zero);
  const minusOnePow = e.select(oddExponent, minusOne, one);
  const negative = e.select(
    e.compare('EQ', a, one),
    one,
    e.select(e.compare('EQ', a, minusOne), minusOnePow, zero),
  );
  return e.select(e.compare('LT', b, zero), negative, raw);
}

function convertDType(e: Emitter, instr: Instruction<'convertDType'>, [x]: Val[]): Val[] {
  const target = instr.attrs.dtype;
  const from = x!.shape.dtype;
  if (from === target) return [x!];
  if (target === 'bool') return [e.compare('NE', x!, e.splat(from, x!.shape.dims, 0))];
  if (from === 'bool') {
    const { dims } = x!.shape;
    return [e.select(x!, e.splat(target, dims, 1), e.splat(target, dims, 0))];
  }
  return [e.convert(x!, target)];
}

const table: { [N in OpName]?: Lowering<N> } = {
  isNaN: (e, _i, [x]) => [e.compare('NE', x!, x!)],
  isFinite: (e, _i, [x]) => [e.op1('stablehlo.is_finite', [x!], x!.shape.withDType('bool'))],
  convertDType,
  bitcast: (e, instr, [x]) => [e.op1('stablehlo.bitcast_convert', [x!], instr.shapes[0]!)],
};
for (const [op, name] of Object.entries(UNARY)) table[op as 'abs'] = unaryLowering(name);
for (const [op, name] of Object.entries(BINARY)) table[op as 'add'] = binaryLowering(name);
for (const [op, dir] of Object.entries(COMPARE)) table[op as 'equal'] = compareLowering(dir);
table.abs = (e, _i, [x]) => [isUnsigned(x!.shape.dtype) ? x! : e.unary('stablehlo.abs', x!)];
table.sign = (e, _i, [x]) => [
  isUnsigned(x!.shape.dtype) ? unsignedSign(e, x!) : e.unary('stablehlo.sign', x!),
];
table.pow = (e, _i, [a, b]) => [
  a!.shape.dtype.includes('int') ? integerPow(e, a!, b!) : e.binary('stablehlo.power', a!, b!),
];

/** Lowerings of the unary, binary, compare and dtype ops. */
export const elementwiseLowerings: LoweringTable = table;
