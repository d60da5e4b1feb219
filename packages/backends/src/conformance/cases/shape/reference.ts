/**
 * Obviously-correct reference implementations of the layout ops over plain JS arrays, written from the op
 * definitions one output multi-index at a time (no strides, no fast paths), to compute expected values of the
 * shape conformance cases independently of any backend.
 */
import { type Scalar, sizeOfDims } from './tensors.js';

/** The multi-index of row-major position `flat` in `dims`. */
export function unravel(flat: number, dims: readonly number[]): number[] {
  const index = new Array<number>(dims.length).fill(0);
  let rest = flat;
  for (let k = dims.length - 1; k >= 0; k--) {
    index[k] = rest % dims[k]!;
    rest = Math.floor(rest / dims[k]!);
  }
  return index;
}

/** The row-major position of `index` in `dims`. */
export function ravel(index: readonly number[], dims: readonly number[]): number {
  let flat = 0;
  for (let k = 0; k < dims.length; k++) flat = flat * dims[k]! + index[k]!;
  return flat;
}

/** Builds an array of `dims` whose element at each multi-index is `at(index)`. */
export function tabulate<T>(dims: readonly number[], at: (index: number[]) => T): T[] {
  return Array.from({ length: sizeOfDims(dims) }, (_, flat) => at(unravel(flat, dims)));
}

/** Element of `values` (of `dims`) at `index`. */
export function pick<T>(values: readonly T[], dims: readonly number[], index: readonly number[]): T {
  return values[ravel(index, dims)]!;
}

/** iota: the index along `axis`. */
export function refIota(dims: readonly number[], axis: number): number[] {
  return tabulate(dims, (i) => i[axis]!);
}

/** transpose: result[i] = x[j] with j[perm[k]] = i[k]. */
export function refTranspose<T>(x: readonly T[], dims: readonly number[], perm: readonly number[]): T[] {
  const outDims = perm.map((a) => dims[a]!);
  return tabulate(outDims, (i) => {
    const j = new Array<number>(dims.length);
    perm.forEach((a, k) => {
      j[a] = i[k]!;
    });
    return pick(x, dims, j);
  });
}

/** broadcastInDim: operand axis k reads result axis mapping[k] (or 0 when its size is 1). */
export function refBroadcast<T>(
  x: readonly T[],
  dims: readonly number[],
  outDims: readonly number[],
  mapping: readonly number[],
): T[] {
  return tabulate(outDims, (i) =>
    pick(
      x,
      dims,
      mapping.map((a, k) => (dims[k] === 1 ? 0 : i[a]!)),
    ),
  );
}

/** reverse: index d-1-i on the reversed axes. */
export function refReverse<T>(x: readonly T[], dims: readonly number[], axes: readonly number[]): T[] {
  return tabulate(dims, (i) =>
    pick(
      x,
      dims,
      i.map((v, k) => (axes.includes(k) ? dims[k]! - 1 - v : v)),
    ),
  );
}

/** slice with start/limit/strides. */
export function refSlice<T>(
  x: readonly T[],
  dims: readonly number[],
  start: readonly number[],
  limit: readonly number[],
  strides: readonly number[],
): { dims: number[]; values: T[] } {
  const outDims = dims.map((_, k) => {
    let n = 0;
    for (let v = start[k]!; v < limit[k]!; v += strides[k]!) n++;
    return n;
  });
  return {
    dims: outDims,
    values: tabulate(outDims, (i) =>
      pick(
        x,
        dims,
        i.map((v, k) => start[k]! + v * strides[k]!),
      ),
    ),
  };
}

/** Clamps start indices into [0, dim - size] (XLA dynamic slice semantics). */
export function clampStarts(
  starts: readonly Scalar[],
  dims: readonly number[],
  sizes: readonly number[],
): number[] {
  return starts.map((s, k) => {
    const v = BigInt(s);
    const max = BigInt(dims[k]! - sizes[k]!);
    return Number(v < 0n ? 0n : v > max ? max : v);
  });
}

/** dynamicSlice: slice of `sizes` at the clamped starts. */
export function refDynamicSlice<T>(
  x: readonly T[],
  dims: readonly number[],
  starts: readonly Scalar[],
  sizes: readonly number[],
): T[] {
  const s = clampStarts(starts, dims, sizes);
  return tabulate(sizes, (i) =>
    pick(
      x,
      dims,
      i.map((v, k) => v + s[k]!),
    ),
  );
}

/** dynamicUpdateSlice: x with `update` (of `updateDims`) written at the clamped starts. */
export function refDynamicUpdateSlice<T>(
  x: readonly T[],
  dims: readonly number[],
  update: readonly T[],
  updateDims: readonly number[],
  starts: readonly Scalar[],
): T[] {
  const s = clampStarts(starts, dims, updateDims);
  return tabulate(dims, (i) => {
    const u = i.map((v, k) => v - s[k]!);
    const inside = u.every((v, k) => v >= 0 && v < updateDims[k]!);
    return inside ? pick(update, updateDims, u) : pick(x, dims, i);
  });
}

/** concatenate along `axis`. */
export function refConcatenate<T>(
  parts: ReadonlyArray<{ values: readonly T[]; dims: readonly number[] }>,
  axis: number,
): { dims: number[]; values: T[] } {
  const outDims = [...parts[0]!.dims];
  outDims[axis] = parts.reduce((n, p) => n + p.dims[axis]!, 0);
  const values = tabulate(outDims, (i) => {
    let a = i[axis]!;
    for (const p of parts) {
      if (a < p.dims[axis]!) {
        const j = [...i];
        j[axis] = a;
        return pick(p.values, p.dims, j);
      }
      a -= p.dims[axis]!;
    }
    throw new Error('unreachable');
  });
  return { dims: outDims, values };
}

/** pad: result position o holds x[(o - low) / (interior + 1)] when that is an integer in range, else the pad value. */
export function refPad<T>(
  x: readonly T[],
  dims: readonly number[],
  padValue: T,
  low: readonly number[],
  high: readonly number[],
  interior: readonly number[],
): { dims: number[]; values: T[] } {
  const outDims = dims.map((d, k) => (d === 0 ? 0 : d + (d - 1) * interior[k]!) + low[k]! + high[k]!);
  const values = tabulate(outDims, (o) => {
    const j: number[] = [];
    for (let k = 0; k < dims.length; k++) {
      const p = o[k]! - low[k]!;
      const step = interior[k]! + 1;
      if (p < 0 || p % step !== 0 || p / step >= dims[k]!) return padValue;
      j.push(p / step);
    }
    return pick(x, dims, j);
  });
  return { dims: outDims, values };
}
