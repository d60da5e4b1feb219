import { isInteger } from '@tsmlx/dtypes';
import { sameDims, sizeOf } from '@tsmlx/shapes';
import { opError } from '../errors.js';
import * as raw from '../gen_ops.js';
import { graphOf } from '../graph.js';
import type { Node } from '../node.js';
import { axesOf, axisOf } from './axes.js';

/**
 * Same elements in row-major order with new dims; one dim may be -1 (inferred).
 *
 * @example
 * ```ts
 * reshape(x, [-1, 4]); // (float32)[6, 4] for a 24-element x
 * ```
 */
export function reshape(x: Node, dims: readonly number[]): Node {
  const inferred = dims.filter((d) => d === -1).length;
  if (inferred > 1) throw opError('reshape', `at most one dim may be -1, got [${dims.join(', ')}]`);
  let out = [...dims];
  if (inferred === 1) {
    const known = sizeOf(dims.filter((d) => d !== -1));
    if (known === 0 || x.shape.size % known !== 0) {
      throw opError(
        'reshape',
        `cannot reshape ${x.shape} (${x.shape.size} elements) to [${dims.join(', ')}]: the -1 dim is not a whole number`,
      );
    }
    out = dims.map((d) => (d === -1 ? x.shape.size / known : d));
  }
  if (sameDims(out, x.dims)) return x;
  return raw.reshape(x, { dims: out });
}

/**
 * Permutes axes: result axis `i` is axis `permutation[i]` of `x` (negative axes allowed). Without a
 * permutation, reverses the axes (a matrix transpose for rank 2).
 */
export function transpose(x: Node, permutation?: readonly number[]): Node {
  const perm = permutation
    ? permutation.map((a) => axisOf('transpose', x, a))
    : x.dims.map((_, i) => x.rank - 1 - i);
  if (perm.every((a, i) => a === i) && perm.length === x.rank) return x;
  return raw.transpose(x, { permutation: perm });
}

/**
 * Broadcasts `x` to `dims`, numpy style: `x`'s dims align with the trailing dims, each equal or 1;
 * missing leading dims are added.
 *
 * @example
 * ```ts
 * broadcastTo(bias, [batch, 10]); // bias (float32)[10] → (float32)[batch, 10]
 * ```
 */
export function broadcastTo(x: Node, dims: readonly number[]): Node {
  const offset = dims.length - x.rank;
  const bad = offset < 0 || x.dims.some((d, i) => d !== 1 && d !== dims[offset + i]);
  if (bad) {
    throw opError(
      'broadcastTo',
      `cannot broadcast ${x.shape} to [${dims.join(', ')}]: trailing dims must be equal or 1 and the rank cannot shrink`,
    );
  }
  if (sameDims(x.dims, dims)) return x;
  return raw.broadcastInDim(x, { dims: [...dims], axesMapping: x.dims.map((_, i) => offset + i) });
}

/** Removes axes of size 1: the given ones (negative allowed), or all of them. */
export function squeeze(x: Node, axes?: number | readonly number[]): Node {
  const remove =
    axes === undefined ? x.dims.flatMap((d, i) => (d === 1 ? [i] : [])) : axesOf('squeeze', x, axes);
  for (const a of remove) {
    if (x.dims[a] !== 1) throw opError('squeeze', `axis ${a} of ${x.shape} has size ${x.dims[a]}, not 1`);
  }
  return reshape(
    x,
    x.dims.filter((_, i) => !remove.includes(i)),
  );
}

/**
 * Inserts axes of size 1 at the given positions of the result (negative counts from the end of the
 * result, so -1 appends).
 */
export function expandDims(x: Node, axes: number | readonly number[]): Node {
  const list = typeof axes === 'number' ? [axes] : [...axes];
  const rank = x.rank + list.length;
  const positions = new Set<number>();
  for (const a of list) {
    const p = axisOf('expandDims', x, a, rank);
    if (positions.has(p)) throw opError('expandDims', `axes [${list.join(', ')}] repeat position ${p}`);
    positions.add(p);
  }
  const dims: number[] = [];
  let next = 0;
  for (let i = 0; i < rank; i++) dims.push(positions.has(i) ? 1 : x.dims[next++]!);
  return raw.reshape(x, { dims });
}

/** Joins nodes along `axis` (negative allowed); other dims and dtypes must match. */
export function concat(nodes: readonly Node[], axis = 0): Node {
  graphOf('concat', nodes);
  if (nodes.length === 1) return nodes[0]!;
  return raw.concatenate(nodes, { axis: axisOf('concat', nodes[0]!, axis) });
}

