import { type CField, layoutStruct, type StructLayout } from './ctypes.js';

/**
 * The PJRT C API structs this binding uses, described once as (field name, C type) lists in declaration
 * order, as of PJRT C API 0.104. Every args struct starts with `struct_size` and `extension_start`; new
 * API versions only append fields, so a newer header means appending here (never reordering).
 */

const HEAD: readonly CField[] = [
  ['struct_size', 'size_t'],
  ['extension_start', 'ptr'],
];

const TILED: readonly CField[] = [
  ...HEAD,
  ['minor_to_major', 'ptr'],
  ['minor_to_major_size', 'size_t'],
  ['tile_dims', 'ptr'],
  ['tile_dim_sizes', 'ptr'],
  ['num_tiles', 'size_t'],
];

const STRIDES: readonly CField[] = [...HEAD, ['byte_strides', 'ptr'], ['num_byte_strides', 'size_t']];

/** Field lists of every struct, by PJRT name (without the `PJRT_` prefix). */
export const STRUCT_FIELDS = {
  Api_Version: [...HEAD, ['major_version', 'int'], ['minor_version', 'int']],
  /** The head of the `PJRT_Api` table; function slots follow at `API_SLOTS_OFFSET`. */
  Api: [
    ...HEAD,
    ['pjrt_api_version', { struct: [...HEAD, ['major_version', 'int'], ['minor_version', 'int']] }],
  ],
  Error_Destroy_Args: [...HEAD, ['error', 'ptr']],
  Error_Message_Args: [...HEAD, ['error', 'ptr'], ['message', 'ptr'], ['message_size', 'size_t']],
  Error_GetCode_Args: [...HEAD, ['error', 'ptr'], ['code', 'enum']],
  NamedValue: [
    ...HEAD,
    ['name', 'ptr'],
    ['name_size', 'size_t'],
    ['type', 'enum'],
    [
      'value',
      {
        union: [
          ['string_value', 'ptr'],
          ['int64_value', 'int64'],
          ['int64_array_value', 'ptr'],
          ['float_value', 'float'],
          ['bool_value', 'bool'],
        ],
      },
    ],
    ['value_size', 'size_t'],
  ],
  Plugin_Initialize_Args: [...HEAD],
  Plugin_Attributes_Args: [...HEAD, ['attributes', 'ptr'], ['num_attributes', 'size_t']],
  Event_Destroy_Args: [...HEAD, ['event', 'ptr']],
  Event_Await_Args: [...HEAD, ['event', 'ptr']],
  Client_Create_Args: [
    ...HEAD,
    ['create_options', 'ptr'],
    ['num_options', 'size_t'],
    ['kv_get_callback', 'ptr'],
    ['kv_get_user_arg', 'ptr'],
    ['kv_put_callback', 'ptr'],
    ['kv_put_user_arg', 'ptr'],
    ['client', 'ptr'],
    ['kv_try_get_callback', 'ptr'],
    ['kv_try_get_user_arg', 'ptr'],
  ],
  Client_Destroy_Args: [...HEAD, ['client', 'ptr']],
  Client_PlatformName_Args: [
    ...HEAD,
    ['client', 'ptr'],
    ['platform_name', 'ptr'],
    ['platform_name_size', 'size_t'],
  ],
  Client_PlatformVersion_Args: [
    ...HEAD,
    ['client', 'ptr'],
    ['platform_version', 'ptr'],
    ['platform_version_size', 'size_t'],
  ],
  Client_AddressableDevices_Args: [
    ...HEAD,
    ['client', 'ptr'],
    ['addressable_devices', 'ptr'],
    ['num_addressable_devices', 'size_t'],
  ],
  Device_GetDescription_Args: [...HEAD, ['device', 'ptr'], ['device_description', 'ptr']],
  DeviceDescription_Id_Args: [...HEAD, ['device_description', 'ptr'], ['id', 'int']],
  DeviceDescription_Kind_Args: [
    ...HEAD,
    ['device_description', 'ptr'],
    ['device_kind', 'ptr'],
    ['device_kind_size', 'size_t'],
  ],
  Program: [...HEAD, ['code', 'ptr'], ['code_size', 'size_t'], ['format', 'ptr'], ['format_size', 'size_t']],
  Client_Compile_Args: [
    ...HEAD,
    ['client', 'ptr'],
    ['program', 'ptr'],
    ['compile_options', 'ptr'],
    ['compile_options_size', 'size_t'],
    ['executable', 'ptr'],
  ],
  Buffer_MemoryLayout_Tiled: TILED,
  Buffer_MemoryLayout: [
    ...HEAD,
    [
      'layout',
      {
        union: [
          ['tiled', { struct: TILED }],
          ['strides', { struct: STRIDES }],
        ],
      },
    ],
    ['type', 'enum'],
  ],
  Client_BufferFromHostBuffer_Args: [
    ...HEAD,
    ['client', 'ptr'],
    ['data', 'ptr'],
    ['type', 'enum'],
    ['dims', 'ptr'],
    ['num_dims', 'size_t'],
    ['byte_strides', 'ptr'],
    ['num_byte_strides', 'size_t'],
    ['host_buffer_semantics', 'enum'],
    ['device', 'ptr'],
    ['memory', 'ptr'],
    ['device_layout', 'ptr'],
    ['done_with_host_buffer', 'ptr'],
    ['buffer', 'ptr'],
  ],
  Buffer_ToHostBuffer_Args: [
    ...HEAD,
    ['src', 'ptr'],
    ['host_layout', 'ptr'],
    ['dst', 'ptr'],
    ['dst_size', 'size_t'],
    ['event', 'ptr'],
  ],
  Buffer_Destroy_Args: [...HEAD, ['buffer', 'ptr']],
  Buffer_ElementType_Args: [...HEAD, ['buffer', 'ptr'], ['type', 'enum']],
  Buffer_Dimensions_Args: [...HEAD, ['buffer', 'ptr'], ['dims', 'ptr'], ['num_dims', 'size_t']],
  Executable_Destroy_Args: [...HEAD, ['executable', 'ptr']],
  Executable_NumOutputs_Args: [...HEAD, ['executable', 'ptr'], ['num_outputs', 'size_t']],
  LoadedExecutable_Destroy_Args: [...HEAD, ['executable', 'ptr']],
  LoadedExecutable_GetExecutable_Args: [...HEAD, ['loaded_executable', 'ptr'], ['executable', 'ptr']],
  ExecuteOptions: [
    ...HEAD,
    ['send_callbacks', 'ptr'],
    ['recv_callbacks', 'ptr'],
    ['num_send_ops', 'size_t'],
    ['num_recv_ops', 'size_t'],
    ['launch_id', 'int'],
    ['non_donatable_input_indices', 'ptr'],
    ['num_non_donatable_input_indices', 'size_t'],
    ['context', 'ptr'],
    ['call_location', 'ptr'],
    ['num_tasks', 'size_t'],
    ['task_ids', 'ptr'],
    ['incarnation_ids', 'ptr'],
    ['multi_slice_config', 'ptr'],
  ],
  LoadedExecutable_Execute_Args: [
    ...HEAD,
    ['executable', 'ptr'],
    ['options', 'ptr'],
    ['argument_lists', 'ptr'],
    ['num_devices', 'size_t'],
    ['num_args', 'size_t'],
    ['output_lists', 'ptr'],
    ['device_complete_events', 'ptr'],
    ['execute_device', 'ptr'],
  ],
} as const satisfies Record<string, readonly CField[]>;

/** Name of a struct of the table. */
export type StructName = keyof typeof STRUCT_FIELDS;

/** Computed layouts of every struct of {@link STRUCT_FIELDS}. */
export const LAYOUTS: Readonly<Record<StructName, StructLayout>> = Object.fromEntries(
  Object.entries(STRUCT_FIELDS).map(([name, fields]) => [name, layoutStruct(`PJRT_${name}`, fields)]),
) as Record<StructName, StructLayout>;

/** Byte offset of the first function slot in the `PJRT_Api` table. */
export const API_SLOTS_OFFSET = LAYOUTS.Api.size;
