import type { Context } from '@tsmlx/context';
import { add, type Node } from '@tsmlx/graph';
import { type ActivationFn, activation } from './activations.js';
import { dense, outputDimsOf } from './dense.js';
import { dropout } from './dropout.js';
import { inLayer, layerError } from './errors.js';
import { normalize } from './normalization.js';
import { ParamKeys } from './params.js';
import type { Regularizer } from './regularizers.js';

/**
 * Configures a multi-layer perceptron started with {@link mlp}; finish with {@link MLPBuilder.done}.
 * Each hidden layer `i` (scope `hidden_<i>`) is: dense → normalization → activation → dropout, plus a
 * residual connection (`x + layer(x)`) when enabled and the width is unchanged. The output layer (scope
 * `output`) is a plain dense layer. Unset settings come from the context's hyperparameters:
 * `mlp_hidden_sizes` (default `[]`), `activation` (`'relu'`), `normalization` (`'none'`),
 * `dropout_rate` (0), `mlp_residual` (false).
 */
export class MLPBuilder {
  private readonly ctx: Context;
  private readonly x: Node;
  private readonly outputDim: number;
  private hidden: readonly number[] | undefined;
  private act: string | ActivationFn | undefined;
  private rate: number | undefined;
  private norm: string | undefined;
  private residualOn: boolean | undefined;
  private bias = true;
  private outAct: string | ActivationFn | undefined;
  private reg: Regularizer | null | undefined;

  /** @internal Use {@link mlp}. */
  constructor(ctx: Context, x: Node, outputDim: number) {
    this.ctx = ctx;
    this.x = x;
    this.outputDim = outputDim;
  }

  /** Widths of the hidden layers, in order (may be empty). */
  hiddenSizes(sizes: readonly number[]): this {
    this.hidden = sizes;
    return this;
  }

  /** Activation of the hidden layers (name or function). */
  activation(fn: string | ActivationFn): this {
    this.act = fn;
    return this;
  }

  /** Dropout rate after each hidden activation (only while training). */
  dropout(rate: number): this {
    this.rate = rate;
    return this;
  }

  /** Normalization of each hidden layer: `'none'`, `'layer'`, `'batch'` or `'rms'`. */
  normalization(kind: string): this {
    this.norm = kind;
    return this;
  }

  /** Residual connections around hidden layers whose input and output widths match. */
  residual(on = true): this {
    this.residualOn = on;
    return this;
  }

  /** Whether dense layers have biases. Default true. */
  useBias(on = true): this {
    this.bias = on;
    return this;
  }

  /** Activation of the output layer. Default none (logits). */
  outputActivation(fn: string | ActivationFn): this {
    this.outAct = fn;
    return this;
  }

  /** Regularizer of every dense layer's weights (default: from hyperparameters; `null` disables). */
  regularizer(regularizer: Regularizer | null): this {
    this.reg = regularizer;
    return this;
  }

  /** Builds the layers; the result has dims `[...x.dims.slice(0, -1), outputDim]`. */
  done(): Node {
    const { ctx } = this;
    outputDimsOf(ctx, 'mlp', this.outputDim);
    const hidden = this.hidden ?? ctx.getParam<readonly number[]>(ParamKeys.mlpHiddenSizes, []);
    if (!Array.isArray(hidden) || hidden.some((h) => !Number.isInteger(h) || h < 1)) {
      throw layerError(ctx, 'mlp', `hidden sizes must be positive integers, got ${JSON.stringify(hidden)}`);
    }
    const act = inLayer(ctx, 'mlp', () =>
      activation(this.act ?? ctx.getParam<string>(ParamKeys.activation, 'relu')),
    );
    const residual = this.residualOn ?? ctx.getParam<boolean>(ParamKeys.mlpResidual, false);
    const denseOptions =
      this.reg === undefined ? { useBias: this.bias } : { useBias: this.bias, regularizer: this.reg };
    let x = this.x;
    hidden.forEach((width, i) => {
      const scope = ctx.in(`hidden_${i}`);
      let y = dense(scope, x, width, denseOptions);
      y = normalize(scope, y, this.norm);
      y = act(y);
      y = dropout(scope, y, this.rate);
      x = residual && x.dims[x.rank - 1] === width ? add(x, y) : y;
    });
    const out = dense(ctx.in('output'), x, this.outputDim, denseOptions);
    const outAct = this.outAct;
    return outAct === undefined ? out : inLayer(ctx, 'mlp', () => activation(outAct))(out);
  }
}

/**
 * Starts a multi-layer perceptron on `x` (features last) with `outputDim` outputs; configure it and call
 * `done()`.
 *
 * @example
 * ```ts
 * const logits = mlp(ctx.in('classifier'), x, 10).hiddenSizes([128, 128]).activation('gelu').dropout(0.1).done();
 * ```
 */
export function mlp(ctx: Context, x: Node, outputDim: number): MLPBuilder {
  return new MLPBuilder(ctx, x, outputDim);
}
