import { type AnyStorageArray, byteSize, type DType } from '@tsmlx/dtypes';

/**
 * A storage array reinterpreted as raw machine words for moving elements: 1-byte elements as Uint8Array,
 * 2-byte ones (int16, uint16, float16, bfloat16) as Uint16Array, 4-byte and 8-byte ones as Int32Array (an
 * 8-byte element is two consecutive words). Moving words instead of values keeps loops monomorphic on three
 * array kinds, avoids bigint boxing for int64/uint64 and keeps every bit (NaN payloads included).
 */
export type WordArray = Uint8Array | Uint16Array | Int32Array;

/** Number of {@link WordArray} words that make one element of `dtype` (2 for 8-byte types, else 1). */
export function wordsPerElement(dtype: DType): number {
  const bytes = byteSize(dtype);
  return bytes > 4 ? bytes / 4 : 1;
}

/** Views the bytes of a storage array as a {@link WordArray} (no copy). */
export function wordView(array: AnyStorageArray): WordArray {
  const width = array.BYTES_PER_ELEMENT;
  if (width === 1)
    return array instanceof Uint8Array ? array : new Uint8Array(array.buffer, array.byteOffset, array.length);
  if (width === 2) {
    return array instanceof Uint16Array
      ? array
      : new Uint16Array(array.buffer, array.byteOffset, array.length);
  }
  if (array instanceof Int32Array) return array;
  return new Int32Array(array.buffer, array.byteOffset, (array.length * width) / 4);
}
