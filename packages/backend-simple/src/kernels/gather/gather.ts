import type { GatherAttrs } from '@tsmlx/backends';
import { allocateStorage } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import type { KernelRun } from '../registry.js';
import { wordsPerElement, wordView } from '../shape/words.js';
import { checkBatchingSizes, checkOffsets, indexNumbers, indexTable, windowTable } from './tables.js';

/**
 * Prepares an XLA gather: for every index vector, the slice of `x` of `sliceSizes` starting at the vector
 * (components placed on `startIndexMap` axes, batching axes taken from the vector's position) is copied into
 * the result's offset axes. Starts are clamped to `[0, dim - sliceSize]` per axis, as XLA does. Elements are
 * moved as raw words, so every dtype (and NaN payload) is copied exactly.
 */
export function gatherKernel(x: Shape, indices: Shape, out: Shape, attrs: GatherAttrs): KernelRun {
  const op = 'gather';
  checkOffsets(op, out);
  checkBatchingSizes(op, x, indices, attrs.operandBatchingAxes, attrs.startIndicesBatchingAxes);
  const wpe = wordsPerElement(x.dtype);
  const xStrides = x.strides.map((s) => s * wpe);
  const outStrides = out.strides.map((s) => s * wpe);
  const offsetAxes = [...attrs.offsetAxes].sort((p, q) => p - q);
  const windowAxes = x.dims
    .map((_, i) => i)
    .filter((i) => !attrs.collapsedSliceAxes.includes(i) && !attrs.operandBatchingAxes.includes(i));
  const window = windowTable(
    op,
    x,
    // A last pseudo-axis walks the words of one element.
    [...windowAxes.map((a) => attrs.sliceSizes[a]!), wpe],
    [...windowAxes.map((a) => xStrides[a]!), 1],
    [...offsetAxes.map((a) => outStrides[a]!), 1],
  );
  const batchResultStrides = out.dims.map((_, i) => i).filter((i) => !offsetAxes.includes(i));
  const table = indexTable(
    op,
    indices,
    attrs.indexVectorAxis,
    batchResultStrides.map((a) => outStrides[a]!),
    attrs.operandBatchingAxes.map((a, j) => ({
      indexAxis: attrs.startIndicesBatchingAxes[j]!,
      operandStride: xStrides[a]!,
    })),
  );
  const components = attrs.startIndexMap.length;
  const componentStride = table.componentStride;
  const upper = Float64Array.from(attrs.startIndexMap, (a) => x.dims[a]! - attrs.sliceSizes[a]!);
  const componentOperandStride = Int32Array.from(attrs.startIndexMap, (a) => xStrides[a]!);
  const run = window.runLength;
  const { operandOffset, resultOffset } = window;
  const runs = window.count;
  const { indexBase, resultBase, operandBase } = table;
  const vectors = out.size === 0 ? 0 : table.count;

  return (inputs) => {
    const result = allocateStorage(out.dtype, out.size);
    const src = wordView(inputs[0]!);
    const dst = wordView(result);
    const idx = indexNumbers(inputs[1]!);
    for (let v = 0; v < vectors; v++) {
      let base = operandBase[v]!;
      const ib = indexBase[v]!;
      for (let k = 0; k < components; k++) {
        let start = idx[ib + k * componentStride]!;
        const hi = upper[k]!;
        if (start > hi) start = hi;
        if (start < 0) start = 0;
        base += start * componentOperandStride[k]!;
      }
      const rb = resultBase[v]!;
      for (let r = 0; r < runs; r++) {
        const s = base + operandOffset[r]!;
        const d = rb + resultOffset[r]!;
        for (let j = 0; j < run; j++) dst[d + j] = src[s + j]!;
      }
    }
    return [result];
  };
}
