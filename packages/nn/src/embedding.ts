import type { Context } from '@tsmlx/context';
import { type DType, isFloat, isInteger } from '@tsmlx/dtypes';
import { gatherRows, type Node } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import { layerError } from './errors.js';

/** Options of {@link embedding}. */
export interface EmbeddingOptions {
  /** Dtype of the embedding table (and the result). Default float32. */
  dtype?: DType;
}

/**
 * Looks up rows of a learned table: the variable `embeddings` `[vocabSize, dim]`; integer `indices` of
 * any shape `[...d]` give `[...d, dim]`. Indices outside `0..vocabSize-1` are clamped (XLA gather
 * semantics); mask them out when they can occur.
 *
 * @throws LayerError naming the scope when the indices are not integers or the sizes are invalid.
 * @example
 * ```ts
 * const tokens = embedding(ctx.in('tokens'), ids, 32000, 512); // (int32)[b, t] → (float32)[b, t, 512]
 * ```
 */
export function embedding(
  ctx: Context,
  indices: Node,
  vocabSize: number,
  dim: number,
  options: EmbeddingOptions = {},
): Node {
  if (!isInteger(indices.dtype)) {
    throw layerError(ctx, 'embedding', `indices ${indices.shape} must have an integer dtype`);
  }
  for (const [what, v] of [
    ['vocabSize', vocabSize],
    ['dim', dim],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw layerError(ctx, 'embedding', `${what} must be a positive integer, got ${String(v)}`);
  }
  const dtype = options.dtype ?? 'float32';
  if (!isFloat(dtype)) throw layerError(ctx, 'embedding', `dtype must be a float dtype, got ${dtype}`);
  const table = ctx.variable('embeddings', new Shape(dtype, [vocabSize, dim])).valueIn(indices.graph);
  return gatherRows(table, indices);
}
