import * as raw from '../../gen_ops.js';
import type { Node } from '../../node.js';
import { mul } from '../../ops/arith.js';
import { broadcastTo, concat, expandDims, reshape, reverse, transpose } from '../../ops/shape.js';
import type { GradientCase } from '../types.js';
import { weightedSum } from '../weights.js';

// The layout ops are linear; each case multiplies by the input (or applies sin) first so the cotangent
// reaching the op depends on the input and second-order mistakes would show too.

function square(x: Node): Node {
  return mul(x, x);
}

const layoutCases: GradientCase[] = [
  {
    name: 'broadcastInDim: new leading axis',
    ops: ['broadcastInDim'],
    inputs: [{ dims: [3], seed: 400 }],
    fn: (x) => weightedSum(broadcastTo(square(x!), [4, 3])),
  },
  {
    name: 'broadcastInDim: size-1 axes stretched and new axes interleaved',
    ops: ['broadcastInDim'],
    inputs: [{ dims: [2, 1], seed: 401 }],
    fn: (x) => weightedSum(raw.broadcastInDim(square(x!), { dims: [3, 2, 4, 5], axesMapping: [1, 2] })),
  },
  {
    name: 'broadcastInDim: scalar to rank 3',
    ops: ['broadcastInDim'],
    inputs: [{ dims: [], seed: 402 }],
    fn: (x) => weightedSum(raw.broadcastInDim(square(x!), { dims: [2, 3, 2], axesMapping: [] })),
  },
  {
    name: 'broadcastInDim: size-1 axis kept at size 1',
    ops: ['broadcastInDim'],
    inputs: [{ dims: [1, 3], seed: 403 }],
    fn: (x) => weightedSum(raw.broadcastInDim(square(x!), { dims: [1, 3, 2], axesMapping: [0, 1] })),
  },
  {
    name: 'reshape [2, 3, 4] to [4, 6]',
    ops: ['reshape'],
    inputs: [{ dims: [2, 3, 4], seed: 410 }],
    fn: (x) => weightedSum(reshape(square(x!), [4, 6])),
  },
  {
    name: 'reshape scalar to [1, 1] and a zero-size tensor',
    ops: ['reshape'],
    inputs: [
      { dims: [], seed: 411 },
      { dims: [0, 3], seed: 412 },
    ],
    fn: (x, z) => raw.add(weightedSum(reshape(square(x!), [1, 1])), weightedSum(reshape(z!, [3, 0]))),
  },
  {
    name: 'transpose rank 3',
    ops: ['transpose'],
    inputs: [{ dims: [2, 3, 4], seed: 420 }],
    fn: (x) => weightedSum(transpose(square(x!), [2, 0, 1])),
  },
  {
    name: 'transpose rank 4',
    ops: ['transpose'],
    inputs: [{ dims: [2, 1, 3, 2], seed: 421 }],
    fn: (x) => weightedSum(transpose(raw.sin(x!), [3, 1, 0, 2])),
  },
  {
    name: 'reverse two axes',
    ops: ['reverse'],
    inputs: [{ dims: [3, 2, 4], seed: 430 }],
    fn: (x) => weightedSum(reverse(square(x!), [0, 2])),
  },
  {
    name: 'concatenate three operands along axis 1 (one zero-size)',
    ops: ['concatenate'],
    inputs: [
      { dims: [2, 3], seed: 440 },
      { dims: [2, 0], seed: 441 },
      { dims: [2, 2], seed: 442 },
    ],
    fn: (a, b, c) => weightedSum(concat([square(a!), b!, raw.sin(c!)], 1)),
  },
  {
    name: 'concatenate the same node twice along axis 0',
    ops: ['concatenate'],
    inputs: [{ dims: [2, 3], seed: 443 }],
    fn: (a) => weightedSum(concat([square(a!), a!], 0)),
  },
];

