import { opError } from '../errors.js';

/**
 * Padding of a convolution or pooling window: `'valid'` (none), `'same'` (output size `ceil(in/stride)`,
 * extra padding at the end as TensorFlow does), or explicit `[low, high]` pairs per spatial axis.
 */
export type Padding = 'valid' | 'same' | ReadonlyArray<readonly [number, number]>;

/** Expands a number or list to one value per spatial axis. */
export function perAxis(
  op: string,
  what: string,
  value: number | readonly number[],
  count: number,
  min = 1,
): number[] {
  const list = typeof value === 'number' ? new Array<number>(count).fill(value) : [...value];
  if (list.length !== count || list.some((v) => !Number.isInteger(v) || v < min)) {
    throw opError(
      op,
      `${what} must be an integer ≥ ${min} or a list of ${count} of them, got ${JSON.stringify(value)}`,
    );
  }
  return list;
}

/**
 * Resolves a {@link Padding} to `[low, high]` pairs for the given spatial sizes, windows, strides and
 * window dilations.
 */
export function resolvePadding(
  op: string,
  padding: Padding,
  sizes: readonly number[],
  windows: readonly number[],
  strides: readonly number[],
  dilations: readonly number[],
): Array<[number, number]> {
  if (padding === 'valid') return sizes.map(() => [0, 0]);
  if (padding === 'same') {
    return sizes.map((size, i) => {
      const stride = strides[i]!;
      const effective = (windows[i]! - 1) * dilations[i]! + 1;
      const out = Math.ceil(size / stride);
      const total = Math.max((out - 1) * stride + effective - size, 0);
      const low = Math.floor(total / 2);
      return [low, total - low];
    });
  }
  if (
    !Array.isArray(padding) ||
    padding.length !== sizes.length ||
    padding.some((p) => !Array.isArray(p) || p.length !== 2 || !p.every(Number.isInteger))
  ) {
    throw opError(
      op,
      `padding must be 'valid', 'same' or ${sizes.length} [low, high] integer pairs (one per spatial axis), got ${JSON.stringify(padding)}`,
    );
  }
  return padding.map((p) => [p[0], p[1]]);
}
