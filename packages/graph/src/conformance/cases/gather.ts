import * as raw from '../../gen_ops.js';
import type { GradientCase } from '../types.js';
import { weightedSum } from '../weights.js';

const noBatching = { inputBatchingAxes: [], scatterIndicesBatchingAxes: [] };
const hints = { indicesAreSorted: false, uniqueIndices: false };

/** Rows of a [4, 3] matrix at indices [5, 1] (one index per row; 4 and -1 are out of range). */
const rowScatter = {
  indexVectorAxis: 1,
  updateWindowAxes: [1],
  insertedWindowAxes: [0],
  scatterAxesToOperandAxes: [0],
  ...noBatching,
  ...hints,
};

/** Gradient cases of gather and scatterSum/Max/Min (indices are int32 and never differentiated). */
export const GATHER_GRADIENT_CASES: readonly GradientCase[] = [
  {
    name: 'gather: rows with repeated and out-of-range (clamped) indices',
    ops: ['gather'],
    inputs: [
      { dims: [4, 3], seed: 900 },
      { dims: [5], dtype: 'int32', values: [2, 0, 2, 7, -3] },
    ],
    fn: (x, i) =>
      weightedSum(
        raw.gather(x!, i!, {
          indexVectorAxis: 1,
          offsetAxes: [1],
          collapsedSliceAxes: [0],
          startIndexMap: [0],
          sliceSizes: [1, 3],
          operandBatchingAxes: [],
          startIndicesBatchingAxes: [],
          indicesAreSorted: false,
        }),
      ),
  },
  {
    name: 'gather: 2×3 windows at two-component starts (index vector on axis 0)',
    ops: ['gather'],
    inputs: [
      { dims: [5, 6], seed: 901 },
      { dims: [2, 3], dtype: 'int32', values: [0, 3, 4, 1, 5, -1] },
    ],
    fn: (x, i) =>
      weightedSum(
        raw.gather(x!, i!, {
          indexVectorAxis: 0,
          offsetAxes: [1, 2],
          collapsedSliceAxes: [],
          startIndexMap: [0, 1],
          sliceSizes: [2, 3],
          operandBatchingAxes: [],
          startIndicesBatchingAxes: [],
          indicesAreSorted: false,
        }),
      ),
  },
  {
    name: 'gather: take along axis 1 with batching axes',
    ops: ['gather'],
    inputs: [
      { dims: [3, 4], seed: 902 },
      { dims: [3, 2], dtype: 'int32', values: [3, 3, 0, 2, 1, 1] },
    ],
    fn: (x, i) =>
      weightedSum(
        raw.gather(x!, i!, {
          indexVectorAxis: 2,
          offsetAxes: [],
          collapsedSliceAxes: [1],
          startIndexMap: [1],
          sliceSizes: [1, 1],
          operandBatchingAxes: [0],
          startIndicesBatchingAxes: [0],
          indicesAreSorted: false,
        }),
      ),
  },
  ...(['scatterSum', 'scatterMax', 'scatterMin'] as const).map(
    (op): GradientCase => ({
      name: `${op}: rows with repeated and out-of-range (skipped) indices`,
      ops: [op],
      inputs: [
        { dims: [4, 3], seed: 910 },
        { dims: [5, 1], dtype: 'int32', values: [1, 3, 1, 4, -1] },
        { dims: [5, 3], seed: 911 },
      ],
      fn: (x, i, u) => weightedSum(raw.raw[op](x!, i!, u!, rowScatter)),
    }),
  ),
  {
    name: 'scatterSum: 2-D windows at two-component starts, one partly outside (skipped)',
    ops: ['scatterSum'],
    inputs: [
      { dims: [4, 5], seed: 912 },
      { dims: [3, 2], dtype: 'int32', values: [0, 0, 2, 3, 3, 1] },
      { dims: [3, 2, 2], seed: 913 },
    ],
    fn: (x, i, u) =>
      weightedSum(
        raw.scatterSum(raw.mul(x!, x!), i!, raw.sin(u!), {
          indexVectorAxis: 1,
          updateWindowAxes: [1, 2],
          insertedWindowAxes: [],
          scatterAxesToOperandAxes: [0, 1],
          ...noBatching,
          ...hints,
        }),
      ),
  },
];
