import type { OpAttrs } from '@tsmlx/backends';
import * as raw from '../../gen_ops.js';
import type { GradientCase } from '../types.js';
import { weightedSum } from '../weights.js';

type DotAttrs = OpAttrs['dotGeneral'];
type ConvAttrs = OpAttrs['convGeneral'];

function dotAttrs(lb: number[], lc: number[], rb: number[], rc: number[]): DotAttrs {
  return { lhsBatchAxes: lb, lhsContractingAxes: lc, rhsBatchAxes: rb, rhsContractingAxes: rc };
}

/** A 2-D convolution, channels last (NHWC / HWIO) or channels first (NCHW / OIHW). */
function conv2d(layout: 'nhwc' | 'nchw', options: Partial<ConvAttrs> = {}): ConvAttrs {
  const base =
    layout === 'nhwc'
      ? {
          inputBatchAxis: 0,
          inputChannelsAxis: 3,
          inputSpatialAxes: [1, 2],
          kernelInputChannelsAxis: 2,
          kernelOutputChannelsAxis: 3,
          kernelSpatialAxes: [0, 1],
          outputBatchAxis: 0,
          outputChannelsAxis: 3,
          outputSpatialAxes: [1, 2],
        }
      : {
          inputBatchAxis: 0,
          inputChannelsAxis: 1,
          inputSpatialAxes: [2, 3],
          kernelInputChannelsAxis: 1,
          kernelOutputChannelsAxis: 0,
          kernelSpatialAxes: [2, 3],
          outputBatchAxis: 0,
          outputChannelsAxis: 1,
          outputSpatialAxes: [2, 3],
        };
  return {
    ...base,
    strides: [1, 1],
    padding: [
      [0, 0],
      [0, 0],
    ],
    inputDilations: [1, 1],
    kernelDilations: [1, 1],
    featureGroupCount: 1,
    batchGroupCount: 1,
    ...options,
  };
}

