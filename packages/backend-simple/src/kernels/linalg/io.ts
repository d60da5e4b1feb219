// Reading operands as numbers and storing float64 results into any storage dtype.
import {
  type AnyStorageArray,
  bfloat16ArrayToFloat32,
  bfloat16FromNumber,
  type DType,
  float16ArrayToFloat32,
  float16FromNumber,
} from '@tsmlx/dtypes';

/** Storage arrays whose elements are JavaScript numbers. */
export type NumberArray = Exclude<AnyStorageArray, BigInt64Array | BigUint64Array>;

/** Which arithmetic a linalg kernel uses for a dtype. */
export type LinalgMode = 'float' | 'int32' | 'bigint';

/**
 * The arithmetic for `dtype`: float64 accumulation (`float`) for floats and for 8/16-bit integers (their
 * sums of products are exact in float64 for any practical depth, and the store wraps them); 32-bit
 * integers need exact wraparound products (`Math.imul`); 64-bit integers use bigint.
 */
export function linalgMode(dtype: DType): LinalgMode {
  switch (dtype) {
    case 'int32':
    case 'uint32':
      return 'int32';
    case 'int64':
    case 'uint64':
      return 'bigint';
    default:
      return 'float';
  }
}

/** The elements as numbers: half floats are widened to a new Float32Array, other arrays are returned as is. */
export function asNumbers(data: AnyStorageArray, dtype: DType): ArrayLike<number> {
  if (dtype === 'float16') return float16ArrayToFloat32(data as Uint16Array);
  if (dtype === 'bfloat16') return bfloat16ArrayToFloat32(data as Uint16Array);
  return data as NumberArray;
}

/**
 * Copies `n` float64 values from `src[srcOff..]` into contiguous `out[outOff..]`, converting to `dtype`.
 */
export function storeRun(
  out: NumberArray,
  dtype: DType,
  outOff: number,
  src: Float64Array,
  srcOff: number,
  n: number,
): void {
  if (dtype === 'float16') {
    for (let i = 0; i < n; i++) out[outOff + i] = float16FromNumber(src[srcOff + i]!);
  } else if (dtype === 'bfloat16') {
    for (let i = 0; i < n; i++) out[outOff + i] = bfloat16FromNumber(src[srcOff + i]!);
  } else {
    out.set(src.subarray(srcOff, srcOff + n), outOff);
  }
}

/**
 * Stores `n` float64 values from `src[srcOff..]` into `out[outOff + j*outStride]`, converting to `dtype`.
 */
export function storeStrided(
  out: NumberArray,
  dtype: DType,
  outOff: number,
  outStride: number,
  src: Float64Array,
  srcOff: number,
  n: number,
): void {
  if (dtype === 'float16') {
    for (let j = 0; j < n; j++) out[outOff + j * outStride] = float16FromNumber(src[srcOff + j]!);
  } else if (dtype === 'bfloat16') {
    for (let j = 0; j < n; j++) out[outOff + j * outStride] = bfloat16FromNumber(src[srcOff + j]!);
  } else {
    for (let j = 0; j < n; j++) out[outOff + j * outStride] = src[srcOff + j]!;
  }
}
