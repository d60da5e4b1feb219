import type { DType } from '@tsmlx/dtypes';
import type { ConformanceCase } from '../../types.js';
import { refBroadcast, refIota, refReverse, refTranspose } from './reference.js';
import { sample } from './samples.js';
import { expected, type Scalar, sizeOfDims, tensor } from './tensors.js';

const show = (list: readonly number[]) => `[${list.join(', ')}]`;

function iotaCase(dtype: DType, dims: number[], axis: number): ConformanceCase {
  return {
    op: 'iota',
    name: `${dtype} ${show(dims)} axis ${axis}`,
    inputs: [],
    build: (b) => [b.iota({ shape: expected(dtype, dims, refIota(dims, axis)).shape, axis })],
    expected: [expected(dtype, dims, refIota(dims, axis))],
  };
}

function broadcastCase(
  dtype: DType,
  dims: number[],
  outDims: number[],
  axesMapping: number[],
  values: Scalar[] = sample(dtype, sizeOfDims(dims)),
): ConformanceCase {
  return {
    op: 'broadcastInDim',
    name: `${dtype} ${show(dims)} to ${show(outDims)} mapping ${show(axesMapping)}`,
    inputs: [tensor(dtype, dims, values)],
    build: (b, [x]) => [b.broadcastInDim(x!, { dims: outDims, axesMapping })],
    expected: [expected(dtype, outDims, refBroadcast(values, dims, outDims, axesMapping))],
  };
}

function reshapeCase(dtype: DType, dims: number[], outDims: number[]): ConformanceCase {
  const values = sample(dtype, sizeOfDims(dims));
  return {
    op: 'reshape',
    name: `${dtype} ${show(dims)} to ${show(outDims)}`,
    inputs: [tensor(dtype, dims, values)],
    build: (b, [x]) => [b.reshape(x!, { dims: outDims })],
    // Row-major order is unchanged by definition.
    expected: [expected(dtype, outDims, values)],
  };
}

function transposeCase(
  dtype: DType,
  dims: number[],
  permutation: number[],
  values: Scalar[] = sample(dtype, sizeOfDims(dims)),
): ConformanceCase {
  return {
    op: 'transpose',
    name: `${dtype} ${show(dims)} permutation ${show(permutation)}`,
    inputs: [tensor(dtype, dims, values)],
    build: (b, [x]) => [b.transpose(x!, { permutation })],
    expected: [
      expected(
        dtype,
        permutation.map((a) => dims[a]!),
        refTranspose(values, dims, permutation),
      ),
    ],
  };
}

function reverseCase(dtype: DType, dims: number[], axes: number[]): ConformanceCase {
  const values = sample(dtype, sizeOfDims(dims));
  return {
    op: 'reverse',
    name: `${dtype} ${show(dims)} axes ${show(axes)}`,
    inputs: [tensor(dtype, dims, values)],
    build: (b, [x]) => [b.reverse(x!, { axes })],
    expected: [expected(dtype, dims, refReverse(values, dims, axes))],
  };
}

