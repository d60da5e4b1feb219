import type { Context } from '@tsmlx/context';
import {
  abs,
  add,
  div,
  erf,
  exp,
  expectFloat,
  expm1,
  greaterOrEqual,
  greaterThan,
  log1p,
  logistic,
  max,
  min,
  mul,
  type Node,
  neg,
  tanh as rawTanh,
  sliceAxis,
  where,
} from '@tsmlx/graph';
import { nnError } from './errors.js';
import { ParamKeys } from './params.js';

/** An activation function: one float node in, one out (same shape, except {@link swiglu}). */
export type ActivationFn = (x: Node) => Node;

function checked(op: string, x: Node): Node {
  expectFloat(op, x);
  return x;
}

/** Rectified linear unit `max(x, 0)`. */
export function relu(x: Node): Node {
  return max(checked('relu', x), 0);
}

/** `min(max(x, 0), 6)`. */
export function relu6(x: Node): Node {
  return min(max(checked('relu6', x), 0), 6);
}

/** `x` for `x ≥ 0`, else `alpha·x` (default `alpha` 0.01). */
export function leakyRelu(x: Node, alpha = 0.01): Node {
  checked('leakyRelu', x);
  return where(greaterOrEqual(x, 0), x, mul(x, alpha));
}

/** Exponential linear unit: `x` for `x > 0`, else `alpha·(eᕽ − 1)` (default `alpha` 1). */
export function elu(x: Node, alpha = 1): Node {
  checked('elu', x);
  // The negative branch sees min(x, 0), so large positive x cannot overflow it (nor its gradient).
  return where(greaterThan(x, 0), x, mul(expm1(min(x, 0)), alpha));
}

const seluAlpha = 1.6732632423543772;
const seluScale = 1.0507009873554805;

/** Scaled ELU (Klambauer et al. 2017): `scale·elu(x, alpha)` with the self-normalizing constants. */
export function selu(x: Node): Node {
  return mul(elu(checked('selu', x), seluAlpha), seluScale);
}

/**
 * Gaussian error linear unit. Exact (default): `x·Φ(x) = 0.5·x·(1 + erf(x/√2))`; with `approximate`,
 * the tanh form `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`.
 */
export function gelu(x: Node, approximate = false): Node {
  checked('gelu', x);
  if (!approximate) return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
  const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return mul(mul(x, 0.5), add(rawTanh(inner), 1));
}

/** The tanh approximation of {@link gelu}. */
export function geluApprox(x: Node): Node {
  return gelu(x, true);
}

/** Logistic sigmoid `1 / (1 + e⁻ᕽ)`. */
export function sigmoid(x: Node): Node {
  return logistic(checked('sigmoid', x));
}

/** Piecewise-linear sigmoid `relu6(x + 3) / 6` (as PyTorch and JAX). */
export function hardSigmoid(x: Node): Node {
  return div(relu6(add(checked('hardSigmoid', x), 3)), 6);
}

/** Hyperbolic tangent. */
export function tanh(x: Node): Node {
  return rawTanh(checked('tanh', x));
}

/** Swish / SiLU: `x·sigmoid(x)`. */
export function swish(x: Node): Node {
  return mul(checked('swish', x), logistic(x));
}

/** SiLU, the same function as {@link swish}. */
export const silu: ActivationFn = swish;

/** Hard swish (MobileNetV3): `x·relu6(x + 3) / 6`. */
export function hardSwish(x: Node): Node {
  return mul(checked('hardSwish', x), hardSigmoid(x));
}

/** `log(1 + eᕽ)`, computed stably as `max(x, 0) + log1p(e^(−|x|))` (no overflow for large `|x|`). */
export function softplus(x: Node): Node {
  checked('softplus', x);
  return add(max(x, 0), log1p(exp(neg(abs(x)))));
}

/** `x / (1 + |x|)`. */
export function softsign(x: Node): Node {
  return div(checked('softsign', x), add(abs(x), 1));
}

/** Mish (Misra 2019): `x·tanh(softplus(x))`. */
export function mish(x: Node): Node {
  return mul(checked('mish', x), rawTanh(softplus(x)));
}

/**
 * SwiGLU gate (Shazeer 2020) on a tensor whose last axis holds both halves: `silu(a)·b` where `a` is the
 * first half and `b` the second half of the last axis, so the last dim halves. Usually applied to the
 * output of a dense layer of twice the hidden width.
 *
 * @throws OpError when the last dim is odd.
 */
export function swiglu(x: Node): Node {
  checked('swiglu', x);
  const n = x.rank === 0 ? 1 : x.dims[x.rank - 1]!;
  if (x.rank === 0 || n % 2 !== 0) {
    throw nnError('swiglu', `the last axis of ${x.shape} must have an even size (gate and value halves)`);
  }
  const a = sliceAxis(x, -1, 0, n / 2);
  const b = sliceAxis(x, -1, n / 2);
  return mul(swish(a), b);
}

function identity(x: Node): Node {
  return x;
}

const registry: ReadonlyMap<string, ActivationFn> = new Map<string, ActivationFn>([
  ['none', identity],
  ['identity', identity],
  ['linear', identity],
  ['relu', relu],
  ['relu6', relu6],
  ['leaky_relu', (x) => leakyRelu(x)],
  ['elu', (x) => elu(x)],
  ['selu', selu],
  ['gelu', (x) => gelu(x)],
  ['gelu_approx', geluApprox],
  ['gelu_tanh', geluApprox],
  ['sigmoid', sigmoid],
  ['hard_sigmoid', hardSigmoid],
  ['tanh', tanh],
  ['swish', swish],
  ['silu', swish],
  ['hard_swish', hardSwish],
  ['softplus', softplus],
  ['softsign', softsign],
  ['mish', mish],
  ['swiglu', swiglu],
]);

function canonical(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase();
}

/** The names {@link activation} accepts (snake_case; camelCase and kebab-case spellings work too). */
export function activationNames(): string[] {
  return [...registry.keys()];
}

/**
 * The activation function of a name: `'relu'`, `'gelu'`, `'gelu_approx'`, `'leaky_relu'` (or
 * `'leakyRelu'`), `'swish'`/`'silu'`, `'none'`, ... (see {@link activationNames}). A function is returned
 * as is.
 *
 * @throws OpError naming the unknown name and listing the valid ones.
 * @example
 * ```ts
 * const y = activation('gelu')(x);
 * ```
 */
export function activation(name: string | ActivationFn): ActivationFn {
  if (typeof name === 'function') return name;
  if (typeof name !== 'string') {
    throw nnError('activation', `expected an activation name or function, got ${typeof name}`);
  }
  const fn = registry.get(canonical(name));
  if (!fn) {
    throw nnError(
      'activation',
      `unknown activation "${name}"; valid names are: ${activationNames().join(', ')}`,
    );
  }
  return fn;
}

/**
 * Applies the activation named by the context's `activation` hyperparameter (default `defaultName`,
 * itself defaulting to `'relu'`).
 */
export function activationFromContext(ctx: Context, x: Node, defaultName = 'relu'): Node {
  return activation(ctx.getParam<string>(ParamKeys.activation, defaultName))(x);
}
