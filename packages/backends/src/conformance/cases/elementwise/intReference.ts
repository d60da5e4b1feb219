import { bitWidth, type DType, is64BitInteger, isUnsigned } from '@tsmlx/dtypes';

// Reference integer semantics written with arbitrary-precision BigInt and an explicit wrap to the
// dtype's width: independent of how a backend computes them.

/** Wraps an exact integer to the dtype (two-complement modulo 2^bits). */
export function wrapTo(dtype: DType, v: bigint): bigint {
  const bits = bitWidth(dtype);
  return isUnsigned(dtype) ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
}

/** A bigint as the plain value cases use for the dtype (bigint for 64-bit, else number). */
export function plainInt(dtype: DType, v: bigint): number | bigint {
  return is64BitInteger(dtype) ? v : Number(v);
}

/** Smallest and largest value of an integer dtype. */
export function intLimits(dtype: DType): [bigint, bigint] {
  const bits = BigInt(bitWidth(dtype));
  return isUnsigned(dtype) ? [0n, (1n << bits) - 1n] : [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
}

/** Interesting operands for an integer dtype: extremes, ±1, 0, and a few ordinary values. */
export function intSamples(dtype: DType): bigint[] {
  const [lo, hi] = intLimits(dtype);
  const values = [0n, 1n, 2n, 3n, 7n, hi, hi - 1n, (hi >> 1n) + 3n, 100n % (hi + 1n)];
  if (lo < 0n) values.push(-1n, -2n, -7n, lo, lo + 1n);
  return values.map((v) => wrapTo(dtype, v));
}

/** All pairs of samples, as two operand lists. */
export function samplePairs(dtype: DType): [bigint[], bigint[]] {
  const s = intSamples(dtype);
  const lhs: bigint[] = [];
  const rhs: bigint[] = [];
  for (const a of s) {
    for (const b of s) {
      lhs.push(a);
      rhs.push(b);
    }
  }
  return [lhs, rhs];
}

function truncDiv(a: bigint, b: bigint): bigint {
  return a / b; // BigInt division truncates toward zero
}

function intPow(dtype: DType, a: bigint, e: bigint): bigint {
  if (e < 0n) return a === 1n ? 1n : a === -1n ? (e % 2n === 0n ? 1n : -1n) : 0n;
  let r = 1n;
  for (let i = 0n; i < e; i++) r = wrapTo(dtype, r * a);
  return r;
}

/** Reference of each binary integer op on exact operands (result wrapped to the dtype). */
export function intBinary(op: string, dtype: DType, a: bigint, b: bigint): bigint {
  const bits = BigInt(bitWidth(dtype));
  const shift = BigInt.asUintN(Number(bits), b); // shift amounts are read as unsigned
  const w = (v: bigint) => wrapTo(dtype, v);
  switch (op) {
    case 'add':
      return w(a + b);
    case 'sub':
      return w(a - b);
    case 'mul':
      return w(a * b);
    case 'div':
      return b === 0n ? w(-1n) : w(truncDiv(a, b));
    case 'rem':
      return b === 0n ? a : w(a % b);
    case 'pow':
      return intPow(dtype, a, b);
    case 'max':
      return a > b ? a : b;
    case 'min':
      return a < b ? a : b;
    case 'bitwiseAnd':
      return w(a & b);
    case 'bitwiseOr':
      return w(a | b);
    case 'bitwiseXor':
      return w(a ^ b);
    case 'shiftLeft':
      return shift >= bits ? 0n : w(a << shift);
    case 'shiftRightArithmetic': {
      const signed = BigInt.asIntN(Number(bits), a);
      return w(shift >= bits ? (signed < 0n ? -1n : 0n) : signed >> shift);
    }
    case 'shiftRightLogical':
      return shift >= bits ? 0n : w(BigInt.asUintN(Number(bits), a) >> shift);
    default:
      throw new Error(`no integer reference for ${op}`);
  }
}

/** Reference of each unary integer op. */
export function intUnary(op: string, dtype: DType, a: bigint): bigint {
  const bits = bitWidth(dtype);
  const pattern = BigInt.asUintN(bits, a).toString(2);
  switch (op) {
    case 'abs':
      return wrapTo(dtype, a < 0n ? -a : a);
    case 'neg':
      return wrapTo(dtype, -a);
    case 'sign':
      return a > 0n ? 1n : a < 0n ? -1n : 0n;
    case 'bitwiseNot':
      return wrapTo(dtype, -a - 1n);
    case 'bitCount':
      return BigInt([...pattern].filter((c) => c === '1').length);
    case 'clz':
      return a === 0n ? BigInt(bits) : BigInt(bits - pattern.length);
    default:
      throw new Error(`no integer reference for ${op}`);
  }
}
