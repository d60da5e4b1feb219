import type { AnyStorageArray } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import type { Builder, Value } from '../builder.js';
import type { OpName } from '../optable/opAttrs.js';

/** An input of a conformance case. */
export interface CaseTensor {
  /** Shape. */
  readonly shape: Shape;
  /** Elements in the dtype's storage array, row-major. */
  readonly data: AnyStorageArray;
}

/**
 * Expected values of an output, computed independently of any backend (float64 reference loops, closed
 * forms, hand-computed cases). Numbers for float/int dtypes (bigint for 64-bit ints), booleans or 0/1 for bool;
 * float16/bfloat16 outputs are compared as the numbers they encode.
 */
export interface ExpectedTensor {
  /** Expected shape. */
  readonly shape: Shape;
  /** Expected elements, row-major. */
  readonly values: ArrayLike<number | bigint | boolean>;
}

/** How closely float results must match. Integers and bools are always compared exactly. */
export interface Tolerance {
  /** Relative tolerance. */
  readonly rtol: number;
  /** Absolute tolerance. */
  readonly atol: number;
}

/** One conformance case: a small program around the op under test, inputs and expected outputs. */
export interface ConformanceCase {
  /** The op under test; the case runs when the backend declares it. */
  readonly op: OpName;
  /** What the case checks. */
  readonly name: string;
  /** Inputs, one per parameter. */
  readonly inputs: readonly CaseTensor[];
  /** Builds the outputs from the parameters. Only the op under test plus `parameter`/`constant` should be used, unless `uses` lists others. */
  build(builder: Builder, params: Value[]): Value[];
  /** Other ops the case needs (the case is skipped when the backend lacks one). */
  readonly uses?: readonly OpName[];
  /** Expected outputs. */
  readonly expected: readonly ExpectedTensor[];
  /** Float tolerance; defaults depend on the dtype (see `defaultTolerance`). */
  readonly tolerance?: Tolerance;
}
