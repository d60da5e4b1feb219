import * as raw from '../../gen_ops.js';
import type { Node } from '../../node.js';
import { mul, sub } from '../../ops/arith.js';
import { constant } from '../../ops/constants.js';
import { einsum } from '../../ops/einsum.js';
import { matMul } from '../../ops/linalg.js';
import { logSoftmax, softmax } from '../../ops/nn.js';
import { avgPool, maxPool, sumPool } from '../../ops/pool.js';
import { cumSum, logSumExp, mean, reduceSum, variance } from '../../ops/reduce.js';
import type { GradientCase } from '../types.js';
import { weightedSum } from '../weights.js';

// Composite ops have no rules of their own: their gradients flow through the decomposition. These cases
// check that the decomposed graphs differentiate correctly end to end.

/** `-sum(onehot * logSoftmax(logits))` with fixed labels: the softmax cross-entropy of a batch. */
function crossEntropy(logits: Node, labels: readonly number[]): Node {
  const [batch, classes] = logits.dims as [number, number];
  const onehot = new Float64Array(batch * classes);
  labels.forEach((label, i) => {
    onehot[i * classes + label] = 1;
  });
  const target = constant(logits.graph, onehot, { dtype: 'float64', shape: [batch, classes] });
  return raw.neg(reduceSum(mul(target, logSoftmax(logits, -1))));
}

/** Gradient cases of composite ops (softmax, pools, einsum, ...) through their decompositions. */
export const COMPOSITE_GRADIENT_CASES: readonly GradientCase[] = [
  {
    name: 'softmax over the last axis',
    composite: 'softmax',
    ops: ['reduceMax', 'exp', 'reduceSum', 'div', 'sub', 'broadcastInDim'],
    inputs: [{ dims: [3, 5], seed: 500, min: -3, max: 3 }],
    fn: (x) => weightedSum(softmax(x!, -1)),
  },
  {
    name: 'softmax over two axes of a rank-3 tensor',
    composite: 'softmax',
    ops: ['reduceMax', 'exp', 'reduceSum', 'div', 'sub', 'broadcastInDim'],
    inputs: [{ dims: [2, 3, 4], seed: 501, min: -3, max: 3 }],
    fn: (x) => weightedSum(softmax(x!, [0, 2])),
  },
  {
    name: 'logSoftmax',
    composite: 'logSoftmax',
    ops: ['reduceMax', 'exp', 'log', 'reduceSum', 'sub', 'where', 'isFinite'],
    inputs: [{ dims: [4, 6], seed: 502, min: -3, max: 3 }],
    fn: (x) => weightedSum(logSoftmax(x!, -1)),
  },
  {
    name: 'logSumExp over all axes',
    composite: 'logSumExp',
    ops: ['reduceMax', 'exp', 'log', 'reduceSum'],
    inputs: [{ dims: [3, 4], seed: 503, min: -3, max: 3 }],
    fn: (x) => logSumExp(x!),
  },
  {
    name: 'softmax cross-entropy',
    composite: 'crossEntropy',
    ops: ['reduceMax', 'exp', 'log', 'reduceSum', 'mul', 'neg'],
    inputs: [{ dims: [4, 5], seed: 504, min: -3, max: 3 }],
    fn: (x) => crossEntropy(x!, [0, 3, 4, 1]),
  },
  {
    name: 'mean over axis 1',
    composite: 'mean',
    ops: ['reduceSum', 'div'],
    inputs: [{ dims: [3, 4, 2], seed: 505 }],
    fn: (x) => weightedSum(mean(mul(x!, x!), 1)),
  },
  {
    name: 'variance (ddof 1) over axes 0 and 2',
    composite: 'variance',
    ops: ['reduceSum', 'sub', 'mul', 'div', 'broadcastInDim'],
    inputs: [{ dims: [3, 2, 4], seed: 506 }],
    fn: (x) => weightedSum(variance(x!, [0, 2], { ddof: 1 })),
  },
  {
    name: 'matMul with broadcast batch dims',
    composite: 'matMul',
    ops: ['dotGeneral', 'broadcastInDim'],
    inputs: [
      { dims: [2, 1, 3, 4], seed: 507 },
      { dims: [1, 3, 4, 2], seed: 508 },
    ],
    fn: (a, b) => weightedSum(matMul(a!, b!)),
  },
  {
    name: 'matMul vector by matrix',
    composite: 'matMul',
    ops: ['dotGeneral', 'reshape'],
    inputs: [
      { dims: [4], seed: 509 },
      { dims: [4, 3], seed: 510 },
    ],
    fn: (a, b) => weightedSum(matMul(a!, b!)),
  },
  {
    name: 'einsum bij,bjk->bik',
    composite: 'einsum',
    ops: ['dotGeneral'],
    inputs: [
      { dims: [2, 3, 4], seed: 511 },
      { dims: [2, 4, 2], seed: 512 },
    ],
    fn: (a, b) => weightedSum(einsum('bij,bjk->bik', a!, b!)),
  },
  {
    name: 'einsum with a trace-free contraction and a sum: ij,jk->i',
    composite: 'einsum',
    ops: ['dotGeneral', 'reduceSum'],
    inputs: [
      { dims: [3, 4], seed: 513 },
      { dims: [4, 2], seed: 514 },
    ],
    fn: (a, b) => weightedSum(einsum('ij,jk->i', a!, b!)),
  },
  {
    name: 'maxPool 2x2 stride 1',
    composite: 'maxPool',
    ops: ['reduceWindow'],
    inputs: [{ dims: [1, 4, 5, 2], seed: 515 }],
    fn: (x) => weightedSum(maxPool(x!).window(2).strides(1).done()),
  },
  {
    name: 'avgPool 2x2 with same padding',
    composite: 'avgPool',
    ops: ['reduceWindow', 'div'],
    inputs: [{ dims: [2, 5, 3, 1], seed: 516 }],
    fn: (x) => weightedSum(avgPool(x!).window(2).padding('same').done()),
  },
  {
    name: 'sumPool 3x2 stride 2',
    composite: 'sumPool',
    ops: ['reduceWindow'],
    inputs: [{ dims: [1, 6, 5, 2], seed: 517 }],
    fn: (x) => weightedSum(sumPool(x!).window([3, 2]).strides(2).done()),
  },
  {
    name: 'cumSum forward and reverse',
    composite: 'cumSum',
    ops: ['reduceWindow'],
    inputs: [{ dims: [3, 5], seed: 518 }],
    fn: (x) => raw.add(weightedSum(cumSum(x!, 1)), weightedSum(cumSum(mul(x!, x!), 0, { reverse: true }), 7)),
  },
  {
    name: 'a small MLP: tanh(x @ w1 + b1) @ w2, squared error',
    composite: 'mlp',
    ops: ['dotGeneral', 'tanh', 'add', 'broadcastInDim', 'sub', 'mul', 'reduceSum'],
    inputs: [
      { dims: [4, 3], seed: 519 },
      { dims: [3, 5], seed: 520 },
      { dims: [1, 5], seed: 521 },
      { dims: [5, 2], seed: 522 },
    ],
    fn: (x, w1, b1, w2) => {
      const hidden = raw.tanh(
        raw.add(matMul(x!, w1!), raw.broadcastInDim(b1!, { dims: [4, 5], axesMapping: [0, 1] })),
      );
      const err = sub(matMul(hidden, w2!), 0.5);
      return reduceSum(mul(err, err));
    },
  },
];
