/**
 * `@tsmlx/graph`: what users write. Build a {@link Graph} of {@link Node}s with static shapes using the op
 * library (`add`, `matMul`, `softmax`, `conv`, ...), run it with {@link Exec} — compiled once per tuple of
 * input shapes — and read the resulting {@link Tensor}s.
 *
 * Every primitive op of the op table is also available raw (exact op-table semantics, no broadcasting)
 * in the `raw` object; ops without a friendlier version are exported directly too.
 *
 * @packageDocumentation
 */

export {
  type CustomGradient,
  differentiableOps,
  gradient,
  identityWithCustomGradient,
  registerVJP,
  stopGradient,
  type VJPRule,
  vjpRule,
} from './autodiff/index.js';
export { atUserFrame, trimStack } from './errors.js';
export {
  Exec,
  type ExecOptions,
  execOnce,
  type GraphFn,
  type GraphOutputs,
  type InputValue,
  type TensorsOf,
} from './exec.js';
// Raw wrappers of every primitive op (and `raw`, holding all of them); the hand-written exports below
// take precedence over the same names.
export * from './gen_ops.js';
export { describeValue, Graph, type GraphOptions, graphOf } from './graph.js';
export { LruCache } from './lru.js';
export { Node } from './node.js';
export {
  add,
  atan2,
  type BinaryOp,
  bitwiseAnd,
  bitwiseOr,
  bitwiseXor,
  clip,
  convert,
  div,
  equal,
  greaterOrEqual,
  greaterThan,
  lessOrEqual,
  lessThan,
  logicalAnd,
  logicalOr,
  logicalXor,
  max,
  min,
  mul,
  notEqual,
  pow,
  reciprocal,
  rem,
  shiftLeft,
  shiftRightArithmetic,
  shiftRightLogical,
  square,
  sub,
  where,
} from './ops/arith.js';
export { axesOf, axisOf } from './ops/axes.js';
export { broadcastOperands, broadcastToDims, type Operand, toNodes } from './ops/broadcast.js';
export {
  constant,
  constantNode,
  expectFloat,
  full,
  iota,
  ones,
  scalar,
  scalarLike,
  zeros,
} from './ops/constants.js';
export { subProgram } from './ops/control.js';
export { ConvBuilder, conv } from './ops/conv.js';
export { einsum } from './ops/einsum.js';
export { matMul } from './ops/linalg.js';
export { logSoftmax, oneHot, softmax, type TopK, topK } from './ops/nn.js';
export type { Padding } from './ops/padding.js';
export { avgPool, maxPool, PoolBuilder, sumPool } from './ops/pool.js';
export {
  type ArgOptions,
  type Axes,
  argMax,
  argMin,
  type CumSumOptions,
  cumSum,
  keepReducedDims,
  logSumExp,
  mean,
  type ReduceOp,
  type ReduceOptions,
  reduceBitwiseAnd,
  reduceBitwiseOr,
  reduceBitwiseXor,
  reduceLogicalAnd,
  reduceLogicalOr,
  reduceLogicalXor,
  reduceMax,
  reduceMin,
  reduceProduct,
  reduceSum,
  type VarianceOptions,
  variance,
} from './ops/reduce.js';
export {
  broadcastTo,
  concat,
  expandDims,
  gatherRows,
  reshape,
  reverse,
  sliceAxis,
  split,
  squeeze,
  stack,
  transpose,
} from './ops/shape.js';
export { setTensorDebug, Tensor } from './tensor.js';
export type {
  HostValue,
  HostValueOptions,
  NestedArray,
  Scalar,
  TypedArray,
} from './values.js';
