import { OpError } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';

/** Largest element count the Int32Array tables below can address (offsets may count 2 words per element). */
const MAX_ELEMENTS = 2 ** 30 - 1;

/** Throws unless `shape` is small enough for the Int32Array offset tables of these kernels. */
export function checkOffsets(op: string, shape: Shape): void {
  if (shape.size > MAX_ELEMENTS) {
    throw new OpError(
      op,
      `${shape} is too large for the gather/scatter kernels of backend simple (2^30 elements)`,
    );
  }
}

/**
 * One entry per index vector of a gather/scatter (the "batch" positions of the index tensor, row-major over
 * its axes other than the index-vector axis): where the vector lives and what it contributes to the other
 * offsets.
 */
export interface IndexTable {
  /** Number of index vectors. */
  readonly count: number;
  /** Offset of each vector's first component in the index tensor. */
  readonly indexBase: Int32Array;
  /** Distance between consecutive components of a vector in the index tensor. */
  readonly componentStride: number;
  /** Offset contribution of each vector's batch coordinates in the gathered result (or scatter updates). */
  readonly resultBase: Int32Array;
  /** Operand offset contribution of each vector's batching axes (0 without batching axes). */
  readonly operandBase: Int32Array;
}

/**
 * Builds the {@link IndexTable} of an index tensor.
 *
 * @param indices - the index tensor's shape.
 * @param indexVectorAxis - its index-vector axis (may equal its rank: vectors of length 1).
 * @param resultStrides - stride in the result of each batch axis (index axes without the vector axis, in order).
 * @param batching - pairs of (index axis, operand stride) for operand batching axes.
 */
export function indexTable(
  op: string,
  indices: Shape,
  indexVectorAxis: number,
  resultStrides: readonly number[],
  batching: ReadonlyArray<{ indexAxis: number; operandStride: number }>,
): IndexTable {
  checkOffsets(op, indices);
  const strides = indices.strides;
  const batchAxes = indices.dims.map((_, i) => i).filter((i) => i !== indexVectorAxis);
  const dims = batchAxes.map((a) => indices.dims[a]!);
  let count = 1;
  for (const d of dims) count *= d;
  const indexBase = new Int32Array(count);
  const resultBase = new Int32Array(count);
  const operandBase = new Int32Array(count);
  // Per batch axis: what one step along it adds to each of the three offsets.
  const stepIndex = batchAxes.map((a) => strides[a]!);
  const stepResult = batchAxes.map((_, k) => resultStrides[k]!);
  const stepOperand = batchAxes.map((a) => {
    let s = 0;
    for (const b of batching) if (b.indexAxis === a) s += b.operandStride;
    return s;
  });
  const coord = new Array<number>(dims.length).fill(0);
  let ii = 0;
  let ri = 0;
  let oi = 0;
  for (let n = 0; n < count; n++) {
    indexBase[n] = ii;
    resultBase[n] = ri;
    operandBase[n] = oi;
    for (let k = dims.length - 1; k >= 0; k--) {
      coord[k]!++;
      ii += stepIndex[k]!;
      ri += stepResult[k]!;
      oi += stepOperand[k]!;
      if (coord[k]! < dims[k]!) break;
      ii -= stepIndex[k]! * dims[k]!;
      ri -= stepResult[k]! * dims[k]!;
      oi -= stepOperand[k]! * dims[k]!;
      coord[k] = 0;
    }
  }
  const componentStride = indexVectorAxis < indices.rank ? strides[indexVectorAxis]! : 0;
  return { count, indexBase, componentStride, resultBase, operandBase };
}

/**
 * The elements of one gather slice / scatter window, as runs of consecutive elements: run `r` starts at
 * `operandOffset[r]` in the operand and `resultOffset[r]` in the result (or updates) and has `runLength`
 * elements in both.
 */
export interface WindowTable {
  /** Number of runs. */
  readonly count: number;
  /** Elements per run (contiguous in operand and result). */
  readonly runLength: number;
  /** Operand offset of each run, relative to the window's start. */
  readonly operandOffset: Int32Array;
  /** Result offset of each run, relative to the window's start. */
  readonly resultOffset: Int32Array;
}

/**
 * Builds the {@link WindowTable} of a window with the given sizes; window axis `k` moves by
 * `operandStrides[k]` in the operand and `resultStrides[k]` in the result (any unit: elements or words).
 * Trailing axes contiguous in both are merged into runs.
 */
export function windowTable(
  op: string,
  operand: Shape,
  sizes: readonly number[],
  operandStrides: readonly number[],
  resultStrides: readonly number[],
): WindowTable {
  checkOffsets(op, operand);
  let runLength = 1;
  let outer = sizes.length;
  while (outer > 0) {
    const k = outer - 1;
    const size = sizes[k]!;
    if (size !== 1 && (operandStrides[k] !== runLength || resultStrides[k] !== runLength)) break;
    runLength *= size;
    outer = k;
  }
  const dims = sizes.slice(0, outer);
  let count = runLength === 0 ? 0 : 1;
  for (const d of dims) count *= d;
  const operandOffset = new Int32Array(count);
  const resultOffset = new Int32Array(count);
  const coord = new Array<number>(dims.length).fill(0);
  let oi = 0;
  let ri = 0;
  for (let n = 0; n < count; n++) {
    operandOffset[n] = oi;
    resultOffset[n] = ri;
    for (let k = dims.length - 1; k >= 0; k--) {
      coord[k]!++;
      oi += operandStrides[k]!;
      ri += resultStrides[k]!;
      if (coord[k]! < dims[k]!) break;
      oi -= operandStrides[k]! * dims[k]!;
      ri -= resultStrides[k]! * dims[k]!;
      coord[k] = 0;
    }
  }
  return { count, runLength, operandOffset, resultOffset };
}

/**
 * Index values as plain numbers: number-typed arrays are returned as they are, 64-bit ones converted once
 * (values beyond 2^53 lose precision but stay out of range, which is all clamping and bounds checks need).
 */
export function indexNumbers(indices: AnyStorageArray): ArrayLike<number> {
  if (indices instanceof BigInt64Array || indices instanceof BigUint64Array) {
    const out = new Float64Array(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = Number(indices[i]!);
    return out;
  }
  return indices;
}

/** Throws unless each operand batching axis has the size of its index batching axis. */
export function checkBatchingSizes(
  op: string,
  operand: Shape,
  indices: Shape,
  operandAxes: readonly number[],
  indexAxes: readonly number[],
): void {
  operandAxes.forEach((a, j) => {
    const b = indexAxes[j]!;
    if (operand.dims[a] !== indices.dims[b]) {
      throw new OpError(
        op,
        `operand batching axis ${a} of ${operand} and index batching axis ${b} of ${indices} differ in size`,
      );
    }
  });
}
