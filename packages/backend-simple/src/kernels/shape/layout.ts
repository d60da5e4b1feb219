import type { Shape } from '@tsmlx/shapes';
import type { KernelRun } from '../registry.js';
import { stridedReadKernel } from './gatherCopy.js';

/** `reshape`: the same row-major elements, so the operand array itself (a view; the executable copies aliases). */
export function reshapeKernel(): KernelRun {
  return (inputs) => [inputs[0]!];
}

/** `transpose`: result axis `i` walks operand axis `permutation[i]`. */
export function transposeKernel(x: Shape, out: Shape, permutation: readonly number[]): KernelRun {
  const strides = x.strides;
  return stridedReadKernel(
    out,
    permutation.map((axis) => strides[axis]!),
    0,
  );
}

/** `broadcastInDim`: result axes not mapped from an operand axis of size > 1 get stride 0. */
export function broadcastInDimKernel(x: Shape, out: Shape, axesMapping: readonly number[]): KernelRun {
  const srcStrides = new Array<number>(out.rank).fill(0);
  const strides = x.strides;
  axesMapping.forEach((target, axis) => {
    if (x.dims[axis] !== 1) srcStrides[target] = strides[axis]!;
  });
  return stridedReadKernel(out, srcStrides, 0);
}

/** `reverse`: reversed axes are read from their last element with a negative stride. */
export function reverseKernel(x: Shape, axes: readonly number[]): KernelRun {
  const srcStrides = x.strides;
  let offset = 0;
  for (const axis of axes) {
    if (x.dims[axis]! > 0) offset += (x.dims[axis]! - 1) * srcStrides[axis]!;
    srcStrides[axis] = -srcStrides[axis]!;
  }
  return stridedReadKernel(x, srcStrides, offset);
}

/** `slice`: start offset plus strides scaled by the slice strides. */
export function sliceKernel(
  x: Shape,
  out: Shape,
  start: readonly number[],
  sliceStrides: readonly number[],
): KernelRun {
  const strides = x.strides;
  let offset = 0;
  start.forEach((s, k) => {
    offset += s * strides[k]!;
  });
  return stridedReadKernel(
    out,
    strides.map((stride, k) => stride * sliceStrides[k]!),
    out.size === 0 ? 0 : offset,
  );
}
