import type { DType } from '@tsmlx/dtypes';
import type { GatherAttrs } from '../../../optable/attrs.js';
import type { ConformanceCase } from '../../types.js';
import { expected, range, type Scalar, tensor } from '../shape/tensors.js';
import { refGather } from './reference.js';

const NO_BATCHING = { operandBatchingAxes: [], startIndicesBatchingAxes: [], indicesAreSorted: false };

/** Attributes of a row lookup `x[idx[i], :]` on a 2-D operand with `cols` columns (indices of rank 1). */
function rowAttrs(cols: number): GatherAttrs {
  return {
    indexVectorAxis: 1,
    offsetAxes: [1],
    collapsedSliceAxes: [0],
    startIndexMap: [0],
    sliceSizes: [1, cols],
    ...NO_BATCHING,
  };
}

/** A gather case whose expectation comes from the reference in `reference.ts`. */
function refCase(
  name: string,
  dtype: DType,
  xDims: number[],
  x: Scalar[],
  indexType: DType,
  indexDims: number[],
  indices: Scalar[],
  attrs: GatherAttrs,
): ConformanceCase {
  const want = refGather(x, xDims, indices, indexDims, attrs);
  return {
    op: 'gather',
    name,
    inputs: [tensor(dtype, xDims, x), tensor(indexType, indexDims, indices)],
    build: (b, [p, i]) => [b.gather(p!, i!, attrs)],
    expected: [expected(dtype, want.dims, want.values)],
  };
}

const embedding = [0.5, 1, 1.5, 10, 11, 12, -1, -2, -3, 100, 200, 300, 7, 8, 9];

/** Embedding lookups (rows) in several element dtypes: expectations written by hand. */
const rowCases: ConformanceCase[] = (
  [
    ['float32', embedding],
    ['float64', embedding],
    ['float16', embedding],
    ['bfloat16', [0.5, 1, 1.5, 10, 11, 12, -1, -2, -3, 96, 192, 320, 7, 8, 9]],
    ['int32', range(15, -7)],
    ['int64', range(15, -7).map((v) => BigInt(v) * 1000000000000n)],
    ['uint8', range(15, 240)],
    ['uint64', range(15).map((v) => 2n ** 63n + BigInt(v))],
    ['bool', [1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0]],
  ] as Array<[DType, Scalar[]]>
).map(([dtype, table]) => {
  const rows = [3, 0, 3, 4];
  return {
    op: 'gather',
    name: `${dtype} embedding lookup of rows [3, 0, 3, 4] from a 5x3 table`,
    inputs: [tensor(dtype, [5, 3], table), tensor('int32', [4], rows)],
    build: (b, [x, i]) => [b.gather(x!, i!, rowAttrs(3))],
    expected: [
      expected(
        dtype,
        [4, 3],
        rows.flatMap((r) => table.slice(3 * r, 3 * r + 3)),
      ),
    ],
  };
});

const x45 = range(20);

