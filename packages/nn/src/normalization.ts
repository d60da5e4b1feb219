import type { Context } from '@tsmlx/context';
import { ones as onesInitializer, zeros as zerosInitializer } from '@tsmlx/context';
import { isFloat } from '@tsmlx/dtypes';
import { add, axesOf, mean, mul, type Node, reshape, rsqrt, square, stopGradient, sub } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import { inLayer, layerError } from './errors.js';
import { ParamKeys } from './params.js';

/** @internal Validates a float input and its normalized axes (one axis or a list, negative allowed). */
function normalizedAxes(ctx: Context, layer: string, x: Node, axes: number | readonly number[]): number[] {
  if (x.rank < 1) throw layerError(ctx, layer, `input must have rank ≥ 1, got ${x.shape}`);
  if (!isFloat(x.dtype)) throw layerError(ctx, layer, `input ${x.shape} must have a float dtype`);
  return inLayer(ctx, layer, () => axesOf(layer, x, axes));
}

/** Reshapes a parameter over `axes` of `x` so it broadcasts against `x` (size 1 elsewhere). */
function alongAxes(p: Node, x: Node, axes: readonly number[]): Node {
  return reshape(
    p,
    x.dims.map((d, i) => (axes.includes(i) ? d : 1)),
  );
}

/** Options of {@link batchNorm}. */
export interface BatchNormOptions {
  /** The feature axis (statistics are per feature, over all other axes). Default -1 (channels last). */
  axis?: number;
  /** Momentum of the moving averages (`batch_norm_momentum`, default 0.99). */
  momentum?: number;
  /** Added to the variance (`batch_norm_epsilon`, default 1e-3). */
  epsilon?: number;
  /** Learn an offset β (variable `offset`, init 0). Default true. */
  center?: boolean;
  /** Learn a scale γ (variable `scale`, init 1). Default true. */
  scale?: boolean;
}

/**
 * Batch normalization (Ioffe & Szegedy 2015). While training (`ctx.isTraining(g)`) it normalizes with
 * the batch's mean and (biased) variance over every axis but the feature axis, and updates the
 * non-trainable variables `mean` and `variance` (init 0 and 1) with
 * `moving = momentum·moving + (1 − momentum)·batch` through `setValueIn` (applied when the graph runs).
 * In inference it normalizes with those moving averages. Then `y = γ·x̂ + β`.
 *
 * @throws LayerError naming the scope for a non-float input, a bad axis, or momentum/epsilon out of range.
 */
export function batchNorm(ctx: Context, x: Node, options: BatchNormOptions = {}): Node {
  const layer = 'batchNorm';
  const [axis] = normalizedAxes(ctx, layer, x, options.axis ?? -1) as [number];
  const momentum = options.momentum ?? ctx.getParam<number>(ParamKeys.batchNormMomentum, 0.99);
  const epsilon = options.epsilon ?? ctx.getParam<number>(ParamKeys.batchNormEpsilon, 1e-3);
  if (!(momentum >= 0 && momentum <= 1))
    throw layerError(ctx, layer, `momentum must be in [0, 1], got ${momentum}`);
  if (!(epsilon >= 0)) throw layerError(ctx, layer, `epsilon must be ≥ 0, got ${epsilon}`);
  const g = x.graph;
  const features = new Shape(x.dtype, [x.dims[axis]!]);
  const movingMean = ctx.variable('mean', features, { initializer: zerosInitializer, trainable: false });
  const movingVariance = ctx.variable('variance', features, {
    initializer: onesInitializer,
    trainable: false,
  });
  const reduceAxes = x.dims.map((_, i) => i).filter((i) => i !== axis);
  let m: Node;
  let v: Node;
  if (ctx.isTraining(g)) {
    m = mean(x, reduceAxes, { keepDims: true });
    v = mean(square(sub(x, m)), reduceAxes, { keepDims: true });
    const update = (variable: typeof movingMean, batch: Node): void => {
      const old = variable.valueIn(g);
      const b = stopGradient(reshape(batch, [x.dims[axis]!]));
      variable.setValueIn(g, add(mul(old, momentum), mul(b, 1 - momentum)));
    };
    update(movingMean, m);
    update(movingVariance, v);
  } else {
    m = alongAxes(movingMean.valueIn(g), x, [axis]);
    v = alongAxes(movingVariance.valueIn(g), x, [axis]);
  }
  let y = mul(sub(x, m), rsqrt(add(v, epsilon)));
  if (options.scale ?? true) {
    const gamma = ctx.variable('scale', features, { initializer: onesInitializer }).valueIn(g);
    y = mul(y, alongAxes(gamma, x, [axis]));
  }
  if (options.center ?? true) {
    const beta = ctx.variable('offset', features, { initializer: zerosInitializer }).valueIn(g);
    y = add(y, alongAxes(beta, x, [axis]));
  }
  return y;
}

