// Scalar helpers called from the generated elementwise loops (plain functions: the loops call them by
// name, never through per-element closures).

const int64Max = 9223372036854775807n;
const int64Min = -9223372036854775808n;
const uint64Max = 18446744073709551615n;

/** Rounds to the nearest integer, halfway cases to even (±0 and the sign of small results kept). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x); // halfway cases go toward +Infinity
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * C `pow` for floats: like Math.pow except pow(1, y) = 1 and pow(-1, ±Infinity) = 1 (Math.pow gives NaN).
 */
export function cPow(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Number.POSITIVE_INFINITY || y === Number.NEGATIVE_INFINITY))) return 1;
  return x ** y;
}

/**
 * Integer power by squaring, wrapping modulo 2^32 (callers store the result in a narrower array, which
 * wraps further). Negative exponents give 0 unless |x| = 1.
 */
export function powInt32(x: number, y: number): number {
  if (y < 0) return x === 1 ? 1 : x === -1 ? (y & 1 ? -1 : 1) : 0;
  let result = 1;
  let base = x | 0;
  let e = y >>> 0;
  while (e !== 0) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
    e >>>= 1;
  }
  return result;
}

/** 64-bit integer power by squaring, wrapping modulo 2^64; negative exponents give 0 unless |x| = 1. */
export function powBig(x: bigint, y: bigint): bigint {
  if (y < 0n) return x === 1n ? 1n : x === -1n ? (y & 1n ? -1n : 1n) : 0n;
  let result = 1n;
  let base = BigInt.asUintN(64, x);
  let e = y;
  while (e !== 0n) {
    if (e & 1n) result = BigInt.asUintN(64, result * base);
    base = BigInt.asUintN(64, base * base);
    e >>= 1n;
  }
  return result;
}

/** Number of set bits of a 32-bit pattern. */
export function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Number of set bits of a 64-bit pattern. */
export function popcount64(x: bigint): bigint {
  const u = BigInt.asUintN(64, x);
  return BigInt(popcount32(Number(u & 0xffffffffn)) + popcount32(Number(u >> 32n)));
}

/** Leading zero bits of a 64-bit pattern (64 for 0). */
export function clz64(x: bigint): bigint {
  const u = BigInt.asUintN(64, x);
  const high = Number(u >> 32n);
  return BigInt(high !== 0 ? Math.clz32(high) : 32 + Math.clz32(Number(u & 0xffffffffn)));
}

/** float → int64: truncates toward zero, saturates, NaN gives 0. */
export function floatToInt64(x: number): bigint {
  if (Number.isNaN(x)) return 0n;
  if (x >= 2 ** 63) return int64Max;
  if (x <= -(2 ** 63)) return int64Min;
  return BigInt(Math.trunc(x));
}

/** float → uint64: truncates toward zero, saturates, NaN gives 0. */
export function floatToUint64(x: number): bigint {
  if (Number.isNaN(x) || x <= 0) return 0n;
  if (x >= 2 ** 64) return uint64Max;
  return BigInt(Math.trunc(x));
}
