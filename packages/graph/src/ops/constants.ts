import { type AnyStorageArray, type DType, isFloat } from '@tsmlx/dtypes';
import { normalizeAxis, Shape } from '@tsmlx/shapes';
import { atUserFrame, opError } from '../errors.js';
import * as raw from '../gen_ops.js';
import type { Graph } from '../graph.js';
import type { Node } from '../node.js';
import { Tensor } from '../tensor.js';
import { type HostValue, hostData, type Scalar, scalarStorage } from '../values.js';

/**
 * A constant node from a JS value: a scalar, nested arrays, a TypedArray or a {@link Tensor}. Without a
 * dtype, the value's own is used (TypedArrays keep theirs; numbers become float32, bigints int64,
 * booleans bool).
 *
 * @param dtype - the dtype, or `{ dtype, shape }` to also reshape flat data / fill a shape with a scalar.
 * @throws RangeError or TypeError for ragged arrays or values that do not fit the dtype.
 * @example
 * ```ts
 * const m = constant(g, [[1, 2], [3, 4]], 'float32'); // (float32)[2, 2]
 * ```
 */
export function constant(
  g: Graph,
  value: HostValue | Tensor,
  dtype?: DType | { dtype?: DType; shape?: readonly number[] },
): Node {
  const options = typeof dtype === 'string' ? { dtype } : (dtype ?? {});
  try {
    if (value instanceof Tensor) {
      if (options.dtype && options.dtype !== value.dtype) {
        throw new TypeError(
          `constant: a ${value.dtype} tensor cannot be a ${options.dtype} constant; convert it`,
        );
      }
      const dims = options.shape ?? value.dims;
      return constantNode(g, value.dataSync(), new Shape(value.dtype, dims));
    }
    const { storage, shape } = hostData(value, options, 'constant');
    return constantNode(g, storage, shape);
  } catch (error) {
    throw atUserFrame(error);
  }
}

/** A constant node holding `storage` (kept by reference: do not mutate it) of the given shape. */
export function constantNode(g: Graph, storage: AnyStorageArray, shape: Shape): Node {
  return g.addOp('constant', [], { value: storage, shape }) as Node;
}

function scalarKey(value: Scalar): string {
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  return `${typeof value}:${String(value)}`;
}

/**
 * A scalar constant of `dtype` (shared: asking twice for the same value and dtype in a graph gives the
 * same node).
 *
 * @throws RangeError when the value does not fit the dtype exactly (e.g. 1.5 as int32).
 * @example
 * ```ts
 * scalar(g, 1.5, 'float32');
 * ```
 */
export function scalar(g: Graph, value: Scalar, dtype: DType): Node {
  return g.memoized(`scalar:${dtype}:${scalarKey(value)}`, () => {
    try {
      return constantNode(g, scalarStorage(value, dtype, 'scalar'), new Shape(dtype));
    } catch (error) {
      throw atUserFrame(error);
    }
  });
}

function dimsList(op: string, dims: number | readonly number[]): number[] {
  const list = typeof dims === 'number' ? [dims] : [...dims];
  for (const d of list) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw opError(op, `dims must be non-negative integers, got [${list.join(', ')}]`);
    }
  }
  return list;
}

/** A tensor of `dims` filled with `value` (a broadcast scalar constant; no data is stored per element). */
export function full(g: Graph, dtype: DType, dims: number | readonly number[], value: Scalar): Node {
  const list = dimsList('full', dims);
  const s = scalar(g, value, dtype);
  if (list.length === 0) return s;
  return raw.broadcastInDim(s, { dims: list, axesMapping: [] });
}

/** A tensor of zeros. */
export function zeros(g: Graph, dtype: DType, dims: number | readonly number[]): Node {
  return full(g, dtype, dims, dtype === 'bool' ? false : 0);
}

/** A tensor of ones. */
export function ones(g: Graph, dtype: DType, dims: number | readonly number[]): Node {
  return full(g, dtype, dims, dtype === 'bool' ? true : 1);
}

/** A scalar of the dtype of `like`, holding `value`. */
export function scalarLike(like: Node, value: Scalar): Node {
  return scalar(like.graph, value, like.dtype);
}

/**
 * Values 0, 1, 2, ... along `axis` of a tensor of `dims`, repeated along the other axes.
 *
 * @param axis - the axis the values increase along; negative counts from the end. Default 0.
 * @example
 * ```ts
 * iota(g, 'int32', [2, 3], 1); // [[0, 1, 2], [0, 1, 2]]
 * ```
 */
export function iota(g: Graph, dtype: DType, dims: number | readonly number[], axis = 0): Node {
  const list = dimsList('iota', dims);
  if (list.length === 0) throw opError('iota', 'needs at least one dimension (got a scalar shape)');
  let a: number;
  try {
    a = normalizeAxis(axis, list.length, 'iota');
  } catch (error) {
    throw atUserFrame(error);
  }
  return raw.iota(g, { shape: new Shape(dtype, list), axis: a });
}

/** Checks that a node has a float dtype (for ops such as `mean` or `softmax`). */
export function expectFloat(op: string, x: Node): void {
  if (!isFloat(x.dtype)) {
    throw opError(op, `operand ${x.shape} has dtype ${x.dtype}; expected a float dtype (convert it first)`);
  }
}
