import { full, type Scalar } from '@tsmlx/graph';
import type { Initializer } from './types.js';

/** Initializes every element to 0 (false for bool). Any dtype. */
export const zeros: Initializer = (g, shape) =>
  full(g, shape.dtype, shape.dims, shape.dtype === 'bool' ? false : 0);

/** Initializes every element to 1 (true for bool). Any dtype. */
export const ones: Initializer = (g, shape) =>
  full(g, shape.dtype, shape.dims, shape.dtype === 'bool' ? true : 1);

/**
 * Initializes every element to `value` (converted to the variable's dtype; it must fit exactly for integers).
 *
 * @example
 * ```ts
 * ctx.variable('scale', new Shape('float32', [4]), { initializer: constant(0.5) });
 * ```
 */
export function constant(value: Scalar): Initializer {
  return (g, shape) => full(g, shape.dtype, shape.dims, value);
}
