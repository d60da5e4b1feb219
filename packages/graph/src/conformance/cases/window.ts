import type { OpAttrs, WindowReduction } from '@tsmlx/backends';
import * as raw from '../../gen_ops.js';
import type { GradientCase } from '../types.js';
import { weightedSum } from '../weights.js';

type WindowAttrs = OpAttrs['reduceWindow'];
type ScatterAttrs = OpAttrs['selectAndScatterMax'];

function windowAttrs(reduction: WindowReduction, rank: number, options: Partial<WindowAttrs>): WindowAttrs {
  const ones = new Array<number>(rank).fill(1);
  return {
    reduction,
    windowDims: ones,
    strides: ones,
    baseDilations: ones,
    windowDilations: ones,
    padding: ones.map((): [number, number] => [0, 0]),
    ...options,
  };
}

const pooling: Partial<WindowAttrs> = {
  windowDims: [1, 3, 3, 1],
  strides: [1, 2, 2, 1],
  padding: [
    [0, 0],
    [1, 1],
    [1, 0],
    [0, 0],
  ],
};

const dilatedWindow: Partial<WindowAttrs> = {
  windowDims: [2, 2],
  strides: [1, 2],
  baseDilations: [2, 1],
  windowDilations: [1, 2],
  padding: [
    [1, 0],
    [0, 1],
  ],
};

const reductions = ['sum', 'max', 'min', 'product'] as const;

const reduceWindowCases: GradientCase[] = reductions.flatMap((reduction): GradientCase[] => {
  const range = reduction === 'product' ? { min: 0.5, max: 1.5 } : {};
  return [
    {
      name: `reduceWindow ${reduction}: 3×3 pooling, stride 2, padding (NHWC)`,
      ops: ['reduceWindow'],
      inputs: [{ dims: [2, 5, 4, 2], seed: 800, ...range }],
      fn: (x) => weightedSum(raw.reduceWindow(x!, windowAttrs(reduction, 4, pooling))),
    },
    {
      name: `reduceWindow ${reduction}: base and window dilation, stride, padding`,
      ops: ['reduceWindow'],
      inputs: [{ dims: [4, 6], seed: 801, ...range }],
      fn: (x) => weightedSum(raw.reduceWindow(x!, windowAttrs(reduction, 2, dilatedWindow))),
    },
    {
      name: `reduceWindow ${reduction}: overlapping 1-D windows with negative padding`,
      ops: ['reduceWindow'],
      inputs: [{ dims: [8], seed: 802, ...range }],
      fn: (x) =>
        weightedSum(raw.reduceWindow(x!, windowAttrs(reduction, 1, { windowDims: [3], padding: [[-1, 2]] }))),
    },
  ];
});

const scatterWindow: ScatterAttrs = {
  windowDims: [2, 3],
  strides: [2, 1],
  padding: [
    [1, 0],
    [1, 1],
  ],
};

/** Output dims of {@link scatterWindow} over an operand of [5, 4]: [3, 4]. */
const sourceDims = [3, 4];

const selectAndScatterCases: GradientCase[] = (
  ['selectAndScatterMax', 'selectAndScatterMin', 'selectAndScatterSum'] as const
).map((op) => ({
  name: `${op}: 2×3 windows, stride 2, padding (w.r.t. the source)`,
  ops: [op],
  inputs: [
    { dims: [5, 4], seed: 810 },
    { dims: sourceDims, seed: 811 },
  ],
  fn: (x, s) => weightedSum(raw.raw[op](x!, s!, scatterWindow)),
}));

/** Gradient cases of reduceWindow (sum, max, min, product) and selectAndScatterMax/Min/Sum. */
export const WINDOW_GRADIENT_CASES: readonly GradientCase[] = [
  ...reduceWindowCases,
  ...selectAndScatterCases,
];
