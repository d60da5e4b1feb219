import {
  type AnyStorageArray,
  bfloat16FromNumber,
  bfloat16ToNumber,
  type DType,
  float16FromNumber,
  float16ToNumber,
  float32ToBits,
} from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';

// Literal printing in the syntax MLIR's parser accepts: floats always carry a '.' (`1.0`, `1.0e-06`), NaN and
// infinities are hex bit patterns of the element width, integers are exact (bigint for 64-bit), bools are
// `true`/`false`.

/** The float dtypes MLIR literals are printed for. */
export type FloatDType = 'float16' | 'bfloat16' | 'float32' | 'float64';

/** Above this many elements (and not a splat), constants print as a little-endian hex blob. */
export const HEX_THRESHOLD = 64;

interface FloatFormat {
  /** Significant decimal digits that always suffice to round-trip. */
  maxDigits: number;
  /** Rounds a number to the format, returning a comparable key (the bits). */
  round(x: number): number;
  /** Hex digits of the bit pattern. */
  hexDigits: number;
}

const FORMATS: Record<Exclude<FloatDType, 'float64'>, FloatFormat> = {
  float16: { maxDigits: 5, round: (x) => float16FromNumber(x), hexDigits: 4 },
  bfloat16: { maxDigits: 4, round: (x) => bfloat16FromNumber(x), hexDigits: 4 },
  float32: { maxDigits: 9, round: (x) => float32ToBits(x), hexDigits: 8 },
};

/** Canonical quiet-NaN and infinity bit patterns per float width. */
const SPECIAL_BITS: Record<FloatDType, { nan: string; inf: string; negInf: string }> = {
  float16: { nan: '0x7E00', inf: '0x7C00', negInf: '0xFC00' },
  bfloat16: { nan: '0x7FC0', inf: '0x7F80', negInf: '0xFF80' },
  float32: { nan: '0x7FC00000', inf: '0x7F800000', negInf: '0xFF800000' },
  float64: { nan: '0x7FF8000000000000', inf: '0x7FF0000000000000', negInf: '0xFFF0000000000000' },
};

/**
 * Rewrites a JavaScript number string (`1e-7`, `3`, `-0`, `1.5e+300`) into MLIR float syntax: a '.' in the
 * mantissa and a signed exponent of at least two digits (`1.0e-07`, `3.0`, `-0.0`, `1.5e+300`).
 */
export function mlirFloatText(text: string): string {
  const e = text.indexOf('e');
  let mantissa = e < 0 ? text : text.slice(0, e);
  if (!mantissa.includes('.')) mantissa += '.0';
  if (e < 0) return mantissa;
  let exponent = text.slice(e + 1);
  let sign = '+';
  if (exponent.startsWith('-') || exponent.startsWith('+')) {
    sign = exponent[0]!;
    exponent = exponent.slice(1);
  }
  return `${mantissa}e${sign}${exponent.padStart(2, '0')}`;
}

/** True when every number within about one float64 ulp of `d` rounds to the same value in `format`. */
function safelyRounds(d: number, format: FloatFormat, key: number): boolean {
  if (d === 0) return true;
  const slack = Math.abs(d) * 2 ** -50;
  return format.round(d + slack) === key && format.round(d - slack) === key;
}

/**
 * Prints a finite or non-finite number as an MLIR float literal of `dtype`: the shortest decimal that parses
 * back to the same value of that width (the value is first rounded to the width), NaN and ±Infinity as the
 * canonical hex bit patterns (f16 `0x7E00`, bf16 `0x7FC0`, f32 `0x7FC00000`, f64 `0x7FF8000000000000`).
 *
 * @example
 * ```ts
 * formatFloat(1e-6, 'float32'); // '1.0e-06'
 * formatFloat(NaN, 'bfloat16'); // '0x7FC0'
 * ```
 */
