import type { AnyStorageArray, DType } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import type { Program } from '../program.js';

// Attribute types of every primitive op. Axes are non-negative; the graph layer normalizes negative axes.

/** Attributes of ops that take none. */
export type NoAttrs = Record<string, never>;

/** `parameter`: an input of the program. */
export interface ParameterAttrs {
  /** Position among the program's parameters. */
  index: number;
  /** Name for debugging and emitted code. */
  name: string;
  /** Shape of the input. */
  shape: Shape;
}

/** `constant`: a literal tensor, row-major in its dtype's storage array. */
export interface ConstantAttrs {
  /** The elements, `shape.size` of them (2× for complex). */
  value: AnyStorageArray;
  /** Shape of the constant. */
  shape: Shape;
}

/** `iota`: values 0, 1, 2, ... along `axis`, broadcast along the others. */
export interface IotaAttrs {
  /** Result shape. */
  shape: Shape;
  /** Axis along which values increase. */
  axis: number;
}

/** `convertDType` and `bitcast`: the target dtype. */
export interface DTypeAttrs {
  /** Target dtype. */
  dtype: DType;
}

/** `broadcastInDim`: operand axis `i` becomes result axis `axesMapping[i]`; its size must be 1 or equal. */
export interface BroadcastInDimAttrs {
  /** Result dims. */
  dims: readonly number[];
  /** For each operand axis, the result axis it maps to (strictly increasing). */
  axesMapping: readonly number[];
}

/** `reshape`: the new dims (same number of elements). */
export interface ReshapeAttrs {
  /** Result dims. */
  dims: readonly number[];
}

/** `transpose`: result axis `i` is operand axis `permutation[i]`. */
export interface TransposeAttrs {
  /** A permutation of `0..rank-1`. */
  permutation: readonly number[];
}

/** Ops over a set of axes: `reverse` and the reductions. */
export interface AxesAttrs {
  /** Distinct axes of the operand. */
  axes: readonly number[];
}

/** `concatenate`: operands joined along one axis. */
export interface AxisAttrs {
  /** The axis. */
  axis: number;
}

/** `slice`: `start[i]` (inclusive) to `limit[i]` (exclusive) with `strides[i]` (≥ 1) on every axis. */
export interface SliceAttrs {
  /** Start per axis. */
  start: readonly number[];
  /** Limit per axis (exclusive). */
  limit: readonly number[];
  /** Stride per axis. */
  strides: readonly number[];
}

/** `dynamicSlice`: the slice sizes; the starts are scalar integer operands, clamped into range (XLA). */
export interface DynamicSliceAttrs {
  /** Size of the slice on each axis. */
  sizes: readonly number[];
}

/** `pad`: edge padding (may be negative, which crops) and interior padding (≥ 0) per axis. */
export interface PadAttrs {
  /** Elements added before each axis. */
  low: readonly number[];
  /** Elements added after each axis. */
  high: readonly number[];
  /** Elements inserted between neighbours on each axis. */
  interior: readonly number[];
}

/** `argMinMax`: index of the min or max along one axis; the first index wins ties, NaN counts as extreme. */
export interface ArgMinMaxAttrs {
  /** The axis reduced. */
  axis: number;
  /** True for argMin, false for argMax. */
  isMin: boolean;
  /** Integer dtype of the result. */
  outputDType: DType;
}

/** The reductions `reduceWindow` can apply. */
export type WindowReduction = 'sum' | 'product' | 'max' | 'min';

/** `reduceWindow`: a sliding-window reduction (pooling). */
export interface ReduceWindowAttrs {
  /** The reduction applied in each window. */
  reduction: WindowReduction;
  /** Window size per axis. */
  windowDims: readonly number[];
  /** Window stride per axis. */
  strides: readonly number[];
  /** Dilation of the operand per axis (1 = none). */
  baseDilations: readonly number[];
  /** Dilation of the window per axis (1 = none). */
  windowDilations: readonly number[];
  /** `[low, high]` padding per axis, filled with the reduction's identity. */
  padding: ReadonlyArray<readonly [number, number]>;
}

/** `selectAndScatterMax/Min/Sum`: the window of the forward `reduceWindow` (no dilations). */
export interface SelectAndScatterAttrs {
  /** Window size per axis. */
  windowDims: readonly number[];
  /** Window stride per axis. */
  strides: readonly number[];
  /** `[low, high]` padding per axis. */
  padding: ReadonlyArray<readonly [number, number]>;
}

/**
 * `dotGeneral`: contracts `lhsContractingAxes` with `rhsContractingAxes` and pairs batch axes. The result
 * has the batch axes, then the free lhs axes, then the free rhs axes (XLA order).
 */
export interface DotGeneralAttrs {
  /** Batch axes of lhs. */
  lhsBatchAxes: readonly number[];
  /** Contracting axes of lhs. */
  lhsContractingAxes: readonly number[];
  /** Batch axes of rhs (same sizes as lhs's). */
  rhsBatchAxes: readonly number[];
  /** Contracting axes of rhs (same sizes as lhs's). */
  rhsContractingAxes: readonly number[];
}

