import { type DType, describe } from './dtype.js';

/**
 * The TypedArray that holds the elements of each dtype:
 * bool in Uint8Array (0 or 1), int64/uint64 in BigInt64Array/BigUint64Array, float16 and bfloat16 as raw
 * bits in Uint16Array, complex as interleaved (real, imaginary) Float32Array/Float64Array.
 */
export interface StorageArrays {
  /** 0 or 1 per element. */
  bool: Uint8Array;
  /** Signed 8-bit integers. */
  int8: Int8Array;
  /** Signed 16-bit integers. */
  int16: Int16Array;
  /** Signed 32-bit integers. */
  int32: Int32Array;
  /** Signed 64-bit integers as bigint. */
  int64: BigInt64Array;
  /** Unsigned 8-bit integers. */
  uint8: Uint8Array;
  /** Unsigned 16-bit integers. */
  uint16: Uint16Array;
  /** Unsigned 32-bit integers. */
  uint32: Uint32Array;
  /** Unsigned 64-bit integers as bigint. */
  uint64: BigUint64Array;
  /** IEEE half precision, raw bits. */
  float16: Uint16Array;
  /** bfloat16, raw bits (the upper half of a float32). */
  bfloat16: Uint16Array;
  /** IEEE single precision. */
  float32: Float32Array;
  /** IEEE double precision. */
  float64: Float64Array;
  /** Interleaved real/imaginary float32 pairs. */
  complex64: Float32Array;
  /** Interleaved real/imaginary float64 pairs. */
  complex128: Float64Array;
}

/** The storage TypedArray type of dtype `D`, e.g. `StorageArray<'int64'>` is `BigInt64Array`. */
export type StorageArray<D extends DType = DType> = StorageArrays[D];

/** Any TypedArray tsmlx stores elements in. */
export type AnyStorageArray = StorageArrays[DType];

/** A TypedArray constructor for one of the storage types. */
export interface StorageArrayConstructor<A extends AnyStorageArray = AnyStorageArray> {
  /** Creates a zero-filled array of `length` elements. */
  new (length: number): A;
  /** Views `length` elements of `buffer` from `byteOffset`. */
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): A;
  /** Bytes per stored element. */
  readonly BYTES_PER_ELEMENT: number;
}

const constructors: { readonly [D in DType]: StorageArrayConstructor<StorageArrays[D]> } = {
  bool: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  float16: Uint16Array,
  bfloat16: Uint16Array,
  float32: Float32Array,
  float64: Float64Array,
  complex64: Float32Array,
  complex128: Float64Array,
};

/**
 * The TypedArray constructor that stores `dtype`.
 *
 * @example
 * ```ts
 * storageConstructor('int64') === BigInt64Array; // true
 * ```
 */
export function storageConstructor<D extends DType>(dtype: D): StorageArrayConstructor<StorageArrays[D]> {
  const ctor = constructors[dtype];
  if (ctor === undefined) throw new TypeError(`storageConstructor: unknown dtype ${describe(dtype)}`);
  return ctor;
}

/** Number of storage slots per element: 2 for complex (real and imaginary), else 1. */
export function storageSlotsPerElement(dtype: DType): number {
  return dtype === 'complex64' || dtype === 'complex128' ? 2 : 1;
}

/**
 * Allocates zero-filled storage for `size` elements of `dtype` (complex types get `2 * size` slots).
 *
 * @example
 * ```ts
 * allocateStorage('float16', 4); // Uint16Array(4) of +0 bit patterns
 * ```
 */
export function allocateStorage<D extends DType>(dtype: D, size: number): StorageArrays[D] {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(
      `allocateStorage(${dtype}): size must be a non-negative integer, got ${describe(size)}`,
    );
  }
  const ctor = storageConstructor(dtype);
  return new ctor(size * storageSlotsPerElement(dtype));
}

/**
 * Views `size` elements of `dtype` inside an existing buffer (e.g. a `WebAssembly.Memory` or
 * `SharedArrayBuffer`) without copying. `byteOffset` must be aligned to the storage element size.
 */
export function storageView<D extends DType>(
  dtype: D,
  buffer: ArrayBufferLike,
  byteOffset: number,
  size: number,
): StorageArrays[D] {
  const ctor = storageConstructor(dtype);
  if (byteOffset % ctor.BYTES_PER_ELEMENT !== 0) {
    throw new RangeError(
      `storageView(${dtype}): byteOffset ${byteOffset} is not a multiple of ${ctor.BYTES_PER_ELEMENT}`,
    );
  }
  return new ctor(buffer, byteOffset, size * storageSlotsPerElement(dtype));
}

/**
 * Tells whether `array` is the storage TypedArray type of `dtype` (e.g. a Uint16Array for float16).
 */
export function isStorageOf(dtype: DType, array: unknown): array is AnyStorageArray {
  const ctor = constructors[dtype];
  return ctor !== undefined && array instanceof ctor;
}
