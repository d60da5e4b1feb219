import type { WindowReduction } from '@tsmlx/backends';
import { opError } from '../errors.js';
import * as raw from '../gen_ops.js';
import { Node } from '../node.js';
import { div } from './arith.js';
import { expectFloat, ones } from './constants.js';
import { type Padding, perAxis, resolvePadding } from './padding.js';

type PoolKind = 'max' | 'sum' | 'avg';

/**
 * Configures a pooling started with {@link maxPool}, {@link avgPool} or {@link sumPool}; finish with
 * {@link PoolBuilder.done}. Pooling runs over the spatial axes of `[N, ...spatial, C]` (channels last,
 * the default) or `[N, C, ...spatial]`. Defaults: window 2, strides equal to the window, `'valid'`.
 */
export class PoolBuilder {
  private readonly kind: PoolKind;
  private readonly x: Node;
  private windowList: number | readonly number[] = 2;
  private strideList: number | readonly number[] | undefined;
  private paddingSpec: Padding = 'valid';
  private isChannelsFirst = false;

  /** @internal Use {@link maxPool}, {@link avgPool} or {@link sumPool}. */
  constructor(kind: PoolKind, x: Node) {
    if (!(x instanceof Node)) throw opError(`${kind}Pool`, 'x must be a Node');
    this.kind = kind;
    this.x = x;
  }

  /** Window size: one for all spatial axes or one per axis. */
  window(window: number | readonly number[]): this {
    this.windowList = window;
    return this;
  }

  /** Strides (default: the window size). */
  strides(strides: number | readonly number[]): this {
    this.strideList = strides;
    return this;
  }

  /** Padding: `'valid'` (default), `'same'`, or `[low, high]` per spatial axis. */
  padding(padding: Padding): this {
    this.paddingSpec = padding;
    return this;
  }

  /** Channels-first layout `[N, C, ...spatial]`. */
  channelsFirst(on = true): this {
    this.isChannelsFirst = on;
    return this;
  }

  /**
   * Adds the pooling to the graph. Average pooling divides by the number of non-padding elements of
   * each window.
   */
  done(): Node {
    const op = `${this.kind}Pool`;
    const { x } = this;
    if (x.rank < 3) throw opError(op, `x must be [batch, ...spatial, channels] (rank ≥ 3), got ${x.shape}`);
    if (this.kind === 'avg') expectFloat(op, x);
    const n = x.rank - 2;
    const spatialAxes = Array.from({ length: n }, (_, i) => (this.isChannelsFirst ? i + 2 : i + 1));
    const window = perAxis(op, 'window', this.windowList, n);
    const strides = perAxis(op, 'strides', this.strideList ?? window, n);
    const sizes = spatialAxes.map((a) => x.dims[a]!);
    const padding = resolvePadding(
      op,
      this.paddingSpec,
      sizes,
      window,
      strides,
      window.map(() => 1),
    );
    const full = (spatialValues: readonly number[], other: number): number[] =>
      x.dims.map((_, a) => {
        const i = spatialAxes.indexOf(a);
        return i < 0 ? other : spatialValues[i]!;
      });
    const fullPadding = x.dims.map((_, a): [number, number] => {
      const i = spatialAxes.indexOf(a);
      return i < 0 ? [0, 0] : padding[i]!;
    });
    const reduction: WindowReduction = this.kind === 'max' ? 'max' : 'sum';
    const attrs = (shapeRank: number) => ({
      reduction,
      windowDims: full(window, 1),
      strides: full(strides, 1),
      baseDilations: new Array<number>(shapeRank).fill(1),
      windowDilations: new Array<number>(shapeRank).fill(1),
      padding: fullPadding,
    });
    const pooled = raw.reduceWindow(x, attrs(x.rank));
    if (this.kind !== 'avg') return pooled;
    const padded = padding.some(([lo, hi]) => lo !== 0 || hi !== 0);
    if (!padded)
      return div(
        pooled,
        window.reduce((p, q) => p * q, 1),
      );
    // Count the real (non-padding) elements of each window: pool a tensor of ones of the spatial dims.
    const onesDims = x.dims.map((d, a) => (spatialAxes.includes(a) ? d : 1));
    const counts = raw.reduceWindow(ones(x.graph, x.dtype, onesDims), attrs(x.rank));
    return div(pooled, counts);
  }
}

/** Starts a max pooling of `x` (default window 2, stride 2, `'valid'`); configure it and call `done()`. */
export function maxPool(x: Node): PoolBuilder {
  return new PoolBuilder('max', x);
}

/** Starts an average pooling of `x` (padding excluded from the average); call `done()`. */
export function avgPool(x: Node): PoolBuilder {
  return new PoolBuilder('avg', x);
}

/** Starts a sum pooling of `x`; configure it and call `done()`. */
export function sumPool(x: Node): PoolBuilder {
  return new PoolBuilder('sum', x);
}
