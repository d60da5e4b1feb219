// A reference for rounding an exact value (a float64 or a bigint) to a binary float format with
// round-to-nearest-even, subnormals and overflow to infinity, written with BigInt arithmetic on the exact
// significand: independent of any float32/float16 conversion routine.

/** A binary float format: significand bits (with the implicit one), smallest normal exponent, largest exponent. */
export interface FloatFormat {
  /** Significand precision in bits. */
  readonly precision: number;
  /** Exponent of the smallest normal number. */
  readonly minExponent: number;
  /** Exponent of the largest finite number. */
  readonly maxExponent: number;
}

/** Formats by dtype name. */
export const FORMATS: Readonly<Record<'float16' | 'bfloat16' | 'float32', FloatFormat>> = {
  float16: { precision: 11, minExponent: -14, maxExponent: 15 },
  bfloat16: { precision: 8, minExponent: -126, maxExponent: 127 },
  float32: { precision: 24, minExponent: -126, maxExponent: 127 },
};

const view = new DataView(new ArrayBuffer(8));

/** |x| = significand * 2^exponent exactly, for a finite nonzero float64. */
function decompose(x: number): [bigint, number] {
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0 ? [fraction, -1074] : [fraction | (1n << 52n), biased - 1075];
}

function bitLength(v: bigint): number {
  return v.toString(2).length;
}

/** Rounds an exact value to the format (nearest, ties to even) and returns it as a number. */
export function roundToFormat(value: number | bigint, format: FloatFormat): number {
  if (typeof value === 'number' && (Number.isNaN(value) || !Number.isFinite(value) || value === 0))
    return value;
  if (value === 0n) return 0;
  const negative = value < 0;
  const [significand, exponent] =
    typeof value === 'bigint' ? [value < 0n ? -value : value, 0] : decompose(value);
  const top = bitLength(significand) - 1 + exponent; // floor(log2 |value|)
  const quantum = Math.max(top, format.minExponent) - (format.precision - 1);
  let rounded: bigint;
  if (exponent >= quantum) {
    rounded = significand << BigInt(exponent - quantum);
  } else {
    const shift = BigInt(quantum - exponent);
    const q = significand >> shift;
    const rest = significand - (q << shift);
    const half = 1n << (shift - 1n);
    rounded = rest > half || (rest === half && (q & 1n) === 1n) ? q + 1n : q;
  }
  const magnitude = Number(rounded) * 2 ** quantum;
  const limit = 2 ** (format.maxExponent + 1);
  const result = magnitude >= limit ? Number.POSITIVE_INFINITY : magnitude;
  return negative ? -result : result;
}
