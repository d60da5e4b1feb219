import type { Context } from '@tsmlx/context';
import { isFloat } from '@tsmlx/dtypes';
import { convert, div, greaterOrEqual, mul, type Node } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import { layerError } from './errors.js';
import { ParamKeys } from './params.js';

/**
 * Inverted dropout: while training (`ctx.isTraining(g)`), each element of `x` is zeroed with
 * probability `rate` and the kept ones are scaled by `1 / (1 - rate)`, so the expected value is
 * unchanged; in inference, or with rate 0, `x` is returned as is. Randomness comes from `ctx.random()`
 * (the context's RNG state, advanced in the graph). Without a `rate`, the context's `dropout_rate`
 * hyperparameter is used (default 0).
 *
 * @throws LayerError naming the scope when the rate is outside `[0, 1)` or `x` is not float.
 * @example
 * ```ts
 * const h = dropout(ctx, relu(dense(ctx.in('fc'), x, 128)), 0.5);
 * ```
 */
export function dropout(ctx: Context, x: Node, rate?: number): Node {
  const r = rate ?? ctx.getParam<number>(ParamKeys.dropoutRate, 0);
  if (typeof r !== 'number' || !(r >= 0 && r < 1)) {
    throw layerError(ctx, 'dropout', `rate must be a number in [0, 1), got ${String(r)}`);
  }
  if (!isFloat(x.dtype)) throw layerError(ctx, 'dropout', `input ${x.shape} must have a float dtype`);
  const g = x.graph;
  if (r === 0 || !ctx.isTraining(g)) return x;
  const u = ctx.random().uniform(g, new Shape(x.dtype, x.dims));
  const keep = convert(greaterOrEqual(convert(u, x.dtype), r), x.dtype);
  return div(mul(x, keep), 1 - r);
}
