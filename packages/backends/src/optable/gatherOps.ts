import { isInteger } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import { OpError } from '../errors.js';
import type { ScatterAttrs } from './attrs.js';
import { expectAxes, expectCount, expectDType, resultShape, showShapes } from './check.js';
import type { OpName } from './opAttrs.js';
import { defineOp, type OpSpec } from './spec.js';

/** Dims of an index tensor without its index-vector axis (the "batch" dims of gather/scatter). */
function indexBatchDims(indices: Shape, indexVectorAxis: number): number[] {
  return indices.dims.filter((_, i) => i !== indexVectorAxis);
}

function indexVectorLength(indices: Shape, indexVectorAxis: number): number {
  return indexVectorAxis === indices.rank ? 1 : indices.dims[indexVectorAxis]!;
}

function checkIndices(op: string, indices: Shape, indexVectorAxis: number): void {
  if (!isInteger(indices.dtype)) throw new OpError(op, `indices ${indices} must have an integer dtype`);
  if (!Number.isInteger(indexVectorAxis) || indexVectorAxis < 0 || indexVectorAxis > indices.rank) {
    throw new OpError(
      op,
      `indexVectorAxis ${indexVectorAxis} must be in 0..${indices.rank} for indices ${indices}`,
    );
  }
}

function scatter<N extends OpName>(name: N, doc: string): OpSpec<N> {
  return defineOp({
    name,
    category: 'gather',
    doc,
    operands: ['x', 'scatterIndices', 'updates'],
    multiOutput: false,
    infer(shapes: readonly Shape[], a: ScatterAttrs) {
      expectCount(name, shapes, 3);
      const [x, indices, updates] = shapes as [Shape, Shape, Shape];
      expectDType(name, x, 'numeric');
      if (updates.dtype !== x.dtype)
        throw new OpError(name, `updates dtype differs from operand: ${showShapes(shapes)}`);
      checkIndices(name, indices, a.indexVectorAxis);
      expectAxes(
        name,
        [...a.insertedWindowAxes, ...a.inputBatchingAxes],
        x.rank,
        'insertedWindowAxes + inputBatchingAxes',
      );
      expectAxes(name, a.scatterAxesToOperandAxes, x.rank, 'scatterAxesToOperandAxes');
      expectAxes(name, a.updateWindowAxes, updates.rank, 'updateWindowAxes');
      if (a.scatterAxesToOperandAxes.length !== indexVectorLength(indices, a.indexVectorAxis)) {
        throw new OpError(
          name,
          `scatterAxesToOperandAxes has ${a.scatterAxesToOperandAxes.length} entries but index vectors have ${indexVectorLength(indices, a.indexVectorAxis)}`,
        );
      }
      if (a.inputBatchingAxes.length !== a.scatterIndicesBatchingAxes.length) {
        throw new OpError(name, 'inputBatchingAxes and scatterIndicesBatchingAxes must have the same length');
      }
      const windowOperandAxes = x.dims
        .map((_, i) => i)
        .filter((i) => !a.insertedWindowAxes.includes(i) && !a.inputBatchingAxes.includes(i));
      if (windowOperandAxes.length !== a.updateWindowAxes.length) {
        throw new OpError(
          name,
          `updateWindowAxes must have ${windowOperandAxes.length} entries (operand rank ${x.rank} minus inserted and batching axes), got ${a.updateWindowAxes.length}`,
        );
      }
      const scatterDims = indexBatchDims(indices, a.indexVectorAxis);
      const updateScatterAxes = updates.dims.map((_, i) => i).filter((i) => !a.updateWindowAxes.includes(i));
      if (
        updateScatterAxes.length !== scatterDims.length ||
        updateScatterAxes.some((ax, k) => updates.dims[ax] !== scatterDims[k])
      ) {
        throw new OpError(
          name,
          `updates ${updates} scatter dims must equal the index dims [${scatterDims.join(', ')}] of ${indices}`,
        );
      }
      a.updateWindowAxes.forEach((ax, k) => {
        if (updates.dims[ax]! > x.dims[windowOperandAxes[k]!]!) {
          throw new OpError(
            name,
            `update window axis ${ax} (size ${updates.dims[ax]}) exceeds operand axis ${windowOperandAxes[k]} of ${x}`,
          );
        }
      });
      return [x];
    },
  } as unknown as OpSpec<N>);
}

