import {
  type AnyStorageArray,
  allocateStorage,
  bfloat16FromNumber,
  bfloat16ToNumber,
  type DType,
  describe,
  float16FromNumber,
  float16ToNumber,
  isStorageOf,
  maxValue,
  minValue,
} from '@tsmlx/dtypes';
import { Shape, sizeOf } from '@tsmlx/shapes';

// Conversions between plain JS values (scalars, nested arrays, TypedArrays) and dtype storage arrays.

/** A JS scalar: a number, a bigint (64-bit integers) or a boolean. */
export type Scalar = number | bigint | boolean;

/** A scalar or (nested, rectangular) arrays of scalars, e.g. `[[1, 2], [3, 4]]`. */
export type NestedArray = Scalar | readonly NestedArray[];

/** Any numeric TypedArray. */
export type TypedArray =
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** A JS value tsmlx turns into tensor data: a scalar, nested arrays or a TypedArray. */
export type HostValue = NestedArray | TypedArray;

/** Options for turning JS values into tensor data. */
export interface HostValueOptions {
  /** The dtype; inferred when omitted (TypedArrays keep theirs; numbers become float32, bigints int64, booleans bool). */
  dtype?: DType;
  /**
   * The dims: a flat TypedArray or nested array is reshaped to them (same number of elements), a scalar
   * fills them. Inferred when omitted.
   */
  shape?: readonly number[] | Shape;
}

const typedArrayDTypes: ReadonlyArray<[new (n: number) => TypedArray, DType]> = [
  [Float32Array, 'float32'],
  [Float64Array, 'float64'],
  [Int32Array, 'int32'],
  [Int16Array, 'int16'],
  [Int8Array, 'int8'],
  [Uint8Array, 'uint8'],
  [Uint8ClampedArray, 'uint8'],
  [Uint16Array, 'uint16'],
  [Uint32Array, 'uint32'],
  [BigInt64Array, 'int64'],
  [BigUint64Array, 'uint64'],
];

/** The dtype a TypedArray holds naturally (Float32Array → float32, BigInt64Array → int64, ...). */
export function typedArrayDType(array: TypedArray): DType {
  for (const [ctor, dtype] of typedArrayDTypes) if (array instanceof ctor) return dtype;
  throw new TypeError(`unsupported TypedArray ${(array as object).constructor.name}`);
}

/** Tells whether a value is a TypedArray (not a DataView). */
export function isTypedArray(value: unknown): value is TypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

type Writer = (out: AnyStorageArray, index: number, value: Scalar) => void;

function fail(where: string, value: Scalar, dtype: DType, why: string): never {
  throw new RangeError(`${where}: cannot store ${describe(value)} as ${dtype}: ${why}`);
}

/** A function storing JS scalars into `dtype` storage, checking that each value fits exactly. */
export function scalarWriter(dtype: DType, where: string): Writer {
  switch (dtype) {
    case 'float32':
    case 'float64':
      return (out, i, v) => {
        (out as Float64Array)[i] = typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
      };
    case 'float16':
    case 'bfloat16': {
      const encode = dtype === 'float16' ? float16FromNumber : bfloat16FromNumber;
      return (out, i, v) => {
        (out as Uint16Array)[i] = encode(typeof v === 'boolean' ? (v ? 1 : 0) : Number(v));
      };
    }
    case 'bool':
      return (out, i, v) => {
        if (v === true || v === 1 || v === 1n) (out as Uint8Array)[i] = 1;
        else if (v === false || v === 0 || v === 0n) (out as Uint8Array)[i] = 0;
        else fail(where, v, dtype, 'bool takes true/false (or 1/0)');
      };
    case 'int64':
    case 'uint64': {
      const lo = minValue(dtype) as bigint;
      const hi = maxValue(dtype) as bigint;
      return (out, i, v) => {
        let b: bigint;
        if (typeof v === 'bigint') b = v;
        else if (typeof v === 'boolean') b = v ? 1n : 0n;
        else if (Number.isInteger(v)) b = BigInt(v);
        else fail(where, v, dtype, 'not an integer');
        if (b < lo || b > hi) fail(where, v, dtype, `out of range ${lo}..${hi}`);
        (out as BigInt64Array)[i] = b;
      };
    }
    case 'complex64':
    case 'complex128':
      throw new TypeError(`${where}: complex dtypes cannot be built from JS values yet`);
    default: {
      const lo = minValue(dtype) as number;
      const hi = maxValue(dtype) as number;
      return (out, i, v) => {
        const n = typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
        if (!Number.isInteger(n)) fail(where, v, dtype, 'not an integer');
        if (n < lo || n > hi) fail(where, v, dtype, `out of range ${lo}..${hi}`);
        (out as Int32Array)[i] = n;
      };
    }
  }
}

