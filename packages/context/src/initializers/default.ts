import { isFloat } from '@tsmlx/dtypes';
import { zeros } from './constant.js';
import type { Initializer } from './types.js';
import { heNormal } from './variance.js';

const he = heNormal();

/**
 * The initializer of variables created without one (as GoMLX's default, He-style): float variables of rank ≥ 2
 * (kernels) get He normal, N(0, 2 / fanIn) ({@link heNormal}); variables of rank ≤ 1 (biases, scales, counters)
 * and non-float variables get zeros. Change it for a scope with `ctx.withInitializer(init)`.
 */
export const defaultInitializer: Initializer = (g, shape, rng) =>
  shape.rank >= 2 && isFloat(shape.dtype) ? he(g, shape, rng) : zeros(g, shape, rng);
