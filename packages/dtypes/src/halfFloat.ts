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
 * Converts a number to IEEE float16 bits, rounding the (float64) value once to nearest even — no double
 * rounding through float32. Overflow gives ±Infinity, underflow gives subnormals or signed zero, NaN stays a
 * quiet NaN (sign and upper payload bits of its float32 form kept).
 *
 * @example
 * ```ts
 * float16FromNumber(1.0);   // 0x3c00
 * float16FromNumber(65520); // 0x7c00 (rounds to +Infinity)
 * ```
 */
export function float16FromNumber(value: number): number {
  if (Number.isNaN(value)) {
    const bits = float32ToBits(value);
    return ((bits >>> 16) & 0x8000) | 0x7e00 | ((bits & 0x7fffff) >>> 13);
  }
  return roundToHalfFormat(value, 5, 10);
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
 * Converts a number to bfloat16 bits (the upper 16 bits of a float32), rounding the (float64) value once to
 * nearest even; NaN stays a quiet NaN with its sign.
 *
 * @example
 * ```ts
 * bfloat16FromNumber(1.0); // 0x3f80
 * ```
 */
export function bfloat16FromNumber(value: number): number {
  if (Number.isNaN(value)) {
    return ((float32ToBits(value) >>> 16) & 0xffff) | 0x40;
  }
  return roundToHalfFormat(value, 8, 7);
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

const scratchF64 = new Float64Array(1);
const scratchF64High = new Uint32Array(scratchF64.buffer);
const highWord = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Unbiased binary exponent of a positive finite float64 (exact, from its bits; subnormals handled). */
function exponentOf(magnitude: number): number {
  scratchF64[0] = magnitude;
  const biased = (scratchF64High[highWord]! >>> 20) & 0x7ff;
  return biased === 0 ? Math.floor(Math.log2(magnitude)) : biased - 1023;
}

/** Rounds a non-negative float64 to the nearest integer, ties to even (exact for all doubles). */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Rounds a non-NaN float64 to a binary format with `exponentBits` and `mantissaBits` (IEEE layout, sign in
 * bit 15) in one step, to nearest even. All intermediate products are exact in float64.
 */
function roundToHalfFormat(value: number, exponentBits: number, mantissaBits: number): number {
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const magnitude = Math.abs(value);
  const bias = (1 << (exponentBits - 1)) - 1;
  const infinity = ((1 << exponentBits) - 1) << mantissaBits;
  if (magnitude === Number.POSITIVE_INFINITY) return sign | infinity;
  if (magnitude === 0) return sign;
  const minNormalExponent = 1 - bias;
  let exponent = Math.max(exponentOf(magnitude), minNormalExponent);
  // Significand in units of the last place at this exponent: magnitude / 2^(exponent - mantissaBits).
  let significand = roundHalfEven(magnitude * 2 ** (mantissaBits - exponent));
  if (significand >= 2 ** (mantissaBits + 1)) {
    significand /= 2; // rounding carried into the next binade (exact: the carry makes it a power of two)
    exponent += 1;
  }
  if (significand < 2 ** mantissaBits) return sign | significand; // subnormal (or rounded to zero)
  const biasedExponent = exponent + bias;
  if (biasedExponent >= (1 << exponentBits) - 1) return sign | infinity;
  return sign | (biasedExponent << mantissaBits) | (significand - 2 ** mantissaBits);
}