/** Gather and scatter with XLA semantics (out-of-range start indices are clamped; scatter drops them). */
export const gatherOps = [
  defineOp({
    name: 'gather',
    category: 'gather',
    doc: 'gathers slices of x at start indices (XLA gather; starts are clamped so slices stay in bounds)',
    operands: ['x', 'startIndices'],
    multiOutput: false,
    infer(shapes, a) {
      const op = 'gather';
      expectCount(op, shapes, 2);
      const [x, indices] = shapes as [Shape, Shape];
      checkIndices(op, indices, a.indexVectorAxis);
      if (!Array.isArray(a.sliceSizes) || a.sliceSizes.length !== x.rank) {
        throw new OpError(
          op,
          `sliceSizes must list ${x.rank} sizes for ${x}, got ${JSON.stringify(a.sliceSizes)}`,
        );
      }
      a.sliceSizes.forEach((s, i) => {
        if (!Number.isInteger(s) || s < 0 || s > x.dims[i]!)
          throw new OpError(op, `sliceSizes[${i}] = ${s} must be in 0..${x.dims[i]} for ${x}`);
      });
      expectAxes(
        op,
        [...a.collapsedSliceAxes, ...a.operandBatchingAxes],
        x.rank,
        'collapsedSliceAxes + operandBatchingAxes',
      );
      for (const ax of [...a.collapsedSliceAxes, ...a.operandBatchingAxes]) {
        if (a.sliceSizes[ax] !== 1)
          throw new OpError(
            op,
            `collapsed/batching axis ${ax} must have slice size 1, got ${a.sliceSizes[ax]}`,
          );
      }
      expectAxes(op, a.startIndexMap, x.rank, 'startIndexMap');
      const vectorLength = indexVectorLength(indices, a.indexVectorAxis);
      if (a.startIndexMap.length !== vectorLength) {
        throw new OpError(
          op,
          `startIndexMap has ${a.startIndexMap.length} entries but index vectors of ${indices} have ${vectorLength}`,
        );
      }
      if (a.operandBatchingAxes.length !== a.startIndicesBatchingAxes.length) {
        throw new OpError(op, 'operandBatchingAxes and startIndicesBatchingAxes must have the same length');
      }
      const batchDims = indexBatchDims(indices, a.indexVectorAxis);
      const offsetSizes = a.sliceSizes.filter(
        (_, i) => !a.collapsedSliceAxes.includes(i) && !a.operandBatchingAxes.includes(i),
      );
      const rank = batchDims.length + offsetSizes.length;
      if (a.offsetAxes.length !== offsetSizes.length) {
        throw new OpError(
          op,
          `offsetAxes must list ${offsetSizes.length} result axes, got [${a.offsetAxes.join(', ')}]`,
        );
      }
      expectAxes(op, a.offsetAxes, rank, 'offsetAxes');
      const sortedOffsets = [...a.offsetAxes].sort((p, q) => p - q);
      const dims: number[] = [];
      let nextBatch = 0;
      let nextOffset = 0;
      for (let axis = 0; axis < rank; axis++) {
        if (sortedOffsets.includes(axis)) dims.push(offsetSizes[nextOffset++]!);
        else dims.push(batchDims[nextBatch++]!);
      }
      return [resultShape(op, x.dtype, dims)];
    },
  }),
  scatter(
    'scatterSum',
    'adds updates into x at the scatter indices (XLA scatter with add; out-of-range windows are skipped)',
  ),
  scatter('scatterMax', 'max of x and updates at the scatter indices'),
  scatter('scatterMin', 'min of x and updates at the scatter indices'),
] as const;
