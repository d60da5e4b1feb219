import { allocateStorage } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import type { KernelRun } from '../registry.js';
import { planStridedCopy, runStridedCopy } from './stridedCopy.js';
import { wordsPerElement, wordView } from './words.js';

/**
 * A kernel whose result is a contiguous array read from its single operand with fixed strides: result element
 * at multi-index `i` is operand element `srcOffset + Σ i[k]·srcStrides[k]`. Transpose, broadcast, reverse and
 * slice are all this with different strides (computed at compile time).
 */
export function stridedReadKernel(out: Shape, srcStrides: readonly number[], srcOffset: number): KernelRun {
  const plan = planStridedCopy(out.dims, srcStrides, out.strides, wordsPerElement(out.dtype));
  return (inputs) => {
    const result = allocateStorage(out.dtype, out.size);
    runStridedCopy(plan, wordView(inputs[0]!), srcOffset, wordView(result), 0);
    return [result];
  };
}
