/**
 * `@tsmlx/dtypes`: the element types of tsmlx tensors, their storage and limits, and exact float16 and
 * bfloat16 conversions.
 *
 * @packageDocumentation
 */
export { assertDType, DTYPES, type DType, describe, isDType, parseDType } from './dtype.js';
export {
  bfloat16ArrayFrom,
  bfloat16ArrayToFloat32,
  bfloat16FromNumber,
  bfloat16ToNumber,
  bitsToFloat32,
  float16ArrayFrom,
  float16ArrayToFloat32,
  float16FromNumber,
  float16ToNumber,
  float32ToBits,
} from './halfFloat.js';
export { epsilon, mantissaBits, maxValue, minValue, smallestNormal, smallestSubnormal } from './limits.js';
export {
  bitWidth,
  byteSize,
  is64BitInteger,
  isBool,
  isComplex,
  isFloat,
  isHalfFloat,
  isInteger,
  isSignedInteger,
  isUnsigned,
} from './properties.js';
export {
  type AnyStorageArray,
  allocateStorage,
  isStorageOf,
  type StorageArray,
  type StorageArrayConstructor,
  type StorageArrays,
  storageConstructor,
  storageSlotsPerElement,
  storageView,
} from './storage.js';