const sliceCases: GradientCase[] = [
  {
    name: 'slice with unit strides',
    ops: ['slice'],
    inputs: [{ dims: [4, 5], seed: 450 }],
    fn: (x) => weightedSum(raw.slice(square(x!), { start: [1, 0], limit: [3, 4], strides: [1, 1] })),
  },
  {
    name: 'slice with strides (interior padding in the gradient)',
    ops: ['slice'],
    inputs: [{ dims: [5, 7, 3], seed: 451 }],
    fn: (x) => weightedSum(raw.slice(square(x!), { start: [0, 1, 1], limit: [5, 7, 2], strides: [2, 3, 1] })),
  },
  {
    name: 'slice of zero size along one axis',
    ops: ['slice'],
    inputs: [{ dims: [3, 4], seed: 452 }],
    fn: (x) =>
      raw.add(
        weightedSum(raw.slice(square(x!), { start: [1, 2], limit: [1, 4], strides: [1, 1] })),
        weightedSum(raw.slice(x!, { start: [0, 1], limit: [3, 4], strides: [2, 2] })),
      ),
  },
  {
    name: 'pad with edges, interior and the padding value',
    ops: ['pad'],
    inputs: [
      { dims: [2, 3], seed: 460 },
      { dims: [], seed: 461 },
    ],
    fn: (x, v) => weightedSum(raw.pad(square(x!), v!, { low: [1, 0], high: [2, 1], interior: [1, 2] })),
  },
  {
    name: 'pad with negative edges (cropping) and interior',
    ops: ['pad'],
    inputs: [
      { dims: [4, 5], seed: 462 },
      { dims: [], seed: 463 },
    ],
    fn: (x, v) => weightedSum(raw.pad(square(x!), v!, { low: [-1, 2], high: [1, -3], interior: [1, 0] })),
  },
  {
    name: 'pad of a zero-size axis',
    ops: ['pad'],
    inputs: [
      { dims: [0, 2], seed: 464 },
      { dims: [], seed: 465 },
    ],
    fn: (x, v) => weightedSum(raw.pad(x!, mul(v!, v!), { low: [1, 0], high: [1, 1], interior: [2, 0] })),
  },
];

const dynamicCases: GradientCase[] = [
  {
    name: 'dynamicSlice at integer starts',
    ops: ['dynamicSlice'],
    inputs: [
      { dims: [4, 5], seed: 470 },
      { dims: [], dtype: 'int32', values: [1] },
      { dims: [], dtype: 'int32', values: [2] },
    ],
    fn: (x, i, j) => weightedSum(raw.dynamicSlice(square(x!), [i!, j!], { sizes: [2, 3] })),
  },
  {
    name: 'dynamicSlice with starts clamped into range',
    ops: ['dynamicSlice'],
    inputs: [
      { dims: [4, 5], seed: 471 },
      { dims: [], dtype: 'int32', values: [7] },
      { dims: [], dtype: 'int32', values: [-2] },
    ],
    fn: (x, i, j) => weightedSum(raw.dynamicSlice(raw.sin(x!), [i!, j!], { sizes: [2, 3] })),
  },
  {
    name: 'dynamicUpdateSlice operand and update',
    ops: ['dynamicUpdateSlice'],
    inputs: [
      { dims: [4, 5], seed: 480 },
      { dims: [2, 2], seed: 481 },
      { dims: [], dtype: 'int32', values: [1] },
      { dims: [], dtype: 'int32', values: [3] },
    ],
    fn: (x, u, i, j) => weightedSum(raw.dynamicUpdateSlice(square(x!), raw.sin(u!), [i!, j!])),
  },
  {
    name: 'dynamicUpdateSlice with a clamped start, rank 3',
    ops: ['dynamicUpdateSlice'],
    inputs: [
      { dims: [3, 2, 4], seed: 482 },
      { dims: [2, 1, 2], seed: 483 },
      { dims: [], dtype: 'int32', values: [5] },
      { dims: [], dtype: 'int32', values: [0] },
      { dims: [], dtype: 'int32', values: [1] },
    ],
    fn: (x, u, i, j, k) =>
      weightedSum(raw.dynamicUpdateSlice(square(x!), expandDims(reshape(u!, [2, 2]), 1), [i!, j!, k!])),
  },
];

/** Gradient cases of the layout rules: broadcast, reshape, transpose, reverse, concatenate, slices, pad. */
export const SHAPE_GRADIENT_CASES: readonly GradientCase[] = [...layoutCases, ...sliceCases, ...dynamicCases];