/** Gradient cases of dotGeneral and convGeneral (both operands differentiated). */
export const LINALG_GRADIENT_CASES: readonly GradientCase[] = [
  {
    name: 'dotGeneral: batched matrix product with the batch axis last on rhs',
    ops: ['dotGeneral'],
    inputs: [
      { dims: [2, 3, 4], seed: 700 },
      { dims: [4, 5, 2], seed: 701 },
    ],
    fn: (a, b) => weightedSum(raw.dotGeneral(a!, b!, dotAttrs([0], [2], [2], [0]))),
  },
  {
    name: 'dotGeneral: two contracting axes in swapped order, two batch axes',
    ops: ['dotGeneral'],
    inputs: [
      { dims: [2, 3, 4, 2], seed: 702 },
      { dims: [4, 2, 3, 2], seed: 703 },
    ],
    fn: (a, b) => weightedSum(raw.dotGeneral(a!, b!, dotAttrs([0], [1, 2], [3], [2, 0]))),
  },
  {
    name: 'dotGeneral: outer product of vectors',
    ops: ['dotGeneral'],
    inputs: [
      { dims: [3], seed: 704 },
      { dims: [4], seed: 705 },
    ],
    fn: (a, b) => weightedSum(raw.dotGeneral(a!, b!, dotAttrs([], [], [], []))),
  },
  {
    name: 'convGeneral: 1-D channels last, stride 2, padding',
    ops: ['convGeneral'],
    inputs: [
      { dims: [2, 7, 2], seed: 710 },
      { dims: [3, 2, 3], seed: 711 },
    ],
    fn: (x, k) =>
      weightedSum(
        raw.convGeneral(x!, k!, {
          inputBatchAxis: 0,
          inputChannelsAxis: 2,
          inputSpatialAxes: [1],
          kernelInputChannelsAxis: 1,
          kernelOutputChannelsAxis: 2,
          kernelSpatialAxes: [0],
          outputBatchAxis: 0,
          outputChannelsAxis: 2,
          outputSpatialAxes: [1],
          strides: [2],
          padding: [[1, 2]],
          inputDilations: [1],
          kernelDilations: [1],
          featureGroupCount: 1,
          batchGroupCount: 1,
        }),
      ),
  },
  {
    name: 'convGeneral: 2-D NHWC, stride 2 with an unused last row',
    ops: ['convGeneral'],
    inputs: [
      { dims: [1, 6, 5, 2], seed: 712 },
      { dims: [2, 3, 2, 3], seed: 713 },
    ],
    fn: (x, k) => weightedSum(raw.convGeneral(x!, k!, conv2d('nhwc', { strides: [2, 2] }))),
  },
  {
    name: 'convGeneral: 2-D NCHW, kernel dilation 2 and negative padding',
    ops: ['convGeneral'],
    inputs: [
      { dims: [1, 2, 7, 6], seed: 714 },
      { dims: [2, 2, 2, 2], seed: 715 },
    ],
    fn: (x, k) =>
      weightedSum(
        raw.convGeneral(
          x!,
          k!,
          conv2d('nchw', {
            kernelDilations: [2, 2],
            padding: [
              [-1, 1],
              [1, -1],
            ],
          }),
        ),
      ),
  },
  {
    name: 'convGeneral: 2-D input dilation 2 (transposed convolution)',
    ops: ['convGeneral'],
    inputs: [
      { dims: [1, 3, 3, 2], seed: 716 },
      { dims: [3, 2, 2, 2], seed: 717 },
    ],
    fn: (x, k) =>
      weightedSum(
        raw.convGeneral(
          x!,
          k!,
          conv2d('nhwc', {
            inputDilations: [2, 2],
            padding: [
              [2, 2],
              [1, 1],
            ],
          }),
        ),
      ),
  },
  {
    name: 'convGeneral: 2-D NHWC, 2 feature groups',
    ops: ['convGeneral'],
    inputs: [
      { dims: [2, 4, 4, 4], seed: 718 },
      { dims: [2, 2, 2, 6], seed: 719 },
    ],
    fn: (x, k) => weightedSum(raw.convGeneral(x!, k!, conv2d('nhwc', { featureGroupCount: 2 }))),
  },
  {
    name: 'convGeneral: 2-D NCHW depthwise with stride 2 and same padding',
    ops: ['convGeneral'],
    inputs: [
      { dims: [1, 3, 5, 5], seed: 720 },
      { dims: [3, 1, 3, 3], seed: 721 },
    ],
    fn: (x, k) =>
      weightedSum(
        raw.convGeneral(
          x!,
          k!,
          conv2d('nchw', {
            featureGroupCount: 3,
            strides: [2, 2],
            padding: [
              [1, 1],
              [1, 1],
            ],
          }),
        ),
      ),
  },
  {
    name: 'convGeneral: 2-D NHWC, 2 batch groups',
    ops: ['convGeneral'],
    inputs: [
      { dims: [4, 4, 3, 2], seed: 722 },
      { dims: [2, 2, 2, 4], seed: 723 },
    ],
    fn: (x, k) => weightedSum(raw.convGeneral(x!, k!, conv2d('nhwc', { batchGroupCount: 2 }))),
  },
  {
    name: 'convGeneral: 3-D channels first, stride, padding and kernel dilation',
    ops: ['convGeneral'],
    inputs: [
      { dims: [1, 2, 4, 3, 4], seed: 724 },
      { dims: [2, 2, 2, 2, 2], seed: 725 },
    ],
    fn: (x, k) =>
      weightedSum(
        raw.convGeneral(x!, k!, {
          inputBatchAxis: 0,
          inputChannelsAxis: 1,
          inputSpatialAxes: [2, 3, 4],
          kernelInputChannelsAxis: 1,
          kernelOutputChannelsAxis: 0,
          kernelSpatialAxes: [2, 3, 4],
          outputBatchAxis: 0,
          outputChannelsAxis: 1,
          outputSpatialAxes: [2, 3, 4],
          strides: [2, 1, 2],
          padding: [
            [0, 1],
            [1, 0],
            [0, 0],
          ],
          inputDilations: [1, 1, 1],
          kernelDilations: [1, 2, 1],
          featureGroupCount: 1,
          batchGroupCount: 1,
        }),
      ),
  },
];
