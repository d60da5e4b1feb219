import type { DType } from '@tsmlx/dtypes';
import type { ScatterAttrs } from '../../../optable/attrs.js';
import type { ConformanceCase } from '../../types.js';
import { expected, range, type Scalar, tensor } from '../shape/tensors.js';
import { type RefCombiner, refScatter } from './reference.js';

type ScatterOp = 'scatterSum' | 'scatterMax' | 'scatterMin';

const HINTS = { indicesAreSorted: false, uniqueIndices: false };
const NO_BATCHING = { inputBatchingAxes: [], scatterIndicesBatchingAxes: [] };

/** Attributes of `x[idx[i], ...] op= updates[i, ...]` (rank-1 indices, windows of x's trailing axes). */
function rowAttrs(windowRank: number): ScatterAttrs {
  return {
    indexVectorAxis: 1,
    updateWindowAxes: range(windowRank, 1),
    insertedWindowAxes: [0],
    scatterAxesToOperandAxes: [0],
    ...NO_BATCHING,
    ...HINTS,
  };
}

interface Operands {
  dtype: DType;
  xDims: number[];
  x: Scalar[];
  indexType: DType;
  indexDims: number[];
  indices: Scalar[];
  updateDims: number[];
  updates: Scalar[];
}

/** A scatter case with hand-written expected values. */
function handCase(
  op: ScatterOp,
  name: string,
  o: Operands,
  attrs: ScatterAttrs,
  want: Scalar[],
): ConformanceCase {
  return {
    op,
    name,
    inputs: [
      tensor(o.dtype, o.xDims, o.x),
      tensor(o.indexType, o.indexDims, o.indices),
      tensor(o.dtype, o.updateDims, o.updates),
    ],
    build: (b, [x, i, u]) => [b[op](x!, i!, u!, attrs)],
    expected: [expected(o.dtype, o.xDims, want)],
  };
}

const COMBINER: Record<ScatterOp, RefCombiner> = { scatterSum: 'add', scatterMax: 'max', scatterMin: 'min' };

/** A scatter case whose expectation comes from the reference in `reference.ts`. */
function refCase(op: ScatterOp, name: string, o: Operands, attrs: ScatterAttrs): ConformanceCase {
  const want = refScatter(o.x, o.xDims, o.indices, o.indexDims, o.updates, o.updateDims, attrs, COMBINER[op]);
  return handCase(op, name, o, attrs, want);
}

const rows = (
  dtype: DType,
  x: Scalar[],
  indexType: DType,
  indices: Scalar[],
  updates: Scalar[],
): Operands => ({
  dtype,
  xDims: [x.length],
  x,
  indexType,
  indexDims: [indices.length],
  indices,
  updateDims: [updates.length],
  updates,
});