/** Clamping, index dtypes, index-vector axis placement, windows and batching. */
const shapedCases: ConformanceCase[] = [
  {
    op: 'gather',
    name: 'out-of-range row indices are clamped to [0, rows - 1]',
    inputs: [tensor('float32', [4, 2], range(8)), tensor('int32', [4], [-3, 4, 100, 2])],
    build: (b, [x, i]) => [b.gather(x!, i!, rowAttrs(2))],
    expected: [expected('float32', [4, 2], [0, 1, 6, 7, 6, 7, 4, 5])],
  },
  ...(
    [
      ['int64', [-(2n ** 62n), 2n ** 40n, 1n]],
      ['uint64', [2n ** 64n - 1n, 0n, 2n]],
      ['uint8', [255, 0, 1]],
      ['uint32', [4294967295, 3, 0]],
      ['int8', [-128, 127, 2]],
    ] as Array<[DType, Scalar[]]>
  ).map(
    ([indexType, idx]): ConformanceCase => ({
      op: 'gather',
      name: `${indexType} indices [${idx.join(', ')}] (clamped)`,
      inputs: [tensor('int32', [4, 2], range(8, 10)), tensor(indexType, [3], idx)],
      build: (b, [x, i]) => [b.gather(x!, i!, rowAttrs(2))],
      expected: [
        expected(
          'int32',
          [3, 2],
          idx.flatMap((v) => {
            const r = Math.min(Math.max(Number(v), 0), 3);
            return [10 + 2 * r, 11 + 2 * r];
          }),
        ),
      ],
    }),
  ),
  {
    op: 'gather',
    name: 'index vectors on axis 1 of [n, 1] indices',
    inputs: [tensor('int32', [4, 5], x45), tensor('int32', [2, 1], [2, 0])],
    build: (b, [x, i]) => [b.gather(x!, i!, { ...rowAttrs(5), indexVectorAxis: 1, offsetAxes: [1] })],
    expected: [expected('int32', [2, 5], [10, 11, 12, 13, 14, 0, 1, 2, 3, 4])],
  },
  {
    op: 'gather',
    name: 'index vector axis = rank of 2-D indices: a [2, 2] grid of rows',
    inputs: [tensor('int32', [4, 5], x45), tensor('int32', [2, 2], [3, 1, 0, 3])],
    build: (b, [x, i]) => [b.gather(x!, i!, { ...rowAttrs(5), indexVectorAxis: 2, offsetAxes: [2] })],
    expected: [
      expected('int32', [2, 2, 5], [15, 16, 17, 18, 19, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 15, 16, 17, 18, 19]),
    ],
  },
  {
    op: 'gather',
    name: 'columns: offset axis before the batch axis',
    inputs: [tensor('float32', [3, 4], range(12)), tensor('int32', [2], [3, 1])],
    build: (b, [x, i]) => [
      b.gather(x!, i!, {
        indexVectorAxis: 1,
        offsetAxes: [0],
        collapsedSliceAxes: [1],
        startIndexMap: [1],
        sliceSizes: [3, 1],
        ...NO_BATCHING,
      }),
    ],
    expected: [expected('float32', [3, 2], [3, 1, 7, 5, 11, 9])],
  },
  {
    op: 'gather',
    name: '2-D windows of size [2, 3] at (row, col) starts, one clamped',
    inputs: [tensor('int32', [4, 5], x45), tensor('int32', [3, 2], [0, 0, 1, 2, 3, 4])],
    build: (b, [x, i]) => [
      b.gather(x!, i!, {
        indexVectorAxis: 1,
        offsetAxes: [1, 2],
        collapsedSliceAxes: [],
        startIndexMap: [0, 1],
        sliceSizes: [2, 3],
        ...NO_BATCHING,
      }),
    ],
    // Starts (0,0), (1,2), (3,4) -> clamped to (2,2).
    expected: [expected('int32', [3, 2, 3], [0, 1, 2, 5, 6, 7, 7, 8, 9, 12, 13, 14, 12, 13, 14, 17, 18, 19])],
  },
  {
    op: 'gather',
    name: 'batching axes: out[b, j, :] = x[b, idx[b, j], :]',
    inputs: [tensor('float64', [2, 4, 3], range(24)), tensor('int32', [2, 2], [3, 0, 1, 1])],
    build: (b, [x, i]) => [
      b.gather(x!, i!, {
        indexVectorAxis: 2,
        offsetAxes: [2],
        collapsedSliceAxes: [1],
        startIndexMap: [1],
        sliceSizes: [1, 1, 3],
        operandBatchingAxes: [0],
        startIndicesBatchingAxes: [0],
        indicesAreSorted: false,
      }),
    ],
    expected: [expected('float64', [2, 2, 3], [9, 10, 11, 0, 1, 2, 15, 16, 17, 15, 16, 17])],
  },
  {
    op: 'gather',
    name: 'zero index vectors give an empty result',
    inputs: [tensor('float32', [4, 2], range(8)), tensor('int32', [0], [])],
    build: (b, [x, i]) => [b.gather(x!, i!, rowAttrs(2))],
    expected: [expected('float32', [0, 2], [])],
  },
  refCase(
    'scalars picked by full index vectors from a rank-3 operand',
    'float32',
    [2, 3, 4],
    range(24, 1),
    'int32',
    [3, 3],
    [1, 2, 3, 0, 0, 0, 1, -1, 9],
    {
      indexVectorAxis: 1,
      offsetAxes: [],
      collapsedSliceAxes: [0, 1, 2],
      startIndexMap: [0, 1, 2],
      sliceSizes: [1, 1, 1],
      ...NO_BATCHING,
    },
  ),
  refCase(
    'rank-4 operand, index vector first, permuted start map, two batching axes',
    'int32',
    [2, 3, 3, 5],
    range(90),
    'int64',
    [2, 2, 3],
    [2n, 0n, 1n, 3n, 1n, -5n, 0n, 1n, 1n, 2n, 2n, 0n],
    {
      indexVectorAxis: 0,
      offsetAxes: [1, 3],
      collapsedSliceAxes: [],
      startIndexMap: [3, 1],
      sliceSizes: [1, 2, 1, 3],
      operandBatchingAxes: [0, 2],
      startIndicesBatchingAxes: [1, 2],
      indicesAreSorted: false,
    },
  ),
];

/** Conformance cases of gather. */
export const gatherOpCases: ConformanceCase[] = [...rowCases, ...shapedCases];
