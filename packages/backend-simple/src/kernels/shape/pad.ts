import type { PadAttrs } from '@tsmlx/backends';
import { type AnyStorageArray, allocateStorage } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import type { KernelRun } from '../registry.js';
import { planStridedCopy, runStridedCopy } from './stridedCopy.js';
import { wordsPerElement, wordView } from './words.js';

/**
 * `pad`: fills the result with the pad value (only when some result element is padding) and copies the
 * operand elements that land inside the result to positions `low + i·(interior + 1)`, all with strides and
 * offsets computed at compile time. Negative `low`/`high` crop the operand.
 */
export function padKernel(x: Shape, out: Shape, { low, interior }: PadAttrs): KernelRun {
  const xStrides = x.strides;
  const outStrides = out.strides;
  const copyDims: number[] = [];
  const dstStrides: number[] = [];
  let srcOffset = 0;
  let dstOffset = 0;
  for (let k = 0; k < x.rank; k++) {
    const step = interior[k]! + 1;
    const lo = low[k]!;
    // First and last operand index whose result position lo + i·step lies in [0, out.dims[k]).
    const first = lo >= 0 ? 0 : Math.ceil(-lo / step);
    const last = Math.min(x.dims[k]! - 1, Math.floor((out.dims[k]! - 1 - lo) / step));
    const count = Math.max(0, last - first + 1);
    copyDims.push(count);
    dstStrides.push(step * outStrides[k]!);
    if (count > 0) {
      srcOffset += first * xStrides[k]!;
      dstOffset += (lo + first * step) * outStrides[k]!;
    }
  }
  const plan = planStridedCopy(copyDims, xStrides, dstStrides, wordsPerElement(x.dtype));
  const copied = plan.count / plan.wordsPerElement;
  const needsFill = copied < out.size;
  return (inputs) => {
    const result = allocateStorage(out.dtype, out.size);
    if (needsFill) fillWith(result, inputs[1]!);
    if (copied > 0) runStridedCopy(plan, wordView(inputs[0]!), srcOffset, wordView(result), dstOffset);
    return [result];
  };
}

/** Fills every element of `array` with the single element of `scalar` (same storage type). */
export function fillWith(array: AnyStorageArray, scalar: AnyStorageArray): void {
  const dst = wordView(array);
  const src = wordView(scalar);
  if (src.length === 1) {
    dst.fill(src[0]!);
    return;
  }
  // Multi-word element (8 bytes): write the first element, then double the filled prefix.
  const width = src.length;
  if (dst.length === 0) return;
  dst.set(src, 0);
  for (let filled = width; filled < dst.length; filled *= 2) {
    dst.copyWithin(filled, 0, Math.min(filled, dst.length - filled));
  }
}