/** Conformance cases of scatterSum, scatterMax and scatterMin. */
export const scatterOpCases: ConformanceCase[] = [
  handCase(
    'scatterSum',
    'float32 rows with duplicate indices accumulate',
    {
      dtype: 'float32',
      xDims: [5, 2],
      x: range(10),
      indexType: 'int32',
      indexDims: [4],
      indices: [1, 3, 1, 1],
      updateDims: [4, 2],
      updates: [1, 2, 10, 20, 100, 200, 1000, 2000],
    },
    rowAttrs(1),
    [0, 1, 1103, 2205, 4, 5, 16, 27, 8, 9],
  ),
  handCase(
    'scatterSum',
    'windows reaching outside the operand (even partly) are skipped',
    {
      dtype: 'int32',
      xDims: [6],
      x: [0, 0, 0, 0, 0, 0],
      indexType: 'int32',
      indexDims: [4, 1],
      indices: [0, 4, -1, 3],
      updateDims: [4, 3],
      updates: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30],
    },
    {
      indexVectorAxis: 1,
      updateWindowAxes: [1],
      insertedWindowAxes: [],
      scatterAxesToOperandAxes: [0],
      ...NO_BATCHING,
      ...HINTS,
    },
    [1, 2, 3, 10, 20, 30],
  ),
  handCase(
    'scatterSum',
    'int64 sums wrap modulo 2^64 (int64 indices)',
    rows('int64', [2n ** 62n, -5n, 0n], 'int64', [0n, 0n, 2n], [2n ** 62n, 2n ** 62n, -(2n ** 63n)]),
    rowAttrs(0),
    [-(2n ** 62n), -5n, -(2n ** 63n)],
  ),
  handCase(
    'scatterSum',
    'int32 sums wrap modulo 2^32',
    rows('int32', [2147483647, 7], 'int32', [0, 1], [1, -8]),
    rowAttrs(0),
    [-2147483648, -1],
  ),
  handCase(
    'scatterSum',
    'float16 scalars with duplicates',
    rows('float16', [0.5, 1, 2], 'int32', [1, 1, 2], [0.25, 0.5, 3]),
    rowAttrs(0),
    [0.5, 1.75, 5],
  ),
  handCase(
    'scatterSum',
    'no updates leave the operand unchanged',
    {
      dtype: 'float32',
      xDims: [3, 2],
      x: range(6),
      indexType: 'int32',
      indexDims: [0],
      indices: [],
      updateDims: [0, 2],
      updates: [],
    },
    rowAttrs(1),
    range(6),
  ),
  handCase(
    'scatterSum',
    'batching axes: x[b, idx[b, j]] += u[b, j]',
    {
      dtype: 'float32',
      xDims: [2, 4],
      x: [0, 0, 0, 0, 0, 0, 0, 0],
      indexType: 'int32',
      indexDims: [2, 2],
      indices: [3, 0, 1, 1],
      updateDims: [2, 2],
      updates: [1, 2, 3, 4],
    },
    {
      indexVectorAxis: 2,
      updateWindowAxes: [],
      insertedWindowAxes: [1],
      scatterAxesToOperandAxes: [1],
      inputBatchingAxes: [0],
      scatterIndicesBatchingAxes: [0],
      ...HINTS,
    },
    [2, 0, 0, 1, 0, 7, 0, 0],
  ),
  refCase(
    'scatterSum',
    '2-D windows at (row, col) starts, the last one out of bounds',
    {
      dtype: 'int32',
      xDims: [4, 5],
      x: range(20),
      indexType: 'int32',
      indexDims: [3, 2],
      indices: [0, 0, 2, 3, 3, 1],
      updateDims: [3, 2, 2],
      updates: range(12, 100),
    },
    {
      indexVectorAxis: 1,
      updateWindowAxes: [1, 2],
      insertedWindowAxes: [],
      scatterAxesToOperandAxes: [0, 1],
      ...NO_BATCHING,
      ...HINTS,
    },
  ),
  refCase(
    'scatterSum',
    'float64 columns: window axis before the scatter axis',
    {
      dtype: 'float64',
      xDims: [3, 4],
      x: range(12).map((v) => v / 4),
      indexType: 'uint32',
      indexDims: [2],
      indices: [3, 3],
      updateDims: [3, 2],
      updates: [0.5, -1, 2.25, 8, 1e10, -3],
    },
    {
      indexVectorAxis: 1,
      updateWindowAxes: [0],
      insertedWindowAxes: [1],
      scatterAxesToOperandAxes: [1],
      ...NO_BATCHING,
      ...HINTS,
    },
  ),
  handCase(
    'scatterMax',
    'float32 with duplicates; NaN propagates',
    rows('float32', [0, 5, -1, 2], 'int32', [0, 0, 2, 3, 3], [3, 1, Number.NaN, -4, 7]),
    rowAttrs(0),
    [3, 5, Number.NaN, 7],
  ),
  handCase(
    'scatterMin',
    'float32 with duplicates; NaN propagates',
    rows('float32', [0, 5, -1, 2], 'int32', [0, 0, 2, 3, 3], [3, 1, Number.NaN, -4, 7]),
    rowAttrs(0),
    [0, 5, Number.NaN, -4],
  ),
  handCase(
    'scatterMax',
    'uint8 with uint8 indices',
    rows('uint8', [10, 200, 0, 255], 'uint8', [0, 1, 2, 2], [250, 100, 7, 9]),
    rowAttrs(0),
    [250, 200, 9, 255],
  ),
  handCase(
    'scatterMin',
    'uint64 compares unsigned',
    rows('uint64', [2n ** 64n - 1n, 5n], 'int32', [0, 0, 1], [2n ** 63n, 2n ** 64n - 2n, 6n]),
    rowAttrs(0),
    [2n ** 63n, 5n],
  ),
  handCase(
    'scatterMax',
    'int64 rows',
    {
      dtype: 'int64',
      xDims: [2, 2],
      x: [-(2n ** 62n), 0n, 3n, 4n],
      indexType: 'int32',
      indexDims: [3],
      indices: [0, 1, 0],
      updateDims: [3, 2],
      updates: [-1n, -1n, 2n ** 62n, -9n, -7n, 2n],
    },
    rowAttrs(1),
    [-1n, 2n, 2n ** 62n, 4n],
  ),
  handCase(
    'scatterMin',
    'bfloat16 scalars',
    rows('bfloat16', [1.5, -2], 'int32', [1, 0], [-3, 4]),
    rowAttrs(0),
    [1.5, -3],
  ),
  refCase(
    'scatterMax',
    'int32 2-D windows, duplicates and one skipped window',
    {
      dtype: 'int32',
      xDims: [3, 3],
      x: [5, -5, 5, -5, 5, -5, 5, -5, 5],
      indexType: 'int64',
      indexDims: [3, 2],
      indices: [0n, 0n, 1n, 1n, 2n, 0n],
      updateDims: [3, 2, 2],
      updates: [9, -9, 0, 6, 7, 1, 8, 10, -1, -1, -1, -1],
    },
    {
      indexVectorAxis: 1,
      updateWindowAxes: [1, 2],
      insertedWindowAxes: [],
      scatterAxesToOperandAxes: [0, 1],
      ...NO_BATCHING,
      ...HINTS,
    },
  ),
];
