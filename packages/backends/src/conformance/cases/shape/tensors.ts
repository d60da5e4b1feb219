import {
  type AnyStorageArray,
  allocateStorage,
  bfloat16FromNumber,
  type DType,
  float16FromNumber,
  is64BitInteger,
} from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import type { CaseTensor, ExpectedTensor } from '../../types.js';

/** A plain JS element value of a case: number, bigint (64-bit ints) or boolean. */
export type Scalar = number | bigint | boolean;

/**
 * Encodes plain values into the storage array of `dtype`: bigint for int64/uint64, 0/1 for bool, raw bits
 * (round to nearest even) for float16/bfloat16.
 */
export function toStorage(dtype: DType, values: readonly Scalar[]): AnyStorageArray {
  const out = allocateStorage(dtype, values.length);
  values.forEach((v, i) => {
    if (is64BitInteger(dtype)) (out as BigInt64Array | BigUint64Array)[i] = BigInt(v);
    else if (dtype === 'float16') (out as Uint16Array)[i] = float16FromNumber(Number(v));
    else if (dtype === 'bfloat16') (out as Uint16Array)[i] = bfloat16FromNumber(Number(v));
    else (out as Float64Array)[i] = Number(v);
  });
  return out;
}

/** A case input of `dtype` and `dims` holding `values` (row-major). */
export function tensor(dtype: DType, dims: readonly number[], values: readonly Scalar[]): CaseTensor {
  const shape = new Shape(dtype, dims);
  if (values.length !== shape.size) throw new Error(`case tensor ${shape} given ${values.length} values`);
  return { shape, data: toStorage(dtype, values) };
}

/** A scalar case input. */
export function scalar(dtype: DType, value: Scalar): CaseTensor {
  return tensor(dtype, [], [value]);
}

/** An expected output of `dtype` and `dims` holding `values` (row-major). */
export function expected(dtype: DType, dims: readonly number[], values: readonly Scalar[]): ExpectedTensor {
  const shape = new Shape(dtype, dims);
  if (values.length !== shape.size) throw new Error(`expected ${shape} given ${values.length} values`);
  return { shape, values };
}

/** `[start, start + 1, ..., start + n - 1]`. */
export function range(n: number, start = 0): number[] {
  return Array.from({ length: n }, (_, i) => start + i);
}

/** Number of elements of `dims`. */
export function sizeOfDims(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
