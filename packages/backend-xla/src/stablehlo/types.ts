import type { DType } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';

// MLIR spellings of tsmlx dtypes and tensor types.

const ELEMENT_TYPES: Record<DType, string> = {
  bool: 'i1',
  int8: 'i8',
  int16: 'i16',
  int32: 'i32',
  int64: 'i64',
  uint8: 'ui8',
  uint16: 'ui16',
  uint32: 'ui32',
  uint64: 'ui64',
  float16: 'f16',
  bfloat16: 'bf16',
  float32: 'f32',
  float64: 'f64',
  complex64: 'complex<f32>',
  complex128: 'complex<f64>',
};

/**
 * The MLIR element type of a dtype: `i1` for bool, signless `i8`..`i64` for signed integers (StableHLO reads
 * signless as signed), `ui8`..`ui64`, `f16`, `bf16`, `f32`, `f64`, `complex<f32>`, `complex<f64>`.
 *
 * @example
 * ```ts
 * elementType('uint32'); // 'ui32'
 * ```
 */
export function elementType(dtype: DType): string {
  const t = ELEMENT_TYPES[dtype];
  if (t === undefined) throw new Error(`stablehlo: no MLIR element type for dtype ${String(dtype)}`);
  return t;
}

/**
 * The MLIR ranked tensor type of dims and a dtype: `tensor<2x3xf32>`, `tensor<f32>` for a scalar.
 *
 * @example
 * ```ts
 * tensorTypeOf('float32', [2, 3]); // 'tensor<2x3xf32>'
 * ```
 */
export function tensorTypeOf(dtype: DType, dims: readonly number[]): string {
  return dims.length === 0
    ? `tensor<${elementType(dtype)}>`
    : `tensor<${dims.join('x')}x${elementType(dtype)}>`;
}

/** The MLIR tensor type of a shape (see `tensorTypeOf`). */
export function tensorType(shape: Shape): string {
  return tensorTypeOf(shape.dtype, shape.dims);
}

/** A list of types as MLIR prints function results: a single type bare, otherwise parenthesized. */
export function resultTypeList(types: readonly string[]): string {
  return types.length === 1 ? types[0]! : `(${types.join(', ')})`;
}

/** The `compare_type` StableHLO uses for a dtype: FLOAT, SIGNED, or UNSIGNED (unsigned ints and bool). */
export function compareType(dtype: DType): 'FLOAT' | 'SIGNED' | 'UNSIGNED' {
  switch (dtype) {
    case 'float16':
    case 'bfloat16':
    case 'float32':
    case 'float64':
    case 'complex64':
    case 'complex128':
      return 'FLOAT';
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      return 'SIGNED';
    default:
      return 'UNSIGNED';
  }
}

/**
 * Makes a string a valid bare MLIR identifier (symbol or module name): characters other than letters,
 * digits, `_`, `$` and `.` become `_`, and a leading digit (or an empty name) gets a `_` prefix.
 *
 * @example
 * ```ts
 * sanitizeIdentifier('my model/v2'); // 'my_model_v2'
 * ```
 */
export function sanitizeIdentifier(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_$.]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}
