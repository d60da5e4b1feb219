import type { ScatterAttrs } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import type { KernelRun } from '../registry.js';
import { type Combiner, combinerFor } from './combine.js';
import { checkBatchingSizes, checkOffsets, indexNumbers, indexTable, windowTable } from './tables.js';

/**
 * Prepares an XLA scatter with a combiner: the result is a copy of `x`; each update window (the update axes in
 * `updateWindowAxes`, placed on the operand axes that are neither inserted nor batching) is combined into the
 * result at the index vector of its scatter position. Windows that would reach (even partly) outside the
 * operand are skipped entirely, as XLA does. Windows are applied in row-major order of the index vectors.
 */
export function scatterKernel(
  op: string,
  x: Shape,
  indices: Shape,
  updates: Shape,
  attrs: ScatterAttrs,
  combiner: Combiner,
): KernelRun {
  checkOffsets(op, x);
  checkOffsets(op, updates);
  checkBatchingSizes(op, x, indices, attrs.inputBatchingAxes, attrs.scatterIndicesBatchingAxes);
  const xStrides = x.strides;
  const updStrides = updates.strides;
  const windowAxes = x.dims
    .map((_, i) => i)
    .filter((i) => !attrs.insertedWindowAxes.includes(i) && !attrs.inputBatchingAxes.includes(i));
  const windowSizes = attrs.updateWindowAxes.map((a) => updates.dims[a]!);
  // Extent of a window along every operand axis: 1 on inserted and batching axes.
  const extent = x.dims.map(() => 1);
  windowAxes.forEach((a, k) => {
    extent[a] = windowSizes[k]!;
  });
  const window = windowTable(
    op,
    x,
    windowSizes,
    windowAxes.map((a) => xStrides[a]!),
    attrs.updateWindowAxes.map((a) => updStrides[a]!),
  );
  const scatterAxes = updates.dims.map((_, i) => i).filter((i) => !attrs.updateWindowAxes.includes(i));
  const table = indexTable(
    op,
    indices,
    attrs.indexVectorAxis,
    scatterAxes.map((a) => updStrides[a]!),
    attrs.inputBatchingAxes.map((a, j) => ({
      indexAxis: attrs.scatterIndicesBatchingAxes[j]!,
      operandStride: xStrides[a]!,
    })),
  );
  const components = attrs.scatterAxesToOperandAxes.length;
  const componentStride = table.componentStride;
  const upper = Float64Array.from(attrs.scatterAxesToOperandAxes, (a) => x.dims[a]! - extent[a]!);
  const componentOperandStride = Int32Array.from(attrs.scatterAxesToOperandAxes, (a) => xStrides[a]!);
  const combine = combinerFor(x.dtype, combiner);
  const { operandOffset, resultOffset, runLength } = window;
  const runs = window.count;
  const { indexBase, resultBase, operandBase } = table;
  const vectors = updates.size === 0 ? 0 : table.count;

  return (inputs) => {
    const result = inputs[0]!.slice() as AnyStorageArray;
    const idx = indexNumbers(inputs[1]!);
    const upd = inputs[2]!;
    for (let v = 0; v < vectors; v++) {
      let base = operandBase[v]!;
      const ib = indexBase[v]!;
      let inside = true;
      for (let k = 0; k < components; k++) {
        const start = idx[ib + k * componentStride]!;
        if (start < 0 || start > upper[k]!) {
          inside = false;
          break;
        }
        base += start * componentOperandStride[k]!;
      }
      if (!inside) continue;
      const ub = resultBase[v]!;
      for (let r = 0; r < runs; r++)
        combine(result, upd, base + operandOffset[r]!, ub + resultOffset[r]!, runLength);
    }
    return [result];
  };
}
