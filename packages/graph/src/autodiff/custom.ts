import { OpError } from '@tsmlx/backends';
import { atUserFrame } from '../errors.js';
import { reshape as rawReshape } from '../gen_ops.js';
import type { Node } from '../node.js';

/** Replaces the gradient of a marked node: receives the node and its cotangent, returns the input's cotangent. */
export type CustomGradient = (x: Node, grad: Node) => Node | undefined;

const customGradients = new WeakMap<Node, CustomGradient | 'stop'>();

/** @internal The custom gradient (or `'stop'`) attached to a node by the functions below. */
export function customGradientOf(node: Node): CustomGradient | 'stop' | undefined {
  return customGradients.get(node);
}

function identity(x: Node): Node {
  // A reshape to the same dims is an identity the backends lower to nothing (a view).
  return rawReshape(x, { dims: x.dims });
}

/**
 * The value of `x`, through which no gradient flows (as `jax.lax.stop_gradient`).
 *
 * @example
 * ```ts
 * const target = stopGradient(teacherLogits);
 * ```
 */
export function stopGradient(x: Node): Node {
  const y = identity(x);
  customGradients.set(y, 'stop');
  return y;
}

/**
 * The value of `x`, whose backward pass is replaced by `fn`: `fn(x, grad)` receives the cotangent of the
 * result and returns the cotangent for `x` (or undefined for none). Used for straight-through estimators,
 * gradient clipping inside a graph, and similar tricks.
 *
 * The custom gradient replaces only this identity's backward step: the cotangent it returns continues into
 * the ops that made `x`. For a straight-through estimator, wrap the input of the non-differentiable op and
 * take the forward value with {@link stopGradient}, as in the example.
 *
 * @example
 * ```ts
 * // Clip the gradient flowing back into h to [-1, 1].
 * const hc = identityWithCustomGradient(h, (_h, g) => clip(g, -1, 1));
 * // Straight-through rounding: forward value round(x), backward passes g where |x| <= 1.
 * const xs = identityWithCustomGradient(x, (x, g) => where(lessOrEqual(abs(x), 1), g, 0));
 * const q = add(xs, stopGradient(sub(round(x), x)));
 * ```
 */
export function identityWithCustomGradient(x: Node, fn: CustomGradient): Node {
  if (typeof fn !== 'function') {
    throw atUserFrame(
      new OpError('identityWithCustomGradient', `the gradient function must be a function, got ${typeof fn}`),
    );
  }
  const y = identity(x);
  customGradients.set(y, fn);
  return y;
}