/** Reads element `index` of `dtype` storage as a JS scalar (float16/bfloat16 decoded, bool as boolean). */
export function readScalar(storage: AnyStorageArray, index: number, dtype: DType): Scalar {
  const raw = storage[index]!;
  switch (dtype) {
    case 'bool':
      return raw !== 0;
    case 'float16':
      return float16ToNumber(raw as number);
    case 'bfloat16':
      return bfloat16ToNumber(raw as number);
    default:
      return raw;
  }
}

/** Storage of one element of `dtype` holding `value`. @throws RangeError when it does not fit exactly. */
export function scalarStorage(value: Scalar, dtype: DType, where: string): AnyStorageArray {
  const out = allocateStorage(dtype, 1);
  scalarWriter(dtype, where)(out, 0, value);
  return out;
}

function nestedDims(value: NestedArray): number[] {
  const dims: number[] = [];
  let level: NestedArray = value;
  while (Array.isArray(level)) {
    dims.push(level.length);
    if (level.length === 0) break;
    level = level[0] as NestedArray;
  }
  return dims;
}

function flatten(value: NestedArray, dims: readonly number[], where: string): Scalar[] {
  const out: Scalar[] = [];
  const visit = (v: NestedArray, depth: number, path: string): void => {
    if (depth === dims.length) {
      if (Array.isArray(v)) {
        throw new RangeError(`${where}: ragged nested array: ${path} is an array, expected a scalar`);
      }
      const t = typeof v;
      if (t !== 'number' && t !== 'bigint' && t !== 'boolean') {
        throw new TypeError(
          `${where}: ${path} is ${describe(v)}; elements must be numbers, bigints or booleans`,
        );
      }
      out.push(v as Scalar);
      return;
    }
    if (!Array.isArray(v) || v.length !== dims[depth]) {
      throw new RangeError(
        `${where}: ragged nested array: ${path} ${Array.isArray(v) ? `has length ${v.length}` : 'is a scalar'}, expected an array of length ${dims[depth]} (dims [${dims.join(', ')}])`,
      );
    }
    for (let i = 0; i < v.length; i++) visit(v[i] as NestedArray, depth + 1, `${path}[${i}]`);
  };
  visit(value, 0, 'value');
  return out;
}

function inferDType(values: readonly Scalar[], where: string): DType {
  let bools = 0;
  let bigints = 0;
  for (const v of values) {
    if (typeof v === 'boolean') bools++;
    else if (typeof v === 'bigint') bigints++;
  }
  if (bools > 0 && bools < values.length) {
    throw new TypeError(`${where}: mixes booleans with numbers; pass a dtype to convert them`);
  }
  if (bools > 0) return 'bool';
  if (bigints > 0) return 'int64';
  return 'float32';
}

function resolveDims(
  given: readonly number[] | Shape | undefined,
  inferred: readonly number[],
  where: string,
): readonly number[] {
  if (given === undefined) return inferred;
  const dims = given instanceof Shape ? given.dims : given;
  if (sizeOf(dims) !== sizeOf(inferred)) {
    throw new RangeError(
      `${where}: shape [${dims.join(', ')}] (${sizeOf(dims)} elements) does not fit the data's ${sizeOf(inferred)} elements (dims [${inferred.join(', ')}])`,
    );
  }
  return dims;
}

