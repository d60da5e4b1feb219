import type { OpName } from '@tsmlx/backends';
import type { DType } from '@tsmlx/dtypes';
import type { Node } from '../node.js';

/**
 * An input of a gradient check. Float inputs are float64 and differentiated; inputs of another dtype
 * (e.g. int32 indices) are passed as they are and neither differentiated nor perturbed.
 *
 * Values are either given (`values`, row-major) or drawn from a seeded uniform generator in
 * `[min, max)` (default `[-1, 1)`), so a case is reproducible on every backend.
 */
export interface GradientInput {
  /** Dims of the input (`[]` for a scalar). */
  readonly dims: readonly number[];
  /** Dtype; default float64. Only float inputs are differentiated. */
  readonly dtype?: DType;
  /** Explicit values, row-major (numbers; for 64-bit integer dtypes they are converted to bigint). */
  readonly values?: readonly number[];
  /** Seed of the random values (used when `values` is absent); default 1. */
  readonly seed?: number;
  /** Lower bound of the random values; default -1. */
  readonly min?: number;
  /** Upper bound (exclusive) of the random values; default 1. */
  readonly max?: number;
  /** Round random values to integers (for integer dtypes); default: true for non-float dtypes. */
  readonly integer?: boolean;
}

/**
 * One gradient conformance case: a scalar float64 loss of some inputs. The gradient computed with
 * `gradient` (reverse mode) is compared per element with central finite differences in float64.
 *
 * @example
 * ```ts
 * const tanhCase: GradientCase = {
 *   name: 'tanh of a matrix',
 *   ops: ['tanh'],
 *   inputs: [{ dims: [2, 3], seed: 7 }],
 *   fn: (x) => reduceSum(mul(tanh(x), x)),
 * };
 * ```
 */
export interface GradientCase {
  /** What the case checks (unique within its file). */
  readonly name: string;
  /** The primitive ops whose VJP rules the case exercises (for coverage reports). */
  readonly ops: readonly OpName[];
  /** The composite op the case checks through its decomposition (e.g. `'softmax'`), if any. */
  readonly composite?: string;
  /** Inputs, one per argument of `fn`. */
  readonly inputs: readonly GradientInput[];
  /** Builds the scalar float64 loss from one node per input. */
  readonly fn: (...inputs: Node[]) => Node;
  /**
   * Largest accepted error per element, `|analytic - numeric| / max(1, |numeric|)`; default
   * {@link DEFAULT_GRADIENT_TOLERANCE}.
   */
  readonly tolerance?: number;
  /** Indices of the inputs to differentiate; default every float input. */
  readonly wrt?: readonly number[];
  /**
   * Relative finite-difference step (default 1e-6); larger for functions that are linear but pass
   * through a narrower float dtype, where rounding would swamp a tiny step.
   */
  readonly step?: number;
}

/**
 * Default tolerance of gradient checks: float64 central differences with a step of about 1e-6 have a
 * truncation error near 1e-12 and a rounding error near 1e-10 relative to the loss, so 1e-6 leaves a wide
 * margin while still catching any wrong rule.
 */
export const DEFAULT_GRADIENT_TOLERANCE = 1e-6;
