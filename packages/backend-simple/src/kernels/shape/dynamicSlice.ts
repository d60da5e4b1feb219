import { type AnyStorageArray, allocateStorage } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import type { KernelRun } from '../registry.js';
import { planStridedCopy, runStridedCopy } from './stridedCopy.js';
import { wordsPerElement, wordView } from './words.js';

/**
 * Element offset of a window of `sizes` in an array of `dims` (row-major `strides`) whose start indices are the
 * scalar operands `inputs[first..]` (any integer dtype, bigint included), each clamped to `[0, dim - size]`
 * as XLA does.
 */
export function clampedWindowOffset(
  inputs: readonly AnyStorageArray[],
  first: number,
  dims: readonly number[],
  sizes: readonly number[],
  strides: readonly number[],
): number {
  let offset = 0;
  for (let k = 0; k < dims.length; k++) {
    const max = dims[k]! - sizes[k]!;
    const raw = inputs[first + k]![0]!;
    // Compare as bigint first so huge int64/uint64 starts clamp exactly.
    let start: number;
    if (typeof raw === 'bigint') start = raw <= 0n ? 0 : raw >= BigInt(max) ? max : Number(raw);
    else start = Math.min(Math.max(raw, 0), max);
    offset += start * strides[k]!;
  }
  return offset;
}

/** `dynamicSlice`: a strided read whose start offset is computed (and clamped) at run time. */
export function dynamicSliceKernel(x: Shape, out: Shape): KernelRun {
  const strides = x.strides;
  const plan = planStridedCopy(out.dims, strides, out.strides, wordsPerElement(out.dtype));
  const dims = x.dims;
  const sizes = out.dims;
  return (inputs) => {
    const result = allocateStorage(out.dtype, out.size);
    const offset = clampedWindowOffset(inputs, 1, dims, sizes, strides);
    runStridedCopy(plan, wordView(inputs[0]!), offset, wordView(result), 0);
    return [result];
  };
}

/** `dynamicUpdateSlice`: a copy of x with the update written at the clamped start. */
export function dynamicUpdateSliceKernel(x: Shape, update: Shape): KernelRun {
  const strides = x.strides;
  const plan = planStridedCopy(update.dims, update.strides, strides, wordsPerElement(x.dtype));
  const dims = x.dims;
  const sizes = update.dims;
  return (inputs) => {
    const result = inputs[0]!.slice() as AnyStorageArray;
    const offset = clampedWindowOffset(inputs, 2, dims, sizes, strides);
    runStridedCopy(plan, wordView(inputs[1]!), 0, wordView(result), offset);
    return [result];
  };
}