/**
 * `convGeneral`: an N-D convolution with XLA's dimension numbers. Layouts are given by axis numbers, so
 * channels-last (NHWC/HWIO) and channels-first (NCHW/OIHW) are both expressed.
 */
export interface ConvGeneralAttrs {
  /** Input batch axis. */
  inputBatchAxis: number;
  /** Input feature (channel) axis. */
  inputChannelsAxis: number;
  /** Input spatial axes, in spatial order. */
  inputSpatialAxes: readonly number[];
  /** Kernel input-feature axis. */
  kernelInputChannelsAxis: number;
  /** Kernel output-feature axis. */
  kernelOutputChannelsAxis: number;
  /** Kernel spatial axes, in spatial order. */
  kernelSpatialAxes: readonly number[];
  /** Output batch axis. */
  outputBatchAxis: number;
  /** Output feature axis. */
  outputChannelsAxis: number;
  /** Output spatial axes, in spatial order. */
  outputSpatialAxes: readonly number[];
  /** Window strides per spatial axis. */
  strides: readonly number[];
  /** `[low, high]` zero padding per spatial axis (may be negative). */
  padding: ReadonlyArray<readonly [number, number]>;
  /** Input (lhs) dilation per spatial axis (1 = none; above 1 gives transposed convolutions). */
  inputDilations: readonly number[];
  /** Kernel (rhs) dilation per spatial axis (1 = none; atrous convolutions). */
  kernelDilations: readonly number[];
  /** Feature groups: input channels split into this many groups (depthwise = input channels). */
  featureGroupCount: number;
  /** Batch groups (used by the kernel gradient of grouped convolutions). */
  batchGroupCount: number;
}

/** `gather` with XLA's dimension numbers. */
export interface GatherAttrs {
  /** Axis of `startIndices` that holds index vectors (may equal its rank: implicit trailing 1). */
  indexVectorAxis: number;
  /** Result axes that hold the slice (offset) dims. */
  offsetAxes: readonly number[];
  /** Operand axes sliced with size 1 and removed from the result. */
  collapsedSliceAxes: readonly number[];
  /** Operand axis each index-vector component indexes. */
  startIndexMap: readonly number[];
  /** Slice size per operand axis. */
  sliceSizes: readonly number[];
  /** Operand batching axes (paired with `startIndicesBatchingAxes`). */
  operandBatchingAxes: readonly number[];
  /** Batching axes of `startIndices`. */
  startIndicesBatchingAxes: readonly number[];
  /** Promise that indices are sorted (a hint). */
  indicesAreSorted: boolean;
}

/** `scatterSum/Max/Min` with XLA's dimension numbers. */
export interface ScatterAttrs {
  /** Axis of `scatterIndices` holding index vectors (may equal its rank). */
  indexVectorAxis: number;
  /** Axes of `updates` that are window axes. */
  updateWindowAxes: readonly number[];
  /** Operand axes of size 1 not present in the update windows. */
  insertedWindowAxes: readonly number[];
  /** Operand axis each index-vector component addresses. */
  scatterAxesToOperandAxes: readonly number[];
  /** Operand batching axes. */
  inputBatchingAxes: readonly number[];
  /** Batching axes of `scatterIndices`. */
  scatterIndicesBatchingAxes: readonly number[];
  /** Promise that indices are sorted (a hint). */
  indicesAreSorted: boolean;
  /** Promise that indices are unique (a hint). */
  uniqueIndices: boolean;
}

/** `rngBitGenerator`: Philox-4x32-10 bits from a `uint64[3]` state (key, counter high, counter low). */
export interface RngBitGeneratorAttrs {
  /** Shape (an unsigned integer dtype) of the random bits produced. */
  shape: Shape;
}

/** `while`: runs `body` while `cond` holds; both take the loop state as parameters. */
export interface WhileAttrs {
  /** Parameters: the state; output: one bool scalar. */
  cond: Program;
  /** Parameters: the state; outputs: the next state (same shapes). */
  body: Program;
}

/** `if`: runs one branch on the operands after the predicate. */
export interface IfAttrs {
  /** Runs when the predicate is true. */
  trueBranch: Program;
  /** Runs when the predicate is false; same output shapes as `trueBranch`. */
  falseBranch: Program;
}

/** `sort`: sorts operands (same dims) along `axis` by `comparator`. */
export interface SortAttrs {
  /** The axis sorted. */
  axis: number;
  /** Keep the order of elements the comparator calls equal. */
  stable: boolean;
  /** Takes 2·n scalars (lhs_0, rhs_0, lhs_1, rhs_1, ...) and returns a bool scalar: lhs before rhs. */
  comparator: Program;
}

/** `call`: runs a sub-program on the operands. */
export interface CallAttrs {
  /** The function called. */
  fn: Program;
}
