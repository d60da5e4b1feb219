import {
  type AnyStorageArray,
  allocateStorage,
  bfloat16FromNumber,
  bfloat16ToNumber,
  type DType,
  float16FromNumber,
  float16ToNumber,
  is64BitInteger,
} from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import type { Builder, Value } from '../../../builder.js';
import type { OpAttrs, OpName } from '../../../optable/opAttrs.js';
import type { CaseTensor, ConformanceCase, ExpectedTensor, Tolerance } from '../../types.js';

// Small builders for elementwise conformance cases: typed inputs from plain values, and one-op cases.

/** A plain element value: number (or bigint for 64-bit integers), boolean for bool. */
export type Plain = number | bigint | boolean;

/** The value a dtype actually holds for `v` (floats rounded to the format; others unchanged). */
export function representable(dtype: DType, v: number): number {
  switch (dtype) {
    case 'float32':
      return Math.fround(v);
    case 'float16':
      return float16ToNumber(float16FromNumber(v));
    case 'bfloat16':
      return bfloat16ToNumber(bfloat16FromNumber(v));
    default:
      return v;
  }
}

/** Storage for `values` of `dtype` (float16/bfloat16 encoded, 64-bit integers as bigint). */
export function storageOf(dtype: DType, values: readonly Plain[]): AnyStorageArray {
  const out = allocateStorage(dtype, values.length);
  values.forEach((v, i) => {
    if (is64BitInteger(dtype)) (out as BigInt64Array)[i] = BigInt(v as number | bigint);
    else if (dtype === 'float16') out[i] = float16FromNumber(Number(v));
    else if (dtype === 'bfloat16') out[i] = bfloat16FromNumber(Number(v));
    else (out as Float64Array)[i] = Number(v);
  });
  return out;
}

/** An input tensor of `dtype` and `dims` (default: a vector of all values). */
export function tensor(
  dtype: DType,
  values: readonly Plain[],
  dims: readonly number[] = [values.length],
): CaseTensor {
  return { shape: new Shape(dtype, dims), data: storageOf(dtype, values) };
}

/** An expected tensor. */
export function expected(
  dtype: DType,
  values: readonly Plain[],
  dims: readonly number[] = [values.length],
): ExpectedTensor {
  return { shape: new Shape(dtype, dims), values };
}

/** Options of {@link opCase}. */
export interface OpCaseOptions {
  /** Dims shared by the inputs and the output (default: a vector). */
  dims?: readonly number[];
  /** Float tolerance. */
  tolerance?: Tolerance;
  /** Attributes (convertDType, bitcast). */
  attrs?: object;
}

/**
 * A case applying `op` once to inputs of `dtype` (one per value list), expecting `want` of `outDType`.
 */
export function opCase(
  op: OpName,
  name: string,
  dtype: DType,
  inputs: ReadonlyArray<readonly Plain[]>,
  outDType: DType,
  want: readonly Plain[],
  options: OpCaseOptions = {},
): ConformanceCase {
  const dims = options.dims ?? [want.length];
  const attrs = (options.attrs ?? {}) as OpAttrs[OpName];
  return {
    op,
    name,
    inputs: inputs.map((values) => tensor(dtype, values, dims)),
    build: (b: Builder, params: Value[]) => [b.op(op, params, attrs) as Value],
    expected: [expected(outDType, want, dims)],
    ...(options.tolerance ? { tolerance: options.tolerance } : {}),
  };
}

/** Exact comparison for floats (conversions and exactly rounded ops). */
export const EXACT: Tolerance = { rtol: 0, atol: 0 };

/** Every dtype of a class, as the conformance cases loop over them. */
export const FLOAT_DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'bfloat16'];
/** Integer dtypes, signed then unsigned. */
export const INT_DTYPES: readonly DType[] = [
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
];

/**
 * A case checking the sign of a zero result: computes `1 / op(x)` (so -0 shows as -Infinity).
 */
export function zeroSignCase(
  op: OpName,
  name: string,
  dtype: DType,
  inputs: ReadonlyArray<readonly number[]>,
  wantReciprocal: readonly number[],
): ConformanceCase {
  const n = wantReciprocal.length;
  return {
    op,
    name,
    uses: ['div'],
    inputs: inputs.map((values) => tensor(dtype, values)),
    build: (b, params) => {
      const one = b.constant(storageOf(dtype, new Array<number>(n).fill(1)), new Shape(dtype, [n]));
      return [b.div(one, b.op(op, params, {} as OpAttrs[OpName]) as Value)];
    },
    expected: [expected(dtype, wantReciprocal)],
  };
}
