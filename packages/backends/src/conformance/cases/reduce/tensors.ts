import {
  type AnyStorageArray,
  allocateStorage,
  bfloat16ArrayFrom,
  bfloat16ToNumber,
  type DType,
  float16ArrayFrom,
  float16ToNumber,
  is64BitInteger,
} from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import type { CaseTensor, ExpectedTensor } from '../../types.js';

/** A value of a case tensor: a number, a bigint (64-bit ints) or a boolean. */
export type CaseValue = number | bigint | boolean;

/** Builds the storage of `values` in `dtype` (float16/bfloat16 rounded to nearest even). */
export function storageOf(dtype: DType, values: readonly CaseValue[]): AnyStorageArray {
  const numbers = values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
  if (dtype === 'float16') return float16ArrayFrom(numbers.map(Number));
  if (dtype === 'bfloat16') return bfloat16ArrayFrom(numbers.map(Number));
  const out = allocateStorage(dtype, numbers.length);
  if (is64BitInteger(dtype)) {
    const wide = out as BigInt64Array;
    numbers.forEach((v, i) => {
      wide[i] = BigInt(v);
    });
  } else {
    const narrow = out as Float64Array;
    numbers.forEach((v, i) => {
      narrow[i] = Number(v);
    });
  }
  return out;
}

/** A case input of `dtype` and `dims` holding `values` (row-major). */
export function input(dtype: DType, dims: readonly number[], values: readonly CaseValue[]): CaseTensor {
  const shape = new Shape(dtype, dims);
  if (values.length !== shape.size) {
    throw new Error(`case input ${shape}: ${values.length} values given`);
  }
  return { shape, data: storageOf(dtype, values) };
}

/** An expected output of `dtype` and `dims`. */
export function output(dtype: DType, dims: readonly number[], values: readonly CaseValue[]): ExpectedTensor {
  const shape = new Shape(dtype, dims);
  if (values.length !== shape.size) {
    throw new Error(`case output ${shape}: ${values.length} values given`);
  }
  return { shape, values };
}

/** Deterministic pseudo-random integers in `[lo, hi]` (a small LCG; `seed` picks the sequence). */
export function ints(n: number, lo: number, hi: number, seed: number): number[] {
  let state = (seed * 2654435761 + 12345) >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out.push(lo + (state % (hi - lo + 1)));
  }
  return out;
}

/** The numbers a half-float case input really holds (after rounding to the dtype). */
export function decoded(dtype: DType, values: readonly number[]): number[] {
  if (dtype === 'float16') return Array.from(float16ArrayFrom(values), float16ToNumber);
  if (dtype === 'bfloat16') return Array.from(bfloat16ArrayFrom(values), bfloat16ToNumber);
  return [...values];
}

/** The product of dims. */
export function sizeOfDims(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
