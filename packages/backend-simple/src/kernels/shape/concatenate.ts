import { allocateStorage } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import type { KernelRun } from '../registry.js';
import { planStridedCopy, runStridedCopy, type StridedCopyPlan } from './stridedCopy.js';
import { wordsPerElement, wordView } from './words.js';

/**
 * `concatenate`: each operand is copied into its band of the result along `axis` (a single native copy per
 * operand when `axis` is 0; zero-size operands copy nothing).
 */
export function concatenateKernel(inputs: readonly Shape[], out: Shape, axis: number): KernelRun {
  const outStrides = out.strides;
  const wpe = wordsPerElement(out.dtype);
  const parts: Array<{ plan: StridedCopyPlan; offset: number; index: number }> = [];
  let position = 0;
  inputs.forEach((shape, index) => {
    if (shape.size > 0) {
      parts.push({
        plan: planStridedCopy(shape.dims, shape.strides, outStrides, wpe),
        offset: position * outStrides[axis]!,
        index,
      });
    }
    position += shape.dims[axis]!;
  });
  return (operands) => {
    const result = allocateStorage(out.dtype, out.size);
    const dst = wordView(result);
    for (const part of parts) runStridedCopy(part.plan, wordView(operands[part.index]!), 0, dst, part.offset);
    return [result];
  };
}
