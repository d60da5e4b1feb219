import type { DType } from './dtype.js';

interface DTypeProperties {
  readonly byteSize: number;
  readonly kind: 'bool' | 'int' | 'uint' | 'float' | 'complex';
  readonly bits: number;
}

const properties: Readonly<Record<DType, DTypeProperties>> = {
  bool: { byteSize: 1, kind: 'bool', bits: 8 },
  int8: { byteSize: 1, kind: 'int', bits: 8 },
  int16: { byteSize: 2, kind: 'int', bits: 16 },
  int32: { byteSize: 4, kind: 'int', bits: 32 },
  int64: { byteSize: 8, kind: 'int', bits: 64 },
  uint8: { byteSize: 1, kind: 'uint', bits: 8 },
  uint16: { byteSize: 2, kind: 'uint', bits: 16 },
  uint32: { byteSize: 4, kind: 'uint', bits: 32 },
  uint64: { byteSize: 8, kind: 'uint', bits: 64 },
  float16: { byteSize: 2, kind: 'float', bits: 16 },
  bfloat16: { byteSize: 2, kind: 'float', bits: 16 },
  float32: { byteSize: 4, kind: 'float', bits: 32 },
  float64: { byteSize: 8, kind: 'float', bits: 64 },
  complex64: { byteSize: 8, kind: 'complex', bits: 64 },
  complex128: { byteSize: 16, kind: 'complex', bits: 128 },
};

/**
 * Size in bytes of one element (complex64 is 8: two float32).
 *
 * @example
 * ```ts
 * byteSize('bfloat16'); // 2
 * ```
 */
export function byteSize(dtype: DType): number {
  return props(dtype).byteSize;
}

/** Width in bits of one element (`bool` is stored in 8 bits). */
export function bitWidth(dtype: DType): number {
  return props(dtype).bits;
}

/** True for float16, bfloat16, float32 and float64. */
export function isFloat(dtype: DType): boolean {
  return props(dtype).kind === 'float';
}

/** True for the signed and unsigned integer types (not bool). */
export function isInteger(dtype: DType): boolean {
  const kind = props(dtype).kind;
  return kind === 'int' || kind === 'uint';
}

/** True for uint8, uint16, uint32 and uint64. */
export function isUnsigned(dtype: DType): boolean {
  return props(dtype).kind === 'uint';
}

/** True for int8, int16, int32 and int64. */
export function isSignedInteger(dtype: DType): boolean {
  return props(dtype).kind === 'int';
}

/** True for complex64 and complex128. */
export function isComplex(dtype: DType): boolean {
  return props(dtype).kind === 'complex';
}

/** True for `bool`. */
export function isBool(dtype: DType): boolean {
  return dtype === 'bool';
}

/** True for int64 and uint64, whose elements are JavaScript `bigint`s. */
export function is64BitInteger(dtype: DType): boolean {
  return dtype === 'int64' || dtype === 'uint64';
}

/** True for the 16-bit floats, whose elements are stored as raw bits in a Uint16Array. */
export function isHalfFloat(dtype: DType): boolean {
  return dtype === 'float16' || dtype === 'bfloat16';
}

function props(dtype: DType): DTypeProperties {
  const p = properties[dtype];
  if (p === undefined) {
    throw new TypeError(`unknown dtype ${JSON.stringify(dtype)}`);
  }
  return p;
}