export function formatFloat(value: number, dtype: FloatDType): string {
  if (Number.isNaN(value)) return SPECIAL_BITS[dtype].nan;
  if (value === Number.POSITIVE_INFINITY) return SPECIAL_BITS[dtype].inf;
  if (value === Number.NEGATIVE_INFINITY) return SPECIAL_BITS[dtype].negInf;
  if (dtype === 'float64') return Object.is(value, -0) ? '-0.0' : decimalText(value);
  const format = FORMATS[dtype];
  const key = format.round(value);
  const exact = dtype === 'float32' ? Math.fround(value) : fromKey(dtype, key);
  if (!Number.isFinite(exact)) return formatFloat(exact, dtype);
  if (exact === 0) return Object.is(exact, -0) ? '-0.0' : '0.0';
  for (let digits = 1; digits <= format.maxDigits; digits++) {
    const d = Number(exact.toPrecision(digits));
    if (format.round(d) === key && safelyRounds(d, format, key)) return decimalText(d);
  }
  // The exact value (a float64 holding it) always parses back to itself.
  return decimalText(exact);
}

/**
 * The shortest round-trip decimal of a float64 in MLIR syntax: plain (`0.25`, `100.0`) for decimal exponents
 * -4..15, exponent form (`1.0e-06`, `1.5e+20`) otherwise.
 */
function decimalText(d: number): string {
  const exponential = d.toExponential();
  const exponent = Number(exponential.slice(exponential.indexOf('e') + 1));
  return mlirFloatText(exponent >= -4 && exponent <= 15 ? String(d) : exponential);
}

function fromKey(dtype: 'float16' | 'bfloat16', bits: number): number {
  return dtype === 'float16' ? float16ToNumber(bits) : bfloat16ToNumber(bits);
}

function hex(bits: number | bigint, digits: number): string {
  return `0x${bits.toString(16).toUpperCase().padStart(digits, '0')}`;
}

/**
 * Prints a 16-bit float stored as raw bits: its decimal value, or for NaN and infinities the stored bit
 * pattern itself as hex (so a NaN payload or sign survives).
 */
export function formatHalfBits(bits: number, dtype: 'float16' | 'bfloat16'): string {
  const value = fromKey(dtype, bits);
  if (!Number.isFinite(value)) return hex(bits & 0xffff, 4);
  return formatFloat(value, dtype);
}

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);
const f64Scratch = new Float64Array(1);
const u64Scratch = new BigUint64Array(f64Scratch.buffer);

/** Element `i` of a storage array of `dtype` as MLIR literal text (complex: `(re, im)`). */
export function formatElement(dtype: DType, storage: AnyStorageArray, i: number): string {
  switch (dtype) {
    case 'bool':
      return storage[i] ? 'true' : 'false';
    case 'float16':
    case 'bfloat16':
      return formatHalfBits(storage[i] as number, dtype);
    case 'float32': {
      const v = storage[i] as number;
      if (Number.isFinite(v)) return formatFloat(v, 'float32');
      f32Scratch[0] = v;
      return Number.isNaN(v) ? hex(u32Scratch[0]!, 8) : formatFloat(v, 'float32');
    }
    case 'float64': {
      const v = storage[i] as number;
      if (!Number.isNaN(v)) return formatFloat(v, 'float64');
      f64Scratch[0] = v;
      return hex(u64Scratch[0]!, 16);
    }
    case 'complex64':
    case 'complex128': {
      const part = dtype === 'complex64' ? 'float32' : 'float64';
      return `(${formatFloat(storage[2 * i] as number, part)}, ${formatFloat(storage[2 * i + 1] as number, part)})`;
    }
    default:
      return String(storage[i]);
  }
}

/**
 * Prints one scalar value of `dtype` as MLIR literal text. Numbers are rounded to float widths; integer values
 * must be integers in range (bigint for exact 64-bit values).
 *
 * @throws Error for a non-integer or out-of-range integer value.
 */
