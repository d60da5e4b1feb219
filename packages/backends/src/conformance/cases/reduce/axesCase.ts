import type { DType } from '@tsmlx/dtypes';
import type { ConformanceCase, Tolerance } from '../../types.js';
import { type Combine, referenceReduce } from './reference.js';
import { type CaseValue, decoded, input, output } from './tensors.js';

/** The reductions over a set of axes. */
export type AxesOp =
  | 'reduceSum'
  | 'reduceProduct'
  | 'reduceMax'
  | 'reduceMin'
  | 'reduceBitwiseAnd'
  | 'reduceBitwiseOr'
  | 'reduceBitwiseXor'
  | 'reduceLogicalAnd'
  | 'reduceLogicalOr'
  | 'reduceLogicalXor';

/** A reduction case with hand-computed expected values. */
export function handCase(
  op: AxesOp,
  name: string,
  dtype: DType,
  dims: readonly number[],
  values: readonly CaseValue[],
  axes: readonly number[],
  expected: { dims: readonly number[]; values: readonly CaseValue[] },
  tolerance?: Tolerance,
): ConformanceCase {
  return {
    op,
    name,
    inputs: [input(dtype, dims, values)],
    build: (b, [x]) => [b[op](x!, { axes })],
    expected: [output(dtype, expected.dims, expected.values)],
    ...(tolerance ? { tolerance } : {}),
  };
}

/**
 * A reduction case whose expected values come from {@link referenceReduce} over the values the input really
 * holds (half floats decoded after rounding), in float64 or bigint arithmetic.
 */
export function referenceCase<T extends number | bigint>(
  op: AxesOp,
  name: string,
  dtype: DType,
  dims: readonly number[],
  values: readonly T[],
  axes: readonly number[],
  combine: Combine<T>,
  identity: T,
  tolerance?: Tolerance,
): ConformanceCase {
  const held = (typeof values[0] === 'number'
    ? decoded(dtype, values as unknown as number[])
    : values) as unknown as T[];
  const expected = referenceReduce(held, dims, axes, combine, identity);
  return handCase(op, name, dtype, dims, values, axes, expected, tolerance);
}

/** Float64 sum. */
export const add: Combine<number> = (a, b) => a + b;
/** Float64 product. */
export const mul: Combine<number> = (a, b) => a * b;
/** Maximum propagating NaN. */
export const max: Combine<number> = (a, b) => Math.max(a, b);
/** Minimum propagating NaN. */
export const min: Combine<number> = (a, b) => Math.min(a, b);
/** Signed 64-bit sum (wrapping). */
export const addInt64: Combine<bigint> = (a, b) => BigInt.asIntN(64, a + b);