/** Options of {@link layerNorm}. */
export interface LayerNormOptions {
  /** Normalized axes (one or a list). Default -1. */
  axes?: number | readonly number[];
  /** Added to the variance (`layer_norm_epsilon`, default 1e-5). */
  epsilon?: number;
  /** Learn an offset (variable `offset`, init 0, shaped like the normalized axes). Default true. */
  center?: boolean;
  /** Learn a gain (variable `gain`, init 1, shaped like the normalized axes). Default true. */
  scale?: boolean;
}

/**
 * Layer normalization (Ba et al. 2016): `(x − mean) / √(var + ε) · gain + offset`, statistics over the
 * normalized axes (default the last) of each example. Same in training and inference.
 */
export function layerNorm(ctx: Context, x: Node, options: LayerNormOptions = {}): Node {
  const axes = normalizedAxes(ctx, 'layerNorm', x, options.axes ?? -1);
  const epsilon = options.epsilon ?? ctx.getParam<number>(ParamKeys.layerNormEpsilon, 1e-5);
  const g = x.graph;
  const m = mean(x, axes, { keepDims: true });
  const centered = sub(x, m);
  const v = mean(square(centered), axes, { keepDims: true });
  let y = mul(centered, rsqrt(add(v, epsilon)));
  const pShape = new Shape(
    x.dtype,
    axes.map((a) => x.dims[a]!),
  );
  if (options.scale ?? true) {
    const gain = ctx.variable('gain', pShape, { initializer: onesInitializer }).valueIn(g);
    y = mul(y, alongAxes(gain, x, axes));
  }
  if (options.center ?? true) {
    const offset = ctx.variable('offset', pShape, { initializer: zerosInitializer }).valueIn(g);
    y = add(y, alongAxes(offset, x, axes));
  }
  return y;
}

/** Options of {@link rmsNorm}. */
export interface RMSNormOptions {
  /** Normalized axes (one or a list). Default -1. */
  axes?: number | readonly number[];
  /** Added to the mean square (`rms_norm_epsilon`, default 1e-6). */
  epsilon?: number;
  /** Learn a scale (variable `scale`, init 1, shaped like the normalized axes). Default true. */
  scale?: boolean;
}

/**
 * Root-mean-square normalization (Zhang & Sennrich 2019): `x / √(mean(x²) + ε) · scale`, over the
 * normalized axes (default the last); no centering.
 */
export function rmsNorm(ctx: Context, x: Node, options: RMSNormOptions = {}): Node {
  const axes = normalizedAxes(ctx, 'rmsNorm', x, options.axes ?? -1);
  const epsilon = options.epsilon ?? ctx.getParam<number>(ParamKeys.rmsNormEpsilon, 1e-6);
  let y = mul(x, rsqrt(add(mean(square(x), axes, { keepDims: true }), epsilon)));
  if (options.scale ?? true) {
    const pShape = new Shape(
      x.dtype,
      axes.map((a) => x.dims[a]!),
    );
    const scale = ctx.variable('scale', pShape, { initializer: onesInitializer }).valueIn(x.graph);
    y = mul(y, alongAxes(scale, x, axes));
  }
  return y;
}

/** The normalizations {@link normalize} knows. */
export type NormalizationKind = 'none' | 'layer' | 'batch' | 'rms';

const kinds: readonly NormalizationKind[] = ['none', 'layer', 'batch', 'rms'];

/**
 * Applies a normalization by name over the last axis: `'layer'`, `'batch'`, `'rms'` or `'none'`
 * (default: the context's `normalization` hyperparameter, else `'none'`).
 *
 * @throws LayerError naming the scope for an unknown name, listing the valid ones.
 */
export function normalize(ctx: Context, x: Node, kind?: string): Node {
  const name = kind ?? ctx.getParam<string>(ParamKeys.normalization, 'none');
  switch (name) {
    case 'none':
    case '':
      return x;
    case 'layer':
      return layerNorm(ctx, x);
    case 'batch':
      return batchNorm(ctx, x);
    case 'rms':
      return rmsNorm(ctx, x);
    default:
      throw layerError(
        ctx,
        'normalize',
        `unknown normalization "${name}"; valid ones are: ${kinds.join(', ')}`,
      );
  }
}