/** Stacks nodes of equal shapes along a new axis (negative counts from the end of the result). */
export function stack(nodes: readonly Node[], axis = 0): Node {
  graphOf('stack', nodes);
  const first = nodes[0]!;
  for (const n of nodes) {
    if (!n.shape.equals(first.shape)) {
      throw opError(
        'stack',
        `operands must have equal shapes, got ${nodes.map((m) => m.shape.toString()).join(', ')}`,
      );
    }
  }
  const a = axisOf('stack', first, axis, first.rank + 1);
  return concat(
    nodes.map((n) => expandDims(n, a)),
    a,
  );
}

/**
 * Splits `x` along `axis`: into `sections` equal parts (a number that divides the axis), or into parts
 * of the given sizes (summing to the axis size).
 */
export function split(x: Node, sections: number | readonly number[], axis = 0): Node[] {
  const a = axisOf('split', x, axis);
  const size = x.dims[a]!;
  let sizes: number[];
  if (typeof sections === 'number') {
    if (!Number.isInteger(sections) || sections < 1 || size % sections !== 0) {
      throw opError(
        'split',
        `axis ${a} of ${x.shape} (size ${size}) cannot split into ${sections} equal parts`,
      );
    }
    sizes = new Array<number>(sections).fill(size / sections);
  } else {
    sizes = [...sections];
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || sizes.reduce((p, q) => p + q, 0) !== size) {
      throw opError(
        'split',
        `sizes [${sizes.join(', ')}] must be non-negative and sum to ${size} (axis ${a} of ${x.shape})`,
      );
    }
  }
  const parts: Node[] = [];
  let start = 0;
  for (const s of sizes) {
    parts.push(sliceAxis(x, a, start, start + s));
    start += s;
  }
  return parts;
}

/**
 * Slices along one axis with Python semantics: `start` and `end` may be negative (counted from the
 * end) and are clamped into range; `end` defaults to the axis size.
 *
 * @example
 * ```ts
 * sliceAxis(x, -1, 1);      // x[..., 1:]
 * sliceAxis(x, 0, -2, undefined, 2); // x[-2::2]
 * ```
 */
export function sliceAxis(x: Node, axis: number, start: number, end?: number, stride = 1): Node {
  const a = axisOf('sliceAxis', x, axis);
  const size = x.dims[a]!;
  if (!Number.isInteger(stride) || stride < 1)
    throw opError('sliceAxis', `stride must be a positive integer, got ${stride}`);
  const clampIndex = (i: number): number => Math.min(size, Math.max(0, i < 0 ? i + size : i));
  if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
    throw opError('sliceAxis', `start and end must be integers, got ${start} and ${end}`);
  }
  const s = clampIndex(start);
  const e = Math.max(s, end === undefined ? size : clampIndex(end));
  if (s === 0 && e === size && stride === 1) return x;
  return raw.slice(x, {
    start: x.dims.map((_, i) => (i === a ? s : 0)),
    limit: x.dims.map((d, i) => (i === a ? e : d)),
    strides: x.dims.map((_, i) => (i === a ? stride : 1)),
  });
}

/** Reverses the order of elements along the given axes (negative allowed). */
export function reverse(x: Node, axes: number | readonly number[]): Node {
  return raw.reverse(x, { axes: axesOf('reverse', x, axes) });
}

/**
 * Gathers rows (slices along axis 0) of `x` at integer `indices` of any shape: the result has dims
 * `[...indices.dims, ...x.dims.slice(1)]`. Out-of-range indices are clamped (XLA semantics).
 *
 * @example
 * ```ts
 * gatherRows(embeddings, tokenIds); // (float32)[vocab, d] at (int32)[b, t] → (float32)[b, t, d]
 * ```
 */
export function gatherRows(x: Node, indices: Node): Node {
  graphOf('gatherRows', [x, indices]);
  if (x.rank === 0) throw opError('gatherRows', `x must have rank ≥ 1, got ${x.shape}`);
  if (!isInteger(indices.dtype))
    throw opError('gatherRows', `indices ${indices.shape} must have an integer dtype`);
  const batch = indices.rank;
  return raw.gather(x, indices, {
    indexVectorAxis: batch,
    offsetAxes: x.dims.slice(1).map((_, i) => batch + i),
    collapsedSliceAxes: [0],
    startIndexMap: [0],
    sliceSizes: x.dims.map((d, i) => (i === 0 ? 1 : d)),
    operandBatchingAxes: [],
    startIndicesBatchingAxes: [],
    indicesAreSorted: false,
  });
}
