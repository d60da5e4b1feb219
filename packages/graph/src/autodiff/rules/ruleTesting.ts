// Test helpers of the VJP rule tests in this folder (not exported from the package): gradient checks
// against float64 central differences (through `checkGradient` of the conformance kit), analytic
// gradients for hand-computed expectations, and a weighted-sum projection to a scalar loss.
import { allocateStorage, isFloat } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { expect } from 'vitest';
import type { GradientInput } from '../../conformance/types.js';
import { Exec } from '../../exec.js';
import * as raw from '../../gen_ops.js';
import type { Node } from '../../node.js';
import { constant } from '../../ops/constants.js';
import { Tensor } from '../../tensor.js';
import { checkGradient, gradientInputValues } from '../../testing/gradcheck.js';
import { randomValues, testBackend } from '../../testing.js';
import { gradient } from '../gradient.js';

/** An input of the checks: float64 by default, seeded random in [min, max) unless `values` is given. */
export type FdInput = GradientInput;

/** The values of an input (explicit, or the seeded random ones the checks use). */
export const inputValues: (input: FdInput) => number[] = gradientInputValues;

function tensorOf(input: FdInput, values: readonly number[]): Tensor {
  const dtype = input.dtype ?? 'float64';
  const storage = allocateStorage(dtype, values.length);
  values.forEach((v, i) => {
    if (storage instanceof BigInt64Array || storage instanceof BigUint64Array) storage[i] = BigInt(v);
    else (storage as Float64Array)[i] = v;
  });
  return Tensor.fromStorage(storage, new Shape(dtype, input.dims));
}

/**
 * A scalar loss from `y`: the sum of `y` times fixed pseudo-random weights `randomValues(size, seed)` in
 * [-1, 1) (a dotGeneral over every axis), so each element of `y` gets a distinct cotangent.
 */
export function project(y: Node, seed = 99): Node {
  const w = constant(y.graph, randomValues(y.shape.size, seed), {
    dtype: y.dtype,
    shape: [...y.dims],
  });
  const axes = y.dims.map((_, i) => i);
  return raw.dotGeneral(y, w, {
    lhsBatchAxes: [],
    rhsBatchAxes: [],
    lhsContractingAxes: axes,
    rhsContractingAxes: axes,
  });
}

/** The gradients of the scalar loss `fn` at the inputs, with respect to the inputs listed in `wrt`. */
export function analyticGradients(
  fn: (...xs: Node[]) => Node,
  inputs: readonly FdInput[],
  wrt: readonly number[],
): number[][] {
  const exec = new Exec(testBackend, (...xs: Node[]) => gradient(fn(...xs), ...wrt.map((i) => xs[i]!)), {
    withGraph: false,
  });
  const out = exec.call(...inputs.map((inp) => tensorOf(inp, inputValues(inp))));
  return out.map((t) => Array.from(t.dataSync() as Float64Array, Number));
}

/** Options of {@link checkGradients}. */
export interface FdOptions {
  /** Inputs to differentiate (default: every float input). */
  wrt?: readonly number[];
  /** Accepted |analytic - numeric| / max(1, |numeric|) (default 1e-6). */
  tolerance?: number;
}

/**
 * Asserts that the reverse-mode gradient of the scalar float64 loss `fn` matches central differences,
 * element by element, at the given (or seeded random) inputs.
 */
export function checkGradients(
  fn: (...xs: Node[]) => Node,
  inputs: readonly FdInput[],
  options: FdOptions = {},
): void {
  const wrt = options.wrt ?? inputs.flatMap((inp, i) => (isFloat(inp.dtype ?? 'float64') ? [i] : []));
  const result = checkGradient(testBackend, fn, inputs, { wrt, tolerance: options.tolerance ?? 1e-6 });
  const w = result.worst;
  expect(
    result.ok,
    w
      ? `max error ${result.maxError}: input ${w.input} element ${w.index}: analytic ${w.analytic}, numeric ${w.numeric}`
      : 'no element',
  ).toBe(true);
}
