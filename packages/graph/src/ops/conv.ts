import { opError } from '../errors.js';
import * as raw from '../gen_ops.js';
import { graphOf } from '../graph.js';
import type { Node } from '../node.js';
import { type Padding, perAxis, resolvePadding } from './padding.js';

/**
 * Configures a convolution started with {@link conv}; finish with {@link ConvBuilder.done}. Defaults:
 * stride 1, `'valid'` padding, no dilation, 1 group, channels last.
 */
export class ConvBuilder {
  private readonly input: Node;
  private readonly kernel: Node;
  private strideList: number | readonly number[] = 1;
  private paddingSpec: Padding = 'valid';
  private dilationList: number | readonly number[] = 1;
  private inputDilationList: number | readonly number[] = 1;
  private groupCount = 1;
  private isChannelsFirst = false;

  /** @internal Use {@link conv}. */
  constructor(input: Node, kernel: Node) {
    graphOf('conv', [input, kernel]);
    this.input = input;
    this.kernel = kernel;
  }

  /** Window strides: one for all spatial axes or one per axis. */
  strides(strides: number | readonly number[]): this {
    this.strideList = strides;
    return this;
  }

  /** Padding: `'valid'` (default), `'same'`, or `[low, high]` per spatial axis. */
  padding(padding: Padding): this {
    this.paddingSpec = padding;
    return this;
  }

  /** Kernel dilation (atrous convolution): one for all spatial axes or one per axis. */
  dilations(dilations: number | readonly number[]): this {
    this.dilationList = dilations;
    return this;
  }

  /** Input dilation (as in transposed convolutions): one for all spatial axes or one per axis. */
  inputDilations(dilations: number | readonly number[]): this {
    this.inputDilationList = dilations;
    return this;
  }

  /** Feature groups: input channels split in `groups` (depthwise when it equals the input channels). */
  groups(groups: number): this {
    this.groupCount = groups;
    return this;
  }

  /**
   * Channels-first layout: input `[N, C, ...spatial]`, kernel `[outC, inC/groups, ...spatial]`, output
   * `[N, outC, ...spatial]`. The default (channels last) is input `[N, ...spatial, C]`, kernel
   * `[...spatial, inC/groups, outC]`, output `[N, ...spatial, outC]`.
   */
  channelsFirst(on = true): this {
    this.isChannelsFirst = on;
    return this;
  }

  /**
   * Adds the convolution to the graph.
   *
   * @throws OpError naming the shapes when ranks, channels or groups do not fit.
   */
  done(): Node {
    const { input, kernel } = this;
    const show = `input ${input.shape}, kernel ${kernel.shape}`;
    if (input.rank < 3 || kernel.rank !== input.rank) {
      throw opError(
        'conv',
        `input and kernel must have the same rank ≥ 3 (batch, spatial..., channels), got ${show}`,
      );
    }
    if (input.dtype !== kernel.dtype) throw opError('conv', `dtypes differ: ${show}`);
    const n = input.rank - 2;
    const spatial = Array.from({ length: n }, (_, i) => i);
    const first = this.isChannelsFirst;
    const inSpatial = spatial.map((i) => (first ? i + 2 : i + 1));
    const inChannels = first ? 1 : input.rank - 1;
    const kSpatial = spatial.map((i) => (first ? i + 2 : i));
    const kIn = first ? 1 : n;
    const kOut = first ? 0 : n + 1;
    const groups = this.groupCount;
    const channels = input.dims[inChannels]!;
    const outChannels = kernel.dims[kOut]!;
    if (!Number.isInteger(groups) || groups < 1 || channels % groups !== 0 || outChannels % groups !== 0) {
      throw opError(
        'conv',
        `groups (${groups}) must divide the input channels (${channels}) and output channels (${outChannels}): ${show}`,
      );
    }
    if (kernel.dims[kIn] !== channels / groups) {
      throw opError(
        'conv',
        `kernel input channels (axis ${kIn}: ${kernel.dims[kIn]}) must equal input channels / groups = ${channels}/${groups}: ${show}` +
          (first
            ? ''
            : ' (channels-last layout: kernel is [...spatial, inC/groups, outC]; use .channelsFirst() for OIHW)'),
      );
    }
    const strides = perAxis('conv', 'strides', this.strideList, n);
    const dilations = perAxis('conv', 'dilations', this.dilationList, n);
    const inputDilations = perAxis('conv', 'inputDilations', this.inputDilationList, n);
    const sizes = inSpatial.map((a, i) => {
      const d = input.dims[a]!;
      return d === 0 ? 0 : (d - 1) * inputDilations[i]! + 1;
    });
    const windows = kSpatial.map((a) => kernel.dims[a]!);
    const padding = resolvePadding('conv', this.paddingSpec, sizes, windows, strides, dilations);
    return raw.convGeneral(input, kernel, {
      inputBatchAxis: 0,
      inputChannelsAxis: inChannels,
      inputSpatialAxes: inSpatial,
      kernelInputChannelsAxis: kIn,
      kernelOutputChannelsAxis: kOut,
      kernelSpatialAxes: kSpatial,
      outputBatchAxis: 0,
      outputChannelsAxis: inChannels,
      outputSpatialAxes: inSpatial,
      strides,
      padding,
      inputDilations,
      kernelDilations: dilations,
      featureGroupCount: groups,
      batchGroupCount: 1,
    });
  }
}

/**
 * Starts a convolution of `input` with `kernel` (channels last by default); configure it and call
 * `done()`.
 *
 * @example
 * ```ts
 * const y = conv(images, filters).strides(2).padding('same').done();
 * // images (float32)[8, 32, 32, 3], filters (float32)[3, 3, 3, 16] → (float32)[8, 16, 16, 16]
 * ```
 */
export function conv(input: Node, kernel: Node): ConvBuilder {
  return new ConvBuilder(input, kernel);
}
