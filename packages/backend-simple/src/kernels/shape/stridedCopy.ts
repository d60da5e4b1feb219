import type { WordArray } from './words.js';

/**
 * How the innermost part of a {@link StridedCopyPlan} is copied at each position of the outer odometer:
 * `run`: one axis of single words (native `set` when contiguous and long, native `fill` when broadcast);
 * `pairs`: one axis of two-word (8-byte) elements; `tile`: the last two axes form a transpose (source
 * contiguous along the outer one, destination along the inner one) and are copied in cache-sized tiles.
 */
export type StridedCopyMode = 'run' | 'pairs' | 'tile';

/**
 * A compiled strided copy: for every multi-index `i` of `dims`, element `srcOffset + Σ i[k]·srcStrides[k]` of the
 * source goes to element `dstOffset + Σ i[k]·dstStrides[k]` of the destination. Built once at compile time by
 * {@link planStridedCopy} (unit axes dropped, mergeable axes fused, 8-byte elements moved as word pairs) and run
 * many times by {@link runStridedCopy}. Strides may be 0 (broadcast) or negative (reverse).
 */
export interface StridedCopyPlan {
  /** Simplified dims, outermost first; empty when nothing is copied. */
  readonly dims: Int32Array;
  /** Source strides in words, per simplified axis. */
  readonly srcStrides: Int32Array;
  /** Destination strides in words, per simplified axis. */
  readonly dstStrides: Int32Array;
  /** Words per element: element offsets given to {@link runStridedCopy} are multiplied by it. */
  readonly wordsPerElement: number;
  /** Words moved per innermost step: 2 in `pairs` mode and for paired tiles, else 1. */
  readonly unit: number;
  /** How the innermost axis (or two, for `tile`) is copied. */
  readonly mode: StridedCopyMode;
  /** Number of words copied. */
  readonly count: number;
}

/** Inner runs at least this long that are contiguous on both sides use `TypedArray.set` (native memcpy). */
const SET_THRESHOLD = 64;
/** Both transposed axes at least this long: copy in tiles of this size. */
const TILE = 32;

/**
 * Prepares a strided copy of `dims` elements with element strides `srcStrides` / `dstStrides`.
 *
 * @param wordsPerElement - words per element (see `wordsPerElement` of words.ts): 2 for 8-byte dtypes.
 * @example
 * ```ts
 * // transpose a [2, 3] matrix into a contiguous [3, 2] one
 * const plan = planStridedCopy([3, 2], [1, 3], [2, 1]);
 * runStridedCopy(plan, src, 0, dst, 0);
 * ```
 */
export function planStridedCopy(
  dims: readonly number[],
  srcStrides: readonly number[],
  dstStrides: readonly number[],
  wordsPerElement = 1,
): StridedCopyPlan {
  let count = wordsPerElement;
  for (const d of dims) count *= d;
  const axes: Array<[number, number, number]> = [];
  if (count > 0) {
    dims.forEach((d, k) => {
      if (d !== 1) axes.push([d, srcStrides[k]! * wordsPerElement, dstStrides[k]! * wordsPerElement]);
    });
    if (wordsPerElement > 1) axes.push([wordsPerElement, 1, 1]);
    if (axes.length === 0) axes.push([1, 1, 1]);
  }
  // Fuse axis k into axis k+1 when stepping k is the same as running k+1 to its end on both sides.
  const merged: Array<[number, number, number]> = [];
  for (const axis of axes) {
    const outer = merged[merged.length - 1];
    if (outer && outer[1] === axis[1] * axis[0] && outer[2] === axis[2] * axis[0]) {
      merged[merged.length - 1] = [outer[0] * axis[0], axis[1], axis[2]];
    } else {
      merged.push(axis);
    }
  }
  let unit = 1;
  let mode: StridedCopyMode = 'run';
  const last = merged[merged.length - 1];
  if (wordsPerElement === 2 && merged.length > 1 && last && last[0] === 2 && last[1] === 1 && last[2] === 1) {
    merged.pop(); // an unfused word pair: move whole pairs along the next axis instead
    unit = 2;
    mode = 'pairs';
  }
  const n = merged.length;
  if (n >= 2) {
    const [outer, inner] = [merged[n - 2]!, merged[n - 1]!];
    if (outer[1] === unit && inner[2] === unit && outer[0] >= TILE && inner[0] >= TILE) mode = 'tile';
  }
  return {
    dims: Int32Array.from(merged, (a) => a[0]),
    srcStrides: Int32Array.from(merged, (a) => a[1]),
    dstStrides: Int32Array.from(merged, (a) => a[2]),
    wordsPerElement,
    unit,
    mode,
    count,
  };
}

