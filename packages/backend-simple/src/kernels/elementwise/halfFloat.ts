import { bfloat16FromNumber, bfloat16ToNumber, float16FromNumber, float16ToNumber } from '@tsmlx/dtypes';

// Correctly rounded conversions from float64 (and 64-bit integers) to the narrow float formats, and fast
// decode tables for float16/bfloat16 storage bits.
//
// `float16FromNumber`/`bfloat16FromNumber` round a number to float32 first and then to the 16-bit format;
// rounding twice to nearest can be off by one unit in a halfway case. Rounding to float32 with
// "round to odd" instead (truncate, then set the last bit when anything was dropped) keeps enough
// information for the second rounding to be exact, because float32 has more than p + 2 bits for p = 11
// (float16) and p = 8 (bfloat16). The same trick takes 64-bit integers to float32 through float64.

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * Rounds a number to float32 with round-to-odd: the float32 nearest toward zero, with its last
 * significand bit set when the rounding was inexact. Exact values, infinities and NaN are returned as is.
 */
export function roundToOddFloat32(value: number): number {
  f32[0] = value;
  const nearest = f32[0]!;
  if (nearest === value || Number.isNaN(value)) return nearest;
  if (Math.abs(nearest) > Math.abs(value)) u32[0] = u32[0]! - 1; // step the magnitude toward zero
  u32[0] = u32[0]! | 1;
  return f32[0]!;
}

/** Converts a float64 to float16 bits with a single round-to-nearest-even (overflow gives ±Infinity). */
export function f64ToF16Bits(value: number): number {
  return float16FromNumber(roundToOddFloat32(value));
}

/** Converts a float64 to bfloat16 bits with a single round-to-nearest-even. */
export function f64ToBf16Bits(value: number): number {
  return bfloat16FromNumber(roundToOddFloat32(value));
}

/**
 * Converts a 64-bit integer (bigint) to a float64 rounded to odd: exact when representable, else the
 * float64 nearest toward zero with its last bit set, so that a later rounding to float32 or narrower is
 * correct.
 */
export function bigToOddF64(value: bigint): number {
  const d = Number(value);
  if (d >= -9007199254740992 && d <= 9007199254740992) return d; // |value| ≤ 2^53: exact
  const back = BigInt(d);
  if (back === value) return d;
  f64[0] = d;
  let bits = u64[0]!;
  if (back > value === d > 0) bits -= 1n; // Number() rounded away from zero: step toward zero
  u64[0] = bits | 1n;
  return f64[0]!;
}

let f16Table: Float64Array | undefined;
let bf16Table: Float64Array | undefined;

/** Every float16 bit pattern decoded to its number (65536 entries, built on first use). */
export function float16Table(): Float64Array {
  if (!f16Table) {
    f16Table = new Float64Array(65536);
    for (let bits = 0; bits < 65536; bits++) f16Table[bits] = float16ToNumber(bits);
  }
  return f16Table;
}

/** Every bfloat16 bit pattern decoded to its number (65536 entries, built on first use). */
export function bfloat16Table(): Float64Array {
  if (!bf16Table) {
    bf16Table = new Float64Array(65536);
    for (let bits = 0; bits < 65536; bits++) bf16Table[bits] = bfloat16ToNumber(bits);
  }
  return bf16Table;
}
