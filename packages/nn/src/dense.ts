import type { Context } from '@tsmlx/context';
import { zeros as zerosInitializer } from '@tsmlx/context';
import { isFloat } from '@tsmlx/dtypes';
import { add, broadcastTo, dotGeneral, type Node } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import { type ActivationFn, activation } from './activations.js';
import { inLayer, layerError } from './errors.js';
import { type Regularizer, regularize } from './regularizers.js';

/** Options of {@link dense}. */
export interface DenseOptions {
  /** Add a learned bias (variable `biases`, initialized to 0). Default true. */
  useBias?: boolean;
  /** Activation applied to the output (name or function). Default none. */
  activation?: string | ActivationFn;
  /**
   * Regularizer of the weights; default: the context's `l1_regularization` / `l2_regularization`
   * hyperparameters; `null` disables it.
   */
  regularizer?: Regularizer | null;
}

/** @internal Checks a list of output dims: positive integers. */
export function outputDimsOf(ctx: Context, layer: string, dims: number | readonly number[]): number[] {
  const list = typeof dims === 'number' ? [dims] : [...dims];
  if (list.length === 0 || list.some((d) => !Number.isInteger(d) || d < 1)) {
    throw layerError(
      ctx,
      layer,
      `output dims must be one or more positive integers, got ${JSON.stringify(dims)}`,
    );
  }
  return list;
}

/**
 * A fully connected layer: contracts the last axis of `x` (any rank ≥ 1) with the variable `weights`
 * `[inputDim, ...outputDims]` and adds `biases` `[...outputDims]`. The result has dims
 * `[...x.dims.slice(0, -1), ...outputDims]`. Variables are created in `ctx`'s scope on first use, with
 * the dtype of `x`; the weights use the context's default initializer, the biases zeros.
 *
 * @throws LayerError naming the scope when `x` is a scalar or not float, or the output dims are invalid.
 * @example
 * ```ts
 * const h = dense(ctx.in('hidden'), x, 64, { activation: 'relu' }); // [b, 784] → [b, 64]
 * ```
 */
export function dense(
  ctx: Context,
  x: Node,
  outputDims: number | readonly number[],
  options: DenseOptions = {},
): Node {
  const out = outputDimsOf(ctx, 'dense', outputDims);
  if (x.rank < 1) throw layerError(ctx, 'dense', `input must have rank ≥ 1 (features last), got ${x.shape}`);
  if (!isFloat(x.dtype)) {
    throw layerError(ctx, 'dense', `input ${x.shape} must have a float dtype; convert it first`);
  }
  const name = options.activation;
  const act = name === undefined ? undefined : inLayer(ctx, 'dense', () => activation(name));
  const g = x.graph;
  const inputDim = x.dims[x.rank - 1]!;
  const wVar = ctx.variable('weights', new Shape(x.dtype, [inputDim, ...out]));
  const w = wVar.valueIn(g);
  regularize(ctx, w, options.regularizer);
  let y = dotGeneral(x, w, {
    lhsBatchAxes: [],
    lhsContractingAxes: [x.rank - 1],
    rhsBatchAxes: [],
    rhsContractingAxes: [0],
  });
  if (options.useBias ?? true) {
    const b = ctx.variable('biases', new Shape(x.dtype, out), { initializer: zerosInitializer }).valueIn(g);
    y = add(y, broadcastTo(b, y.dims));
  }
  return act === undefined ? y : act(y);
}
