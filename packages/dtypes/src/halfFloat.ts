// Conversions between float32 and the two 16-bit float formats, bit-exact, round-to-nearest-even.

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** Returns the IEEE float32 bit pattern of `value` (after rounding it to float32). */
export function float32ToBits(value: number): number {
  scratchF32[0] = value;
  return scratchU32[0]!;
}

/** Returns the float32 whose bit pattern is `bits` (as a JavaScript number). */
export function bitsToFloat32(bits: number): number {
  scratchU32[0] = bits >>> 0;
  return scratchF32[0]!;
}

/**
 * Converts a number to IEEE float16 bits. The value is first rounded to float32, then to float16 with
 * round-to-nearest-even; overflow gives ±Infinity, underflow gives subnormals or signed zero, NaN stays
 * a quiet NaN (sign and upper payload bits kept).
 *
 * @example
 * ```ts
 * float16FromNumber(1.0);   // 0x3c00
 * float16FromNumber(65520); // 0x7c00 (rounds to +Infinity)
 * ```
 */
export function float16FromNumber(value: number): number {
  const bits = float32ToBits(value);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) {
    return mantissa === 0 ? sign | 0x7c00 : sign | 0x7e00 | (mantissa >>> 13);
  }
  const halfExponent = exponent - 112; // rebias 127 -> 15
  if (halfExponent >= 31) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign; // below half the smallest subnormal: rounds to zero
    const significand = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    const rounded = roundShiftNearestEven(significand, shift);
    return sign | rounded; // may carry into the smallest normal, which encodes correctly
  }
  const truncated = (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  const roundUp = remainder > 0x1000 || (remainder === 0x1000 && (truncated & 1) === 1);
  return sign | (truncated + (roundUp ? 1 : 0)); // a carry into the exponent (even to Infinity) is correct
}

/**
 * Converts IEEE float16 bits to a number (exact: every float16 is a float32).
 *
 * @example
 * ```ts
 * float16ToNumber(0x3c00); // 1
 * float16ToNumber(0x0001); // 5.960464477539063e-8 (smallest subnormal)
 * ```
 */
export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

/**
 * Converts a number to bfloat16 bits (the upper 16 bits of a float32), rounding the float32 to nearest
 * even; NaN stays a quiet NaN with its sign.
 *
 * @example
 * ```ts
 * bfloat16FromNumber(1.0); // 0x3f80
 * ```
 */
export function bfloat16FromNumber(value: number): number {
  const bits = float32ToBits(value);
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) {
    return ((bits >>> 16) & 0xffff) | 0x40;
  }
  const lsb = (bits >>> 16) & 1;
  return ((bits + 0x7fff + lsb) >>> 16) & 0xffff;
}

/**
 * Converts bfloat16 bits to a number (exact).
 *
 * @example
 * ```ts
 * bfloat16ToNumber(0x3f80); // 1
 * ```
 */
export function bfloat16ToNumber(bits: number): number {
  return bitsToFloat32((bits & 0xffff) << 16);
}

/** Converts many numbers to float16 bits; writes into `out` when given. */
export function float16ArrayFrom(values: ArrayLike<number>, out?: Uint16Array): Uint16Array {
  const result = out ?? new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) result[i] = float16FromNumber(values[i]!);
  return result;
}

/** Converts float16 bits to float32 values; writes into `out` when given. */
export function float16ArrayToFloat32(bits: ArrayLike<number>, out?: Float32Array): Float32Array {
  const result = out ?? new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) result[i] = float16ToNumber(bits[i]!);
  return result;
}

/** Converts many numbers to bfloat16 bits; writes into `out` when given. */
export function bfloat16ArrayFrom(values: ArrayLike<number>, out?: Uint16Array): Uint16Array {
  const result = out ?? new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) result[i] = bfloat16FromNumber(values[i]!);
  return result;
}

/** Converts bfloat16 bits to float32 values; writes into `out` when given. */
export function bfloat16ArrayToFloat32(bits: ArrayLike<number>, out?: Float32Array): Float32Array {
  const result = out ?? new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) result[i] = bfloat16ToNumber(bits[i]!);
  return result;
}

function roundShiftNearestEven(value: number, shift: number): number {
  const truncated = value >>> shift;
  const remainder = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  const roundUp = remainder > half || (remainder === half && (truncated & 1) === 1);
  return truncated + (roundUp ? 1 : 0);
}
