/*
 * Argument structs of the tsmlx mock PJRT plugin, laid out like the PJRT C API 0.104 structs the binding
 * uses (written for tsmlx's tests; only the fields the mock reads or writes are meaningful).
 */
#ifndef TSMLX_MOCK_STRUCTS_H
#define TSMLX_MOCK_STRUCTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MOCK_HEAD \
  size_t struct_size; \
  void *extension_start

/* Size the way PJRT counts it: up to the end of the last field, no tail padding. */
#define MOCK_SIZE(type, last) (offsetof(type, last) + sizeof(((type *)0)->last))

typedef struct { MOCK_HEAD; void *error; } ErrorDestroyArgs;
typedef struct { MOCK_HEAD; void *error; const char *message; size_t message_size; } ErrorMessageArgs;
typedef struct { MOCK_HEAD; void *error; int code; } ErrorGetCodeArgs;
typedef struct {
  MOCK_HEAD;
  const char *name;
  size_t name_size;
  int type;
  union { const char *string_value; int64_t int64_value; const int64_t *int64_array_value; float float_value; bool bool_value; };
  size_t value_size;
} NamedValue;
typedef struct { MOCK_HEAD; } PluginInitializeArgs;
typedef struct { MOCK_HEAD; const NamedValue *attributes; size_t num_attributes; } PluginAttributesArgs;
typedef struct { MOCK_HEAD; void *event; } EventArgs; /* Destroy and Await */
typedef struct {
  MOCK_HEAD;
  const NamedValue *create_options;
  size_t num_options;
  void *kv_get_callback, *kv_get_user_arg, *kv_put_callback, *kv_put_user_arg;
  void *client;
  void *kv_try_get_callback, *kv_try_get_user_arg;
} ClientCreateArgs;
typedef struct { MOCK_HEAD; void *client; } ClientDestroyArgs;
typedef struct { MOCK_HEAD; void *client; const char *text; size_t text_size; } ClientTextArgs; /* PlatformName/Version */
typedef struct { MOCK_HEAD; void *client; void *const *devices; size_t num_devices; } ClientDevicesArgs;
typedef struct { MOCK_HEAD; void *device; void *device_description; } DeviceGetDescriptionArgs;
typedef struct { MOCK_HEAD; void *device_description; int id; } DescriptionIdArgs;
typedef struct { MOCK_HEAD; void *device_description; const char *kind; size_t kind_size; } DescriptionKindArgs;
typedef struct { MOCK_HEAD; const char *code; size_t code_size; const char *format; size_t format_size; } Program;
typedef struct {
  MOCK_HEAD;
  void *client;
  const Program *program;
  const char *compile_options;
  size_t compile_options_size;
  void *executable;
} ClientCompileArgs;
typedef struct {
  MOCK_HEAD;
  const int64_t *minor_to_major;
  size_t minor_to_major_size;
  const int64_t *tile_dims;
  const size_t *tile_dim_sizes;
  size_t num_tiles;
} LayoutTiled;
typedef struct { MOCK_HEAD; const int64_t *byte_strides; size_t num_byte_strides; } LayoutStrides;
typedef struct { MOCK_HEAD; union { LayoutTiled tiled; LayoutStrides strides; }; int type; } MemoryLayout;
typedef struct {
  MOCK_HEAD;
  void *client;
  const void *data;
  int type;
  const int64_t *dims;
  size_t num_dims;
  const int64_t *byte_strides;
  size_t num_byte_strides;
  int host_buffer_semantics;
  void *device;
  void *memory;
  void *device_layout;
  void *done_with_host_buffer;
  void *buffer;
} BufferFromHostArgs;
typedef struct { MOCK_HEAD; void *src; MemoryLayout *host_layout; void *dst; size_t dst_size; void *event; } ToHostArgs;
typedef struct { MOCK_HEAD; void *buffer; } BufferDestroyArgs;
typedef struct { MOCK_HEAD; void *buffer; int type; } BufferElementTypeArgs;
typedef struct { MOCK_HEAD; void *buffer; const int64_t *dims; size_t num_dims; } BufferDimensionsArgs;
typedef struct { MOCK_HEAD; void *executable; } ExecutableArgs; /* Executable_Destroy, LoadedExecutable_Destroy */
typedef struct { MOCK_HEAD; void *executable; size_t num_outputs; } NumOutputsArgs;
typedef struct { MOCK_HEAD; void *loaded_executable; void *executable; } GetExecutableArgs;
typedef struct {
  MOCK_HEAD;
  void **send_callbacks, **recv_callbacks;
  size_t num_send_ops, num_recv_ops;
  int launch_id;
  const int64_t *non_donatable_input_indices;
  size_t num_non_donatable_input_indices;
  void *context;
  const char *call_location;
  size_t num_tasks;
  int *task_ids;
  int64_t *incarnation_ids;
  void *multi_slice_config;
} ExecuteOptions;
typedef struct {
  MOCK_HEAD;
  void *executable;
  ExecuteOptions *options;
  void *const *const *argument_lists;
  size_t num_devices;
  size_t num_args;
  void **const *output_lists;
  void **device_complete_events;
  void *execute_device;
} ExecuteArgs;

#endif
