import { isFloat } from '@tsmlx/dtypes';
import {
  add,
  axisOf,
  concat,
  constant,
  convert,
  cos,
  iota,
  mul,
  type Node,
  reshape,
  sin,
  sliceAxis,
  sub,
} from '@tsmlx/graph';
import { nnError } from './errors.js';

/** Options of {@link rotaryEmbedding}. */
export interface RotaryEmbeddingOptions {
  /** Base of the rotation frequencies `base^(−2i/d)`. Default 10000. */
  base?: number;
  /** The sequence axis of `x`. Default 1 (`[batch, seq, heads, headDim]`). */
  seqAxis?: number;
  /** Position of the first element of the sequence (e.g. the KV-cache length). Default 0. */
  positionOffset?: number;
  /** Explicit positions: a node of dims `[seq]` (any numeric dtype); overrides `positionOffset`. */
  positions?: Node;
}

/**
 * Rotary position embedding (RoPE, Su et al. 2021) on the last axis of `x` (`headDim`, even), in the
 * "rotate half" layout of GPT-NeoX and Llama: with `x = [x₁, x₂]` split in halves and angles
 * `θ_{p,i} = p · base^(−2i/d)`, the result is `[x₁·cos θ − x₂·sin θ, x₂·cos θ + x₁·sin θ]`.
 *
 * @throws OpError for a non-float input, an odd last dim, or positions of the wrong size.
 */
export function rotaryEmbedding(x: Node, options: RotaryEmbeddingOptions = {}): Node {
  const op = 'rotaryEmbedding';
  if (!isFloat(x.dtype) || x.rank < 2) {
    throw nnError(op, `x must be a float tensor of rank ≥ 2 (..., seq, ..., headDim), got ${x.shape}`);
  }
  const d = x.dims[x.rank - 1]!;
  if (d % 2 !== 0) throw nnError(op, `the last dim (head size) of ${x.shape} must be even, got ${d}`);
  const axis = axisOf(op, x, options.seqAxis ?? 1);
  if (axis === x.rank - 1)
    throw nnError(op, `the sequence axis cannot be the last (head) axis of ${x.shape}`);
  const seq = x.dims[axis]!;
  const half = d / 2;
  const base = options.base ?? 10000;
  const g = x.graph;
  let positions: Node;
  if (options.positions) {
    const p = options.positions;
    if (p.rank !== 1 || p.dims[0] !== seq) {
      throw nnError(
        op,
        `positions ${p.shape} must have dims [${seq}] (the sequence axis ${axis} of ${x.shape})`,
      );
    }
    positions = convert(p, x.dtype);
  } else {
    positions = add(iota(g, x.dtype, [seq]), options.positionOffset ?? 0);
  }
  const inverse = Array.from({ length: half }, (_, i) => base ** ((-2 * i) / d));
  const freqs = constant(g, inverse, { dtype: x.dtype, shape: [half] });
  const angles = mul(reshape(positions, [seq, 1]), reshape(freqs, [1, half])); // [seq, half]
  const shaped = (t: Node): Node =>
    reshape(
      t,
      x.dims.map((_, i) => (i === axis ? seq : i === x.rank - 1 ? half : 1)),
    );
  const c = shaped(cos(angles));
  const s = shaped(sin(angles));
  const x1 = sliceAxis(x, -1, 0, half);
  const x2 = sliceAxis(x, -1, half);
  return concat([sub(mul(x1, c), mul(x2, s)), add(mul(x2, c), mul(x1, s))], -1);
}
