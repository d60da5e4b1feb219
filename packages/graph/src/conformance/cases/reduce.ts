import * as raw from '../../gen_ops.js';
import type { Node } from '../../node.js';
import type { GradientCase } from '../types.js';
import { weightedSum } from '../weights.js';

const sum = (x: Node, axes: number[]) => raw.reduceSum(x, { axes });
const prod = (x: Node, axes: number[]) => raw.reduceProduct(x, { axes });

/** Gradient cases of the reductions (reduceSum, reduceProduct, reduceMax, reduceMin). */
export const REDUCE_GRADIENT_CASES: readonly GradientCase[] = [
  {
    name: 'reduceSum over the last axis',
    ops: ['reduceSum'],
    inputs: [{ dims: [3, 4], seed: 600 }],
    fn: (x) => weightedSum(sum(raw.mul(x!, x!), [1])),
  },
  {
    name: 'reduceSum over two non-adjacent axes of rank 4, and to a scalar',
    ops: ['reduceSum'],
    inputs: [{ dims: [2, 3, 2, 3], seed: 601 }],
    fn: (x) => raw.add(weightedSum(sum(raw.sin(x!), [0, 2])), sum(x!, [0, 1, 2, 3])),
  },
  {
    name: 'reduceProduct over one axis (values away from 0)',
    ops: ['reduceProduct'],
    inputs: [{ dims: [3, 5], seed: 610, min: 0.5, max: 1.5 }],
    fn: (x) => weightedSum(prod(x!, [1])),
  },
  {
    name: 'reduceProduct over two axes with signs',
    ops: ['reduceProduct'],
    inputs: [{ dims: [2, 3, 4], seed: 611, min: -1.5, max: 1.5 }],
    fn: (x) => weightedSum(prod(x!, [0, 2])),
  },
  {
    name: 'reduceProduct with exact zeros (one and several per group)',
    ops: ['reduceProduct'],
    inputs: [{ dims: [3, 4], values: [0, 2, -1.5, 0.5, 3, 0, 0, 1, 0.7, -1.2, 2, 0.9] }],
    fn: (x) => weightedSum(prod(x!, [1])),
  },
  {
    name: 'reduceMax over one axis',
    ops: ['reduceMax'],
    inputs: [{ dims: [4, 5], seed: 620 }],
    fn: (x) => weightedSum(raw.reduceMax(x!, { axes: [1] })),
  },
  {
    name: 'reduceMax over all axes of rank 3',
    ops: ['reduceMax'],
    inputs: [{ dims: [2, 3, 4], seed: 621 }],
    fn: (x) => raw.mul(raw.reduceMax(x!, { axes: [0, 1, 2] }), raw.reduceMax(x!, { axes: [0, 1, 2] })),
  },
  {
    name: 'reduceMin over the first and last axes',
    ops: ['reduceMin'],
    inputs: [{ dims: [3, 2, 4], seed: 630 }],
    fn: (x) => weightedSum(raw.reduceMin(raw.sin(x!), { axes: [0, 2] })),
  },
];
