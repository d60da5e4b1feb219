import {
  avgPool,
  expectFloat,
  maxPool,
  mean,
  type Node,
  type Padding,
  type PoolBuilder,
  reduceMax,
  reduceSum,
  sumPool,
} from '@tsmlx/graph';
import { nnError } from './errors.js';

/** Options of the pooling layers. */
export interface PoolingOptions {
  /** Window size: one for all spatial axes or one per axis. Default 2. */
  window?: number | readonly number[];
  /** Strides. Default: the window size. */
  strides?: number | readonly number[];
  /** `'valid'` (default), `'same'`, or `[low, high]` pairs per spatial axis. */
  padding?: Padding;
  /** Layout `[N, C, ...spatial]` instead of the default `[N, ...spatial, C]`. */
  channelsFirst?: boolean;
}

function configured(builder: PoolBuilder, options: PoolingOptions): Node {
  if (options.window !== undefined) builder.window(options.window);
  if (options.strides !== undefined) builder.strides(options.strides);
  if (options.padding !== undefined) builder.padding(options.padding);
  return builder.channelsFirst(options.channelsFirst ?? false).done();
}

/** Max pooling over the spatial axes of `[N, ...spatial, C]` (1 to 3 spatial axes or more). */
export function maxPooling(x: Node, options: PoolingOptions = {}): Node {
  return configured(maxPool(x), options);
}

/** Average pooling over the spatial axes; padding is excluded from each window's average. */
export function avgPooling(x: Node, options: PoolingOptions = {}): Node {
  return configured(avgPool(x), options);
}

/** Sum pooling over the spatial axes. */
export function sumPooling(x: Node, options: PoolingOptions = {}): Node {
  return configured(sumPool(x), options);
}

/** Options of the global pooling layers. */
export interface GlobalPoolingOptions {
  /** Layout `[N, C, ...spatial]` instead of the default `[N, ...spatial, C]`. */
  channelsFirst?: boolean;
  /** Keep the spatial axes as size 1 (`[N, 1, ..., C]`). Default false: the result is `[N, C]`. */
  keepDims?: boolean;
}

type Reducer = (x: Node, axes: number[], keepDims: boolean) => Node;

function globalPool(op: string, reducer: Reducer, x: Node, options: GlobalPoolingOptions): Node {
  if (x.rank < 3) throw nnError(op, `x must be [batch, ...spatial, channels] (rank ≥ 3), got ${x.shape}`);
  const n = x.rank - 2;
  const axes = Array.from({ length: n }, (_, i) => (options.channelsFirst ? i + 2 : i + 1));
  return reducer(x, axes, options.keepDims ?? false);
}

/** Maximum over all spatial axes: `[N, ...spatial, C] → [N, C]`. */
export function globalMaxPooling(x: Node, options: GlobalPoolingOptions = {}): Node {
  return globalPool('globalMaxPooling', (v, axes, keepDims) => reduceMax(v, axes, { keepDims }), x, options);
}

/** Mean over all spatial axes: `[N, ...spatial, C] → [N, C]` (float inputs). */
export function globalAvgPooling(x: Node, options: GlobalPoolingOptions = {}): Node {
  expectFloat('globalAvgPooling', x);
  return globalPool('globalAvgPooling', (v, axes, keepDims) => mean(v, axes, { keepDims }), x, options);
}

/** Sum over all spatial axes: `[N, ...spatial, C] → [N, C]`. */
export function globalSumPooling(x: Node, options: GlobalPoolingOptions = {}): Node {
  return globalPool('globalSumPooling', (v, axes, keepDims) => reduceSum(v, axes, { keepDims }), x, options);
}