/**
 * Turns a JS value into dtype storage and a shape. Without a dtype: TypedArrays keep their natural
 * dtype, numbers become float32, bigints int64 and booleans bool. A TypedArray that already is the
 * dtype's storage (e.g. a Uint16Array of raw float16 bits for float16) is copied as is; any other is
 * converted value by value, each value checked to fit exactly.
 *
 * @throws TypeError or RangeError naming the offending element, for ragged arrays or values that do not fit.
 */
export function hostData(
  value: HostValue,
  options: HostValueOptions = {},
  where = 'Tensor.from',
): { storage: AnyStorageArray; shape: Shape } {
  const optionDType = options.dtype ?? (options.shape instanceof Shape ? options.shape.dtype : undefined);
  if (isTypedArray(value)) {
    const dtype = optionDType ?? typedArrayDType(value);
    const dims = resolveDims(options.shape, [value.length], where);
    const shape = new Shape(dtype, dims);
    if (isStorageOf(dtype, value) && !(value instanceof Uint8ClampedArray)) {
      const storage = value.slice() as AnyStorageArray;
      if (dtype === 'bool') {
        const bytes = storage as Uint8Array;
        for (let i = 0; i < bytes.length; i++) {
          if (bytes[i]! > 1)
            throw new RangeError(`${where}: bool data must hold 0 or 1, got ${bytes[i]} at ${i}`);
        }
      }
      return { storage, shape };
    }
    const storage = allocateStorage(dtype, value.length);
    const write = scalarWriter(dtype, where);
    for (let i = 0; i < value.length; i++) write(storage, i, value[i]!);
    return { storage, shape };
  }
  if (!Array.isArray(value)) {
    const t = typeof value;
    if (t !== 'number' && t !== 'bigint' && t !== 'boolean') {
      throw new TypeError(
        `${where}: expected a number, bigint, boolean, nested array or TypedArray, got ${describe(value)}`,
      );
    }
    const scalar = value as Scalar;
    const dtype = optionDType ?? inferDType([scalar], where);
    const dims = options.shape instanceof Shape ? options.shape.dims : (options.shape ?? []);
    const shape = new Shape(dtype, dims);
    const storage = allocateStorage(dtype, shape.size);
    const write = scalarWriter(dtype, where);
    for (let i = 0; i < shape.size; i++) write(storage, i, scalar);
    return { storage, shape };
  }
  const inferred = nestedDims(value);
  const flat = flatten(value, inferred, where);
  const dtype = optionDType ?? inferDType(flat, where);
  const shape = new Shape(dtype, resolveDims(options.shape, inferred, where));
  const storage = allocateStorage(dtype, flat.length);
  const write = scalarWriter(dtype, where);
  for (let i = 0; i < flat.length; i++) write(storage, i, flat[i]!);
  return { storage, shape };
}

/**
 * Nested JS arrays of a storage array's elements (float16/bfloat16 decoded to numbers, bool as booleans,
 * 64-bit integers as bigints). A scalar shape gives the bare element.
 */
export function toNested(storage: AnyStorageArray, shape: Shape): NestedArray {
  if (shape.rank === 0) return readScalar(storage, 0, shape.dtype);
  const { dims, dtype } = shape;
  let offset = 0;
  const build = (axis: number): NestedArray[] => {
    const n = dims[axis]!;
    const out = new Array<NestedArray>(n);
    if (axis === dims.length - 1) {
      for (let i = 0; i < n; i++) out[i] = readScalar(storage, offset++, dtype);
    } else {
      for (let i = 0; i < n; i++) out[i] = build(axis + 1);
    }
    return out;
  };
  return build(0);
}