/** Cases of iota, broadcastInDim, reshape, transpose and reverse. */
export const layoutCases: ConformanceCase[] = [
  // iota
  iotaCase('int32', [2, 3], 1),
  iotaCase('float32', [3, 2], 0),
  iotaCase('int64', [2, 4, 3], 1),
  iotaCase('uint64', [5], 0),
  iotaCase('float16', [4, 2], 0),
  iotaCase('bfloat16', [2, 5], 1),
  iotaCase('uint8', [3, 2, 2], 2),
  iotaCase('float64', [2, 17, 3], 1),
  iotaCase('int16', [0, 3], 1),
  iotaCase('float64', [3, 0], 0),
  {
    op: 'iota',
    name: 'float16 [6] holds 0..5 exactly (hand-written)',
    inputs: [],
    build: (b) => [b.iota({ shape: expected('float16', [6], [0, 1, 2, 3, 4, 5]).shape, axis: 0 })],
    expected: [expected('float16', [6], [0, 1, 2, 3, 4, 5])],
  },
  // broadcastInDim
  broadcastCase('float32', [], [2, 3], []),
  broadcastCase('int32', [3], [2, 3], [1]),
  broadcastCase('int64', [3, 1], [3, 4], [0, 1]),
  broadcastCase('bool', [2], [4, 2, 3], [1]),
  broadcastCase('float16', [1, 3], [2, 2, 3], [1, 2]),
  broadcastCase('bfloat16', [2, 1], [2, 3, 2], [0, 2]),
  broadcastCase('float64', [2, 0], [3, 2, 0], [1, 2]),
  broadcastCase('uint8', [2, 3], [2, 3], [0, 1]),
  broadcastCase('uint64', [], [3, 1, 2], []),
  broadcastCase('float32', [1, 20], [3, 2, 20], [1, 2]),
  {
    op: 'broadcastInDim',
    name: 'int32 [2] to [2, 3] along axis 0 (hand-written)',
    inputs: [tensor('int32', [2], [7, -4])],
    build: (b, [x]) => [b.broadcastInDim(x!, { dims: [2, 3], axesMapping: [0] })],
    expected: [expected('int32', [2, 3], [7, 7, 7, -4, -4, -4])],
  },
  // reshape
  reshapeCase('float32', [], [1, 1]),
  reshapeCase('float64', [1, 1], []),
  reshapeCase('int64', [2, 3], [3, 2]),
  reshapeCase('bool', [2, 2], [4]),
  reshapeCase('bfloat16', [6], [1, 2, 1, 3]),
  reshapeCase('float16', [2, 3, 2], [12]),
  reshapeCase('uint8', [0, 3], [3, 0]),
  reshapeCase('int32', [2, 3, 4], [4, 6]),
  {
    op: 'reshape',
    name: 'operand and its reshape both returned stay independent outputs',
    inputs: [tensor('float32', [2, 2], [1, 2, 3, 4])],
    build: (b, [x]) => [b.reshape(x!, { dims: [4] }), x!],
    expected: [expected('float32', [4], [1, 2, 3, 4]), expected('float32', [2, 2], [1, 2, 3, 4])],
  },
  // transpose
  transposeCase('float32', [2, 3], [1, 0], [1, Number.NaN, -0, Number.NEGATIVE_INFINITY, 2.5, -3]),
  transposeCase('int32', [2, 3, 4], [2, 0, 1]),
  transposeCase('float64', [2, 3, 1, 2, 2, 3], [5, 3, 0, 4, 1, 2]),
  transposeCase('int8', [2, 1, 3, 2, 1, 2], [1, 3, 5, 0, 4, 2]),
  transposeCase('int64', [3, 2], [1, 0]),
  transposeCase('uint64', [2, 2, 3], [2, 1, 0]),
  transposeCase('uint8', [2, 0, 3], [2, 1, 0]),
  transposeCase('bool', [2, 3], [1, 0]),
  transposeCase('float16', [2, 2, 2], [0, 2, 1]),
  transposeCase('bfloat16', [3, 2], [1, 0]),
  transposeCase('float32', [], []),
  transposeCase('int16', [2, 3, 2], [0, 1, 2]),
  transposeCase('float32', [2, 3, 20], [1, 0, 2]),
  transposeCase('int64', [3, 2, 17], [1, 0, 2]),
  transposeCase('uint32', [17, 5], [1, 0]),
  {
    op: 'transpose',
    name: 'int32 [2, 3] (hand-written)',
    inputs: [tensor('int32', [2, 3], [1, 2, 3, 4, 5, 6])],
    build: (b, [x]) => [b.transpose(x!, { permutation: [1, 0] })],
    expected: [expected('int32', [3, 2], [1, 4, 2, 5, 3, 6])],
  },
  // reverse
  reverseCase('int32', [2, 3], [1]),
  reverseCase('float32', [2, 3], [0, 1]),
  reverseCase('int64', [3], [0]),
  reverseCase('bool', [2, 2, 2], [0, 2]),
  reverseCase('bfloat16', [4], [0]),
  reverseCase('float64', [0, 3], [0]),
  reverseCase('uint8', [2, 3], []),
  reverseCase('float16', [2, 3, 20], [0]),
  reverseCase('uint64', [2, 3, 2], [1, 2]),
  reverseCase('float32', [], []),
  {
    op: 'reverse',
    name: 'int32 [2, 3] axis 1 (hand-written)',
    inputs: [tensor('int32', [2, 3], [1, 2, 3, 4, 5, 6])],
    build: (b, [x]) => [b.reverse(x!, { axes: [1] })],
    expected: [expected('int32', [2, 3], [3, 2, 1, 6, 5, 4])],
  },
];