export function formatScalar(dtype: DType, value: number | bigint | boolean): string {
  switch (dtype) {
    case 'bool':
      return value ? 'true' : 'false';
    case 'float16':
    case 'bfloat16':
    case 'float32':
    case 'float64':
      return formatFloat(Number(value), dtype);
    case 'complex64':
      return `(${formatFloat(Number(value), 'float32')}, 0.0)`;
    case 'complex128':
      return `(${formatFloat(Number(value), 'float64')}, 0.0)`;
    default: {
      if (typeof value === 'number' && !Number.isInteger(value))
        throw new Error(`stablehlo: integer literal of ${dtype} must be an integer, got ${value}`);
      return BigInt(value).toString();
    }
  }
}

function allEqual(storage: AnyStorageArray, slots: number): boolean {
  for (let i = slots; i < storage.length; i++) {
    if (!Object.is(storage[i], storage[i % slots])) return false;
  }
  return true;
}

function nested(dims: readonly number[], items: readonly string[]): string {
  if (dims.length === 0) return items[0]!;
  let at = 0;
  const walk = (axis: number): string => {
    const parts: string[] = [];
    for (let k = 0; k < dims[axis]!; k++)
      parts.push(axis === dims.length - 1 ? items[at++]! : walk(axis + 1));
    return `[${parts.join(', ')}]`;
  };
  return walk(0);
}

/**
 * The little-endian hex blob of a storage array, as MLIR's `dense<"0x...">` reads raw element data.
 *
 * @throws Error for bool, whose packed layout MLIR reads differently (bools always print inline).
 */
export function hexBlob(dtype: DType, storage: AnyStorageArray): string {
  if (dtype === 'bool') throw new Error('stablehlo: bool constants have no hex blob form');
  const bytes = storage.BYTES_PER_ELEMENT;
  const view = new DataView(new ArrayBuffer(storage.length * bytes));
  for (let i = 0; i < storage.length; i++) {
    const v = storage[i]!;
    const at = i * bytes;
    if (storage instanceof Float32Array) view.setFloat32(at, v as number, true);
    else if (storage instanceof Float64Array) view.setFloat64(at, v as number, true);
    else if (storage instanceof BigInt64Array) view.setBigInt64(at, v as bigint, true);
    else if (storage instanceof BigUint64Array) view.setBigUint64(at, v as bigint, true);
    else if (bytes === 1) view.setUint8(at, Number(v) & 0xff);
    else if (bytes === 2) view.setUint16(at, Number(v) & 0xffff, true);
    else view.setUint32(at, Number(v) >>> 0, true);
  }
  const u8 = new Uint8Array(view.buffer);
  let out = '0x';
  for (const b of u8) out += b.toString(16).toUpperCase().padStart(2, '0');
  return out;
}

/**
 * The `dense<...>` attribute body of a constant (without its `: tensor<...>` type): `dense<>` when empty,
 * a splat `dense<v>` when all elements are equal, nested lists up to {@link HEX_THRESHOLD} elements, and a
 * little-endian hex blob `dense<"0x...">` above that (bool always inline).
 */
export function denseLiteral(shape: Shape, storage: AnyStorageArray): string {
  const slots = shape.dtype === 'complex64' || shape.dtype === 'complex128' ? 2 : 1;
  if (storage.length !== shape.size * slots) {
    throw new Error(
      `stablehlo.constant: ${shape} needs ${shape.size * slots} stored elements, got ${storage.length}`,
    );
  }
  if (shape.size === 0) return 'dense<>';
  if (shape.size === 1 || allEqual(storage, slots)) return `dense<${formatElement(shape.dtype, storage, 0)}>`;
  if (shape.size > HEX_THRESHOLD && shape.dtype !== 'bool')
    return `dense<"${hexBlob(shape.dtype, storage)}">`;
  const items: string[] = [];
  for (let i = 0; i < shape.size; i++) items.push(formatElement(shape.dtype, storage, i));
  return `dense<${nested(shape.dims, items)}>`;
}
