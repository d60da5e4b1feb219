import type { Context } from '@tsmlx/context';
import { zeros as zerosInitializer } from '@tsmlx/context';
import { isFloat } from '@tsmlx/dtypes';
import { add, conv, expandDims, type Node, type Padding, reshape } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import { type ActivationFn, activation } from './activations.js';
import { inLayer, layerError } from './errors.js';
import { type Regularizer, regularize } from './regularizers.js';

/**
 * Configures a convolution layer started with {@link convolution}; finish with
 * {@link ConvolutionBuilder.done}. Works for 1-D, 2-D and 3-D inputs (any number of spatial axes):
 * `[batch, ...spatial, channels]` (channels last, the default) or `[batch, channels, ...spatial]`.
 * Defaults: stride 1, `'valid'` padding, no dilation, 1 group, bias on, no activation. `filters` and
 * `kernelSize` have no default.
 */
export class ConvolutionBuilder {
  private readonly ctx: Context;
  private readonly x: Node;
  private filterCount: number | undefined;
  private kernel: number | readonly number[] | undefined;
  private strideList: number | readonly number[] = 1;
  private paddingSpec: Padding = 'valid';
  private dilationList: number | readonly number[] = 1;
  private groupCount = 1;
  private bias = true;
  private first = false;
  private act: string | ActivationFn | undefined;
  private reg: Regularizer | null | undefined;

  /** @internal Use {@link convolution}. */
  constructor(ctx: Context, x: Node) {
    this.ctx = ctx;
    this.x = x;
  }

  /** Number of output channels (required). */
  filters(filters: number): this {
    this.filterCount = filters;
    return this;
  }

  /** Kernel size: one for all spatial axes or one per axis (required). */
  kernelSize(size: number | readonly number[]): this {
    this.kernel = size;
    return this;
  }

  /** Strides: one for all spatial axes or one per axis. Default 1. */
  strides(strides: number | readonly number[]): this {
    this.strideList = strides;
    return this;
  }

  /** Padding: `'valid'` (default), `'same'`, or explicit `[low, high]` pairs per spatial axis. */
  padding(padding: Padding): this {
    this.paddingSpec = padding;
    return this;
  }

  /** Kernel dilation (atrous convolution): one for all spatial axes or one per axis. Default 1. */
  dilations(dilations: number | readonly number[]): this {
    this.dilationList = dilations;
    return this;
  }

  /** Feature groups (must divide input channels and filters; depthwise when equal to input channels). */
  groups(groups: number): this {
    this.groupCount = groups;
    return this;
  }

  /** Whether to add a learned bias per filter (variable `biases`). Default true. */
  useBias(on = true): this {
    this.bias = on;
    return this;
  }

  /**
   * Channels-first layout: input `[N, C, ...spatial]`, weights `[filters, C/groups, ...kernel]`. The
   * default, channels last, has input `[N, ...spatial, C]` and weights `[...kernel, C/groups, filters]`.
   */
  channelsFirst(on = true): this {
    this.first = on;
    return this;
  }

  /** Activation applied to the output (name or function). Default none. */
  activation(fn: string | ActivationFn): this {
    this.act = fn;
    return this;
  }

  /** Regularizer of the weights (default: from the context's hyperparameters; `null` disables it). */
  regularizer(regularizer: Regularizer | null): this {
    this.reg = regularizer;
    return this;
  }

  /**
   * Creates (or reuses) the variables `weights` and `biases` in the context's scope and adds the
   * convolution to the graph.
   *
   * @throws LayerError naming the scope when a required setting is missing or the shapes do not fit.
   */
  done(): Node {
    const { ctx, x } = this;
    const fail = (message: string): never => {
      throw layerError(ctx, 'convolution', message);
    };
    if (x.rank < 3) {
      fail(`input must be [batch, ...spatial, channels] with 1 to 3 spatial axes (rank ≥ 3), got ${x.shape}`);
    }
    if (!isFloat(x.dtype)) fail(`input ${x.shape} must have a float dtype`);
    const filters = this.filterCount;
    if (filters === undefined) fail('the number of filters is not set; call .filters(n)');
    if (!Number.isInteger(filters) || (filters as number) < 1) {
      fail(`filters must be a positive integer, got ${String(filters)}`);
    }
    if (this.kernel === undefined) fail('the kernel size is not set; call .kernelSize(k)');
    const n = x.rank - 2;
    const kernel =
      typeof this.kernel === 'number' ? new Array<number>(n).fill(this.kernel) : [...this.kernel!];
    if (kernel.length !== n || kernel.some((k) => !Number.isInteger(k) || k < 1)) {
      fail(
        `kernelSize must be a positive integer or ${n} of them (one per spatial axis), got ${JSON.stringify(this.kernel)}`,
      );
    }
    const channels = x.dims[this.first ? 1 : x.rank - 1]!;
    const groups = this.groupCount;
    if (
      !Number.isInteger(groups) ||
      groups < 1 ||
      channels % groups !== 0 ||
      (filters as number) % groups !== 0
    ) {
      fail(
        `groups (${groups}) must divide the input channels (${channels}) and the filters (${filters}); input ${x.shape}`,
      );
    }
    const name = this.act;
    const act = name === undefined ? undefined : inLayer(ctx, 'convolution', () => activation(name));
    const f = filters as number;
    const perGroup = channels / groups;
    const wDims = this.first ? [f, perGroup, ...kernel] : [...kernel, perGroup, f];
    const g = x.graph;
    const w = ctx.variable('weights', new Shape(x.dtype, wDims)).valueIn(g);
    regularize(ctx, w, this.reg);
    let y = inLayer(ctx, 'convolution', () =>
      conv(x, w)
        .strides(this.strideList)
        .padding(this.paddingSpec)
        .dilations(this.dilationList)
        .groups(groups)
        .channelsFirst(this.first)
        .done(),
    );
    if (this.bias) {
      const b = ctx.variable('biases', new Shape(x.dtype, [f]), { initializer: zerosInitializer }).valueIn(g);
      const shaped = this.first
        ? reshape(b, [1, f, ...new Array<number>(n).fill(1)])
        : expandDims(
            b,
            new Array<number>(n + 1).fill(0).map((_, i) => i),
          );
      y = add(y, shaped);
    }
    return act === undefined ? y : act(y);
  }
}

/**
 * Starts a convolution layer on `x` (`[batch, ...spatial, channels]`, 1 to 3 spatial axes); configure it
 * and call `done()`.
 *
 * @example
 * ```ts
 * const y = convolution(ctx.in('conv1'), images).filters(32).kernelSize(3).padding('same').activation('relu').done();
 * // images (float32)[8, 28, 28, 1] → (float32)[8, 28, 28, 32]
 * ```
 */
export function convolution(ctx: Context, x: Node): ConvolutionBuilder {
  return new ConvolutionBuilder(ctx, x);
}
