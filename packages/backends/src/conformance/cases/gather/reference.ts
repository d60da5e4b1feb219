import type { GatherAttrs, ScatterAttrs } from '../../../optable/attrs.js';
import type { Scalar } from '../shape/tensors.js';

/**
 * Reference gather and scatter written straight from XLA's operation semantics, one output (or update)
 * element at a time through multi-indices: slow and obvious, independent of any kernel.
 */

function stridesOf(dims: readonly number[]): number[] {
  const strides = dims.map(() => 1);
  for (let i = dims.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * dims[i + 1]!;
  return strides;
}

function multiIndex(flat: number, dims: readonly number[]): number[] {
  const index = dims.map(() => 0);
  for (let i = dims.length - 1; i >= 0; i--) {
    index[i] = flat % dims[i]!;
    flat = Math.floor(flat / dims[i]!);
  }
  return index;
}

function flatIndex(index: readonly number[], dims: readonly number[]): number {
  const strides = stridesOf(dims);
  return index.reduce((sum, v, i) => sum + v * strides[i]!, 0);
}

/** The index vector of `indices` at batch position `batch` (the index dims without the vector axis). */
function indexVector(
  indices: readonly Scalar[],
  indexDims: readonly number[],
  vectorAxis: number,
  batch: readonly number[],
  length: number,
): number[] {
  const out: number[] = [];
  for (let k = 0; k < length; k++) {
    const full = [...batch];
    if (vectorAxis < indexDims.length) full.splice(vectorAxis, 0, k);
    out.push(Number(indices[flatIndex(full, indexDims)]!));
  }
  return out;
}

/** XLA gather: returns the result dims and values (row-major). */
export function refGather(
  x: readonly Scalar[],
  xDims: readonly number[],
  indices: readonly Scalar[],
  indexDims: readonly number[],
  a: GatherAttrs,
): { dims: number[]; values: Scalar[] } {
  const batchDims = indexDims.filter((_, i) => i !== a.indexVectorAxis);
  const windowAxes = xDims
    .map((_, i) => i)
    .filter((i) => !a.collapsedSliceAxes.includes(i) && !a.operandBatchingAxes.includes(i));
  const rank = batchDims.length + windowAxes.length;
  const offsetAxes = [...a.offsetAxes].sort((p, q) => p - q);
  const batchAxes = Array.from({ length: rank }, (_, i) => i).filter((i) => !offsetAxes.includes(i));
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) {
    const o = offsetAxes.indexOf(i);
    dims.push(o >= 0 ? a.sliceSizes[windowAxes[o]!]! : batchDims[batchAxes.indexOf(i)]!);
  }
  const size = dims.reduce((p, d) => p * d, 1);
  const values: Scalar[] = [];
  for (let flat = 0; flat < size; flat++) {
    const out = multiIndex(flat, dims);
    const batch = batchAxes.map((ax) => out[ax]!);
    const vector = indexVector(indices, indexDims, a.indexVectorAxis, batch, a.startIndexMap.length);
    const start = xDims.map(() => 0);
    a.startIndexMap.forEach((axis, k) => {
      start[axis] = Math.min(Math.max(vector[k]!, 0), xDims[axis]! - a.sliceSizes[axis]!);
    });
    a.operandBatchingAxes.forEach((axis, j) => {
      const indexAxis = a.startIndicesBatchingAxes[j]!;
      // Position of that index axis among the batch dims.
      const k = indexDims
        .map((_, i) => i)
        .filter((i) => i !== a.indexVectorAxis)
        .indexOf(indexAxis);
      start[axis] = batch[k]!;
    });
    const full = [...start];
    windowAxes.forEach((axis, k) => {
      full[axis] = full[axis]! + out[offsetAxes[k]!]!;
    });
    values.push(x[flatIndex(full, xDims)]!);
  }
  return { dims, values };
}

/** How the reference scatter combines: add, max or min (NaN propagates through max/min). */
export type RefCombiner = 'add' | 'max' | 'min';

function combine(kind: RefCombiner, p: Scalar, q: Scalar): Scalar {
  if (typeof p === 'bigint' || typeof q === 'bigint') {
    const x = BigInt(p);
    const y = BigInt(q);
    if (kind === 'add') return x + y;
    return kind === 'max' ? (x > y ? x : y) : x < y ? x : y;
  }
  const x = Number(p);
  const y = Number(q);
  if (kind === 'add') return x + y;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  return kind === 'max' ? Math.max(x, y) : Math.min(x, y);
}

/**
 * XLA scatter with a combiner, in row-major order of the update elements; an update whose whole window does
 * not fit inside the operand is skipped. Sums are exact (float64 or bigint): the caller wraps or rounds.
 */
export function refScatter(
  x: readonly Scalar[],
  xDims: readonly number[],
  indices: readonly Scalar[],
  indexDims: readonly number[],
  updates: readonly Scalar[],
  updateDims: readonly number[],
  a: ScatterAttrs,
  kind: RefCombiner,
): Scalar[] {
  const result = [...x];
  const windowAxes = xDims
    .map((_, i) => i)
    .filter((i) => !a.insertedWindowAxes.includes(i) && !a.inputBatchingAxes.includes(i));
  const scatterAxes = updateDims.map((_, i) => i).filter((i) => !a.updateWindowAxes.includes(i));
  const indexBatchAxes = indexDims.map((_, i) => i).filter((i) => i !== a.indexVectorAxis);
  const extent = xDims.map(() => 1);
  windowAxes.forEach((axis, k) => {
    extent[axis] = updateDims[a.updateWindowAxes[k]!]!;
  });
  for (let flat = 0; flat < updates.length; flat++) {
    const u = multiIndex(flat, updateDims);
    const batch = scatterAxes.map((ax) => u[ax]!);
    const vector = indexVector(
      indices,
      indexDims,
      a.indexVectorAxis,
      batch,
      a.scatterAxesToOperandAxes.length,
    );
    const start = xDims.map(() => 0);
    a.scatterAxesToOperandAxes.forEach((axis, k) => {
      start[axis] = vector[k]!;
    });
    a.inputBatchingAxes.forEach((axis, j) => {
      start[axis] = batch[indexBatchAxes.indexOf(a.scatterIndicesBatchingAxes[j]!)]!;
    });
    if (start.some((s, axis) => s < 0 || s + extent[axis]! > xDims[axis]!)) continue;
    const full = [...start];
    windowAxes.forEach((axis, k) => {
      full[axis] = full[axis]! + u[a.updateWindowAxes[k]!]!;
    });
    const at = flatIndex(full, xDims);
    result[at] = combine(kind, result[at]!, updates[flat]!);
  }
  return result;
}
