import type { DType } from '@tsmlx/dtypes';

/**
 * Positions of the functions this binding calls in the `PJRT_Api` table (PJRT C API 0.104; the table is
 * append-only, so positions never change). Slot `i` lives at byte `API_SLOTS_OFFSET + 8 * i`.
 */
export const API_SLOTS = {
  Error_Destroy: 0,
  Error_Message: 1,
  Error_GetCode: 2,
  Plugin_Initialize: 3,
  Plugin_Attributes: 4,
  Event_Destroy: 5,
  Event_Await: 8,
  Client_Create: 10,
  Client_Destroy: 11,
  Client_PlatformName: 12,
  Client_PlatformVersion: 14,
  Client_AddressableDevices: 16,
  Client_Compile: 20,
  Client_BufferFromHostBuffer: 22,
  DeviceDescription_Id: 23,
  DeviceDescription_Kind: 26,
  Device_GetDescription: 29,
  Executable_Destroy: 40,
  Executable_NumOutputs: 44,
  LoadedExecutable_Destroy: 50,
  LoadedExecutable_GetExecutable: 51,
  LoadedExecutable_Execute: 55,
  Buffer_Destroy: 58,
  Buffer_ElementType: 59,
  Buffer_Dimensions: 60,
  Buffer_ToHostBuffer: 70,
} as const;

/** Name of a function of the table that this binding uses. */
export type ApiFunction = keyof typeof API_SLOTS;

/** Number of function slots in the 0.104 table (the last one is 134). */
export const API_SLOT_COUNT_0_104 = 135;

/** `PJRT_Error_Code`: absl status codes. */
export const ERROR_CODE_NAMES: readonly string[] = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

/** `PJRT_NamedValue_Type`. */
export const NamedValueType = { String: 0, Int64: 1, Int64List: 2, Float: 3, Bool: 4 } as const;

/** `PJRT_HostBufferSemantics`. */
export const HostBufferSemantics = {
  ImmutableOnlyDuringCall: 0,
  ImmutableUntilTransferCompletes: 1,
  ImmutableZeroCopy: 2,
  MutableZeroCopy: 3,
} as const;

/** `PJRT_Buffer_MemoryLayout_Type`. */
export const MemoryLayoutType = { Tiled: 0, Strides: 1 } as const;

/** `PJRT_Buffer_Type` of each tsmlx dtype. */
export const BUFFER_TYPES: Readonly<Record<DType, number>> = {
  bool: 1,
  int8: 2,
  int16: 3,
  int32: 4,
  int64: 5,
  uint8: 6,
  uint16: 7,
  uint32: 8,
  uint64: 9,
  float16: 10,
  float32: 11,
  float64: 12,
  bfloat16: 13,
  complex64: 14,
  complex128: 15,
};

const DTYPE_OF_BUFFER_TYPE = new Map<number, DType>(
  Object.entries(BUFFER_TYPES).map(([dtype, code]) => [code, dtype as DType]),
);

/** The tsmlx dtype of a `PJRT_Buffer_Type`, or undefined for types tsmlx lacks (F8, S4, ...). */
export function dtypeOfBufferType(code: number): DType | undefined {
  return DTYPE_OF_BUFFER_TYPE.get(code);
}