/**
 * Runs a {@link StridedCopyPlan}: an odometer over the outer axes and, at each of its positions, a tight loop
 * (or a native `set`/`fill`, or a tiled transpose) over the innermost axes. `srcOffset` and `dstOffset` are in
 * elements.
 */
export function runStridedCopy(
  plan: StridedCopyPlan,
  src: WordArray,
  srcOffset: number,
  dst: WordArray,
  dstOffset: number,
): void {
  const { dims, srcStrides, dstStrides } = plan;
  const blockRank = plan.mode === 'tile' ? 2 : 1;
  const outerRank = dims.length - blockRank;
  if (outerRank < 0) return;
  let s = srcOffset * plan.wordsPerElement;
  let d = dstOffset * plan.wordsPerElement;
  const counters = new Int32Array(outerRank);
  for (;;) {
    copyBlock(plan, src, s, dst, d);
    // Odometer step over the outer axes, innermost first.
    let k = outerRank - 1;
    for (; k >= 0; k--) {
      const c = counters[k]! + 1;
      if (c < dims[k]!) {
        counters[k] = c;
        s += srcStrides[k]!;
        d += dstStrides[k]!;
        break;
      }
      counters[k] = 0;
      s -= (c - 1) * srcStrides[k]!;
      d -= (c - 1) * dstStrides[k]!;
    }
    if (k < 0) return;
  }
}

function copyBlock(plan: StridedCopyPlan, src: WordArray, s: number, dst: WordArray, d: number): void {
  const { dims, srcStrides, dstStrides } = plan;
  const inner = dims.length - 1;
  const n = dims[inner]!;
  const ss = srcStrides[inner]!;
  const ds = dstStrides[inner]!;
  if (plan.mode === 'tile') {
    copyTiles(
      src,
      s,
      srcStrides[inner - 1]!,
      ss,
      dst,
      d,
      dstStrides[inner - 1]!,
      ds,
      dims[inner - 1]!,
      n,
      plan.unit,
    );
  } else if (plan.mode === 'pairs') {
    for (let i = 0; i < n; i++, s += ss, d += ds) {
      dst[d] = src[s]!;
      dst[d + 1] = src[s + 1]!;
    }
  } else if (ss === 1 && ds === 1 && n >= SET_THRESHOLD) {
    dst.set(src.subarray(s, s + n), d);
  } else if (ss === 0 && ds === 1 && n >= SET_THRESHOLD) {
    dst.fill(src[s]!, d, d + n);
  } else {
    for (let i = 0; i < n; i++, s += ss, d += ds) dst[d] = src[s]!;
  }
}

/** A transpose of `rows × cols` (`unit` words each) copied tile by tile so both sides stay in cache. */
function copyTiles(
  src: WordArray,
  s: number,
  srs: number,
  scs: number,
  dst: WordArray,
  d: number,
  drs: number,
  dcs: number,
  rows: number,
  cols: number,
  unit: number,
): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(cols, c0 + TILE);
      for (let r = r0; r < r1; r++) {
        let si = s + r * srs + c0 * scs;
        let di = d + r * drs + c0 * dcs;
        if (unit === 1) {
          for (let c = c0; c < c1; c++, si += scs, di += dcs) dst[di] = src[si]!;
        } else {
          for (let c = c0; c < c1; c++, si += scs, di += dcs) {
            dst[di] = src[si]!;
            dst[di + 1] = src[si + 1]!;
          }
        }
      }
    }
  }
}
