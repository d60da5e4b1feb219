/*
 * A mock PJRT plugin for tsmlx's binding tests. It exports GetPjrtApi() returning a PJRT-shaped function
 * table (functions at their real slots), records what it receives, "executes" trivial programs, can be
 * told to fail, and counts live objects so tests can assert that nothing leaks.
 *
 * Programs: an output count comes from "mock.outputs=N" in the text, else from the operands of
 * func.return. A text containing "stablehlo.add" or "mock.sum" returns the elementwise sum of all inputs
 * (one output); otherwise output i is a copy of input i % num_args. "mock.donate" makes execution consume
 * (delete) every input not listed as non-donatable. "mock.fail_compile" fails compilation.
 *
 * Build: gcc -shared -fPIC -O1 -o mock.so mock_pjrt.c
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_structs.h"

#define NUM_SLOTS 135
#define EXPORT __attribute__((visibility("default")))

/* ------------------------------------------------------------------ objects and counters */
typedef struct { int code; char *message; } MockError;
typedef struct { int code; char *message; } MockEvent; /* always ready; code != 0: completes with an error */
typedef struct { int type; int64_t dims[8]; size_t num_dims; unsigned char *data; size_t bytes; int deleted; } MockBuffer;
typedef struct { int sum; size_t num_outputs; int donate; } MockLoaded;
typedef struct { MockLoaded *loaded; } MockExecutable;
typedef struct { int id; } MockDevice;

static long live_errors, live_events, live_buffers, live_executables, live_loaded, live_clients, initialize_calls;
static MockDevice devices[4] = {{0}, {1}, {2}, {3}};
static void *device_list[4] = {&devices[0], &devices[1], &devices[2], &devices[3]};
static size_t num_devices = 1;

/* ------------------------------------------------------------------ controls */
static char fail_function[64];
static int fail_code;
static char fail_message[256];
static int event_fail_code;
static char event_fail_message[256];
static char required_struct[64];
static size_t required_size;

static char *last_program, *last_format, *last_named_values;
static unsigned char *last_options;
static size_t last_options_size;
static char last_non_donatable[256], last_host_layout[128];
static int last_semantics = -1;

static MockError *new_error(int code, const char *fmt, ...) {
  MockError *e = calloc(1, sizeof *e);
  va_list ap;
  char text[512];
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  e->code = code;
  e->message = strdup(text);
  live_errors++;
  return e;
}

static MockEvent *new_event(void) {
  MockEvent *ev = calloc(1, sizeof *ev);
  if (event_fail_code) {
    ev->code = event_fail_code;
    ev->message = strdup(event_fail_message);
    event_fail_code = 0;
  }
  live_events++;
  return ev;
}

/* An injected failure for this function, or a size check like real plugins do (smaller is rejected). */
static MockError *check(const char *fn, const char *struct_name, size_t expected, size_t got) {
  if (fail_function[0] && strcmp(fail_function, fn) == 0) {
    fail_function[0] = 0;
    return new_error(fail_code, "%s", fail_message);
  }
  if (required_struct[0] && strcmp(required_struct, struct_name) == 0) expected = required_size;
  if (got < expected) return new_error(3, "Unexpected %s size: expected %zu, got %zu", struct_name, expected, got);
  return NULL;
}

#define CHECK(fn, type, last, a)                                                        \
  do {                                                                                  \
    MockError *e_ = check(fn, "PJRT_" fn "_Args", MOCK_SIZE(type, last), (a)->struct_size); \
    if (e_) return e_;                                                                  \
  } while (0)

static void set_text(char **slot, const char *data, size_t size) {
  free(*slot);
  *slot = malloc(size + 1);
  memcpy(*slot, data, size);
  (*slot)[size] = 0;
}

static size_t element_size(int type) {
  switch (type) {
    case 1: case 2: case 6: return 1;            /* PRED S8 U8 */
    case 3: case 7: case 10: case 13: return 2;  /* S16 U16 F16 BF16 */
    case 4: case 8: case 11: return 4;           /* S32 U32 F32 */
    case 5: case 9: case 12: case 14: return 8;  /* S64 U64 F64 C64 */
    case 15: return 16;
    default: return 0;
  }
}

static size_t element_count(const int64_t *dims, size_t n) {
  size_t count = 1;
  for (size_t i = 0; i < n; i++) count *= (size_t)dims[i];
  return count;
}

static MockBuffer *new_buffer(int type, const int64_t *dims, size_t num_dims, const void *data) {
  MockBuffer *b = calloc(1, sizeof *b);
  b->type = type;
  b->num_dims = num_dims;
  memcpy(b->dims, dims, num_dims * sizeof *dims);
  b->bytes = element_count(dims, num_dims) * element_size(type);
  b->data = malloc(b->bytes ? b->bytes : 1);
  if (data && b->bytes) memcpy(b->data, data, b->bytes);
  live_buffers++;
  return b;
}

/* ------------------------------------------------------------------ errors */
static void *Error_Destroy(ErrorDestroyArgs *a) {
  MockError *e = a->error;
  if (e) {
    free(e->message);
    free(e);
    live_errors--;
  }
  return NULL;
}

static void *Error_Message(ErrorMessageArgs *a) {
  const MockError *e = a->error;
  a->message = e->message;
  a->message_size = strlen(e->message);
  return NULL;
}

static void *Error_GetCode(ErrorGetCodeArgs *a) {
  a->code = ((const MockError *)a->error)->code;
  return NULL;
}

/* ------------------------------------------------------------------ plugin and events */
static const int64_t stablehlo_version[3] = {1, 9, 0};
static NamedValue attributes[3];

static void *Plugin_Initialize(PluginInitializeArgs *a) {
  CHECK("Plugin_Initialize", PluginInitializeArgs, extension_start, a);
  initialize_calls++;
  return NULL;
}

static void *Plugin_Attributes(PluginAttributesArgs *a) {
  CHECK("Plugin_Attributes", PluginAttributesArgs, num_attributes, a);
  const char *names[3] = {"xla_version", "stablehlo_current_version", "mock_name"};
  for (int i = 0; i < 3; i++) {
    attributes[i].struct_size = MOCK_SIZE(NamedValue, value_size);
    attributes[i].name = names[i];
    attributes[i].name_size = strlen(names[i]);
  }
  attributes[0].type = 1;
  attributes[0].int64_value = 2;
  attributes[0].value_size = 1;
  attributes[1].type = 2;
  attributes[1].int64_array_value = stablehlo_version;
  attributes[1].value_size = 3;
  attributes[2].type = 0;
  attributes[2].string_value = "tsmlx-mock";
  attributes[2].value_size = 10;
  a->attributes = attributes;
  a->num_attributes = 3;
  return NULL;
}

static void *Event_Destroy(EventArgs *a) {
  CHECK("Event_Destroy", EventArgs, event, a);
  MockEvent *ev = a->event;
  if (ev) {
    free(ev->message);
    free(ev);
    live_events--;
  }
  return NULL;
}

static void *Event_Await(EventArgs *a) {
  CHECK("Event_Await", EventArgs, event, a);
  MockEvent *ev = a->event;
  return ev->code ? new_error(ev->code, "%s", ev->message) : NULL;
}

/* ------------------------------------------------------------------ client and devices */
static void append(char **text, const char *fmt, ...) {
  char piece[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(piece, sizeof piece, fmt, ap);
  va_end(ap);
  size_t old = *text ? strlen(*text) : 0;
  *text = realloc(*text, old + strlen(piece) + 1);
  strcpy(*text + old, piece);
}

static void *Client_Create(ClientCreateArgs *a) {
  CHECK("Client_Create", ClientCreateArgs, kv_try_get_user_arg, a);
  free(last_named_values);
  last_named_values = calloc(1, 1);
  for (size_t i = 0; i < a->num_options; i++) {
    const NamedValue *nv = &a->create_options[i];
    append(&last_named_values, "%.*s:", (int)nv->name_size, nv->name);
    switch (nv->type) {
      case 0: append(&last_named_values, "string=%.*s;", (int)nv->value_size, nv->string_value); break;
      case 1: append(&last_named_values, "int64=%lld;", (long long)nv->int64_value); break;
      case 2:
        append(&last_named_values, "int64list=");
        for (size_t j = 0; j < nv->value_size; j++)
          append(&last_named_values, "%s%lld", j ? "," : "", (long long)nv->int64_array_value[j]);
        append(&last_named_values, ";");
        break;
      case 3: append(&last_named_values, "float=%g;", nv->float_value); break;
      case 4: append(&last_named_values, "bool=%s;", nv->bool_value ? "true" : "false"); break;
      default: return new_error(3, "bad named value type %d", nv->type);
    }
  }
  a->client = calloc(1, 16);
  live_clients++;
  return NULL;
}

static void *Client_Destroy(ClientDestroyArgs *a) {
  CHECK("Client_Destroy", ClientDestroyArgs, client, a);
  if (a->client) {
    free(a->client);
    live_clients--;
  }
  return NULL;
}

static void *Client_PlatformName(ClientTextArgs *a) {
  CHECK("Client_PlatformName", ClientTextArgs, text_size, a);
  a->text = "mock";
  a->text_size = 4;
  return NULL;
}

static void *Client_PlatformVersion(ClientTextArgs *a) {
  CHECK("Client_PlatformVersion", ClientTextArgs, text_size, a);
  a->text = "mock 1.0";
  a->text_size = 8;
  return NULL;
}

static void *Client_AddressableDevices(ClientDevicesArgs *a) {
  CHECK("Client_AddressableDevices", ClientDevicesArgs, num_devices, a);
  a->devices = device_list;
  a->num_devices = num_devices;
  return NULL;
}

static void *Device_GetDescription(DeviceGetDescriptionArgs *a) {
  CHECK("Device_GetDescription", DeviceGetDescriptionArgs, device_description, a);
  a->device_description = a->device; /* the device doubles as its description */
  return NULL;
}

static void *DeviceDescription_Id(DescriptionIdArgs *a) {
  CHECK("DeviceDescription_Id", DescriptionIdArgs, id, a);
  a->id = ((MockDevice *)a->device_description)->id;
  return NULL;
}

static void *DeviceDescription_Kind(DescriptionKindArgs *a) {
  CHECK("DeviceDescription_Kind", DescriptionKindArgs, kind_size, a);
  a->kind = "mock-cpu";
  a->kind_size = 8;
  return NULL;
}

/* ------------------------------------------------------------------ compile and executables */
static size_t count_return_operands(const char *code) {
  const char *r = strstr(code, "func.return");
  if (!r) return 1;
  size_t n = 0;
  for (const char *p = r; *p && *p != '\n' && *p != ':'; p++) n += *p == '%';
  return n;
}

static void *Client_Compile(ClientCompileArgs *a) {
  CHECK("Client_Compile", ClientCompileArgs, executable, a);
  const Program *p = a->program;
  MockError *e = check("Program", "PJRT_Program", MOCK_SIZE(Program, format_size), p->struct_size);
  if (e) return e;
  set_text(&last_program, p->code, p->code_size);
  set_text(&last_format, p->format, p->format_size);
  free(last_options);
  last_options = malloc(a->compile_options_size + 1);
  memcpy(last_options, a->compile_options, a->compile_options_size);
  last_options_size = a->compile_options_size;
  if (strcmp(last_format, "mlir") != 0) return new_error(3, "mock: unsupported program format '%s'", last_format);
  if (strstr(last_program, "mock.fail_compile")) return new_error(3, "mock: compilation failed as asked");
  MockLoaded *l = calloc(1, sizeof *l);
  l->sum = strstr(last_program, "stablehlo.add") || strstr(last_program, "mock.sum");
  const char *n = strstr(last_program, "mock.outputs=");
  l->num_outputs = n ? (size_t)atoi(n + 13) : l->sum ? 1 : count_return_operands(last_program);
  l->donate = strstr(last_program, "mock.donate") != NULL;
  a->executable = l;
  live_loaded++;
  return NULL;
}

static void *LoadedExecutable_Destroy(ExecutableArgs *a) {
  CHECK("LoadedExecutable_Destroy", ExecutableArgs, executable, a);
  free(a->executable);
  live_loaded--;
  return NULL;
}

static void *LoadedExecutable_GetExecutable(GetExecutableArgs *a) {
  CHECK("LoadedExecutable_GetExecutable", GetExecutableArgs, executable, a);
  MockExecutable *x = calloc(1, sizeof *x);
  x->loaded = a->loaded_executable;
  a->executable = x;
  live_executables++;
  return NULL;
}

static void *Executable_NumOutputs(NumOutputsArgs *a) {
  CHECK("Executable_NumOutputs", NumOutputsArgs, num_outputs, a);
  a->num_outputs = ((MockExecutable *)a->executable)->loaded->num_outputs;
  return NULL;
}

static void *Executable_Destroy(ExecutableArgs *a) {
  CHECK("Executable_Destroy", ExecutableArgs, executable, a);
  free(a->executable);
  live_executables--;
  return NULL;
}

static MockBuffer *sum_buffers(MockBuffer *const *in, size_t n, MockError **error) {
  MockBuffer *out = new_buffer(in[0]->type, in[0]->dims, in[0]->num_dims, NULL);
  size_t count = element_count(in[0]->dims, in[0]->num_dims);
  for (size_t k = 0; k < count; k++) {
    double f = 0;
    long long s = 0;
    for (size_t i = 0; i < n; i++) {
      switch (in[0]->type) {
        case 11: f += ((float *)in[i]->data)[k]; break;
        case 12: f += ((double *)in[i]->data)[k]; break;
        case 4: s += ((int32_t *)in[i]->data)[k]; break;
        case 5: s += ((int64_t *)in[i]->data)[k]; break;
        default: *error = new_error(12, "mock: sum of type %d is not implemented", in[0]->type); return out;
      }
    }
    switch (in[0]->type) {
      case 11: ((float *)out->data)[k] = (float)f; break;
      case 12: ((double *)out->data)[k] = f; break;
      case 4: ((int32_t *)out->data)[k] = (int32_t)s; break;
      case 5: ((int64_t *)out->data)[k] = s; break;
    }
  }
  return out;
}

static void *LoadedExecutable_Execute(ExecuteArgs *a) {
  CHECK("LoadedExecutable_Execute", ExecuteArgs, execute_device, a);
  const ExecuteOptions *o = a->options;
  MockError *e = check("ExecuteOptions", "PJRT_ExecuteOptions", MOCK_SIZE(ExecuteOptions, multi_slice_config), o->struct_size);
  if (e) return e;
  if (a->num_devices != 1) return new_error(3, "mock: num_devices must be 1, got %zu", a->num_devices);
  if (!a->execute_device) return new_error(3, "mock: portable executables need execute_device");
  MockLoaded *l = a->executable;
  MockBuffer *const *in = (MockBuffer *const *)a->argument_lists[0];
  last_non_donatable[0] = 0;
  for (size_t i = 0; i < o->num_non_donatable_input_indices; i++) {
    char piece[32];
    snprintf(piece, sizeof piece, "%s%lld", i ? "," : "", (long long)o->non_donatable_input_indices[i]);
    strncat(last_non_donatable, piece, sizeof last_non_donatable - strlen(last_non_donatable) - 1);
  }
  for (size_t i = 0; i < a->num_args; i++)
    if (in[i]->deleted) return new_error(9, "mock: input %zu was deleted (donated earlier)", i);
  if (a->num_args == 0 && l->num_outputs > 0) return new_error(12, "mock: programs without inputs are not implemented");
  MockBuffer **out = (MockBuffer **)a->output_lists[0];
  for (size_t k = 0; k < l->num_outputs; k++) {
    if (l->sum) {
      MockError *err = NULL;
      out[k] = sum_buffers(in, a->num_args, &err);
      if (err) {
        for (size_t j = 0; j <= k; j++) {
          MockBuffer *b = out[j];
          free(b->data);
          free(b);
          live_buffers--;
          out[j] = NULL;
        }
        return err;
      }
    } else {
      MockBuffer *src = in[k % a->num_args];
      out[k] = new_buffer(src->type, src->dims, src->num_dims, src->data);
    }
  }
  if (l->donate) {
    for (size_t i = 0; i < a->num_args; i++) {
      int keep = 0;
      for (size_t j = 0; j < o->num_non_donatable_input_indices; j++) keep |= o->non_donatable_input_indices[j] == (int64_t)i;
      if (!keep) {
        in[i]->deleted = 1;
        free(in[i]->data);
        in[i]->data = NULL;
      }
    }
  }
  if (a->device_complete_events) a->device_complete_events[0] = new_event();
  return NULL;
}

/* ------------------------------------------------------------------ buffers */
static void *Client_BufferFromHostBuffer(BufferFromHostArgs *a) {
  CHECK("Client_BufferFromHostBuffer", BufferFromHostArgs, buffer, a);
  if (!element_size(a->type)) return new_error(3, "mock: unsupported buffer type %d", a->type);
  if (a->num_dims > 8) return new_error(3, "mock: rank %zu > 8", a->num_dims);
  if (!a->device) return new_error(3, "mock: device is NULL");
  if (a->byte_strides) return new_error(12, "mock: byte_strides are not implemented");
  last_semantics = a->host_buffer_semantics;
  a->buffer = new_buffer(a->type, a->dims, a->num_dims, a->data);
  a->done_with_host_buffer = new_event();
  return NULL;
}

static void *Buffer_ToHostBuffer(ToHostArgs *a) {
  CHECK("Buffer_ToHostBuffer", ToHostArgs, event, a);
  MockBuffer *b = a->src;
  if (b->deleted) return new_error(9, "mock: buffer was deleted (donated)");
  if (!a->dst) {
    a->dst_size = b->bytes;
    return NULL;
  }
  if (a->dst_size < b->bytes) return new_error(3, "mock: dst_size %zu < %zu", a->dst_size, b->bytes);
  if (a->host_layout) {
    const MemoryLayout *m = a->host_layout;
    if (m->type != 0) return new_error(12, "mock: only tiled host layouts");
    if (m->tiled.minor_to_major_size != b->num_dims) return new_error(3, "mock: layout rank mismatch");
    snprintf(last_host_layout, sizeof last_host_layout, "tiled:");
    for (size_t i = 0; i < m->tiled.minor_to_major_size; i++) {
      char piece[24];
      snprintf(piece, sizeof piece, "%s%lld", i ? "," : "", (long long)m->tiled.minor_to_major[i]);
      strncat(last_host_layout, piece, sizeof last_host_layout - strlen(last_host_layout) - 1);
      if (m->tiled.minor_to_major[i] != (int64_t)(b->num_dims - 1 - i)) return new_error(12, "mock: only row-major");
    }
  } else {
    snprintf(last_host_layout, sizeof last_host_layout, "none");
  }
  memcpy(a->dst, b->data, b->bytes);
  a->event = new_event();
  return NULL;
}

static void *Buffer_Destroy(BufferDestroyArgs *a) {
  CHECK("Buffer_Destroy", BufferDestroyArgs, buffer, a);
  MockBuffer *b = a->buffer;
  free(b->data);
  free(b);
  live_buffers--;
  return NULL;
}

static void *Buffer_ElementType(BufferElementTypeArgs *a) {
  CHECK("Buffer_ElementType", BufferElementTypeArgs, type, a);
  a->type = ((MockBuffer *)a->buffer)->type;
  return NULL;
}

static void *Buffer_Dimensions(BufferDimensionsArgs *a) {
  CHECK("Buffer_Dimensions", BufferDimensionsArgs, num_dims, a);
  MockBuffer *b = a->buffer;
  a->dims = b->dims;
  a->num_dims = b->num_dims;
  return NULL;
}

/* ------------------------------------------------------------------ the table */
static struct {
  size_t struct_size;
  void *extension_start;
  struct { size_t struct_size; void *extension_start; int major_version; int minor_version; } version;
  void *slots[NUM_SLOTS];
} api;

EXPORT const void *GetPjrtApi(void) {
  if (!api.struct_size) {
    api.struct_size = sizeof api;
    api.version.struct_size = 24;
    api.version.minor_version = 104;
    void **s = api.slots;
    s[0] = Error_Destroy; s[1] = Error_Message; s[2] = Error_GetCode;
    s[3] = Plugin_Initialize; s[4] = Plugin_Attributes;
    s[5] = Event_Destroy; s[8] = Event_Await;
    s[10] = Client_Create; s[11] = Client_Destroy; s[12] = Client_PlatformName; s[14] = Client_PlatformVersion;
    s[16] = Client_AddressableDevices; s[20] = Client_Compile; s[22] = Client_BufferFromHostBuffer;
    s[23] = DeviceDescription_Id; s[26] = DeviceDescription_Kind; s[29] = Device_GetDescription;
    s[40] = Executable_Destroy; s[44] = Executable_NumOutputs;
    s[50] = LoadedExecutable_Destroy; s[51] = LoadedExecutable_GetExecutable; s[55] = LoadedExecutable_Execute;
    s[58] = Buffer_Destroy; s[59] = Buffer_ElementType; s[60] = Buffer_Dimensions; s[70] = Buffer_ToHostBuffer;
  }
  return &api;
}

/* ------------------------------------------------------------------ test controls (not PJRT) */
EXPORT void mock_fail(const char *function, int code, const char *message) {
  snprintf(fail_function, sizeof fail_function, "%s", function);
  fail_code = code;
  snprintf(fail_message, sizeof fail_message, "%s", message);
}

EXPORT void mock_fail_next_event(int code, const char *message) {
  event_fail_code = code;
  snprintf(event_fail_message, sizeof event_fail_message, "%s", message);
}

EXPORT void mock_require_size(const char *struct_name, size_t size) {
  snprintf(required_struct, sizeof required_struct, "%s", struct_name);
  required_size = size;
}

EXPORT void mock_set_version(int major, int minor) {
  GetPjrtApi();
  api.version.major_version = major;
  api.version.minor_version = minor;
}

EXPORT void mock_set_num_slots(size_t n) {
  GetPjrtApi();
  api.struct_size = offsetof(__typeof__(api), slots) + 8 * n;
}

EXPORT void mock_set_num_devices(size_t n) { num_devices = n > 4 ? 4 : n; }

EXPORT void mock_reset(void) {
  fail_function[0] = 0;
  event_fail_code = 0;
  required_struct[0] = 0;
}

EXPORT long mock_live(const char *kind) {
  if (!strcmp(kind, "errors")) return live_errors;
  if (!strcmp(kind, "events")) return live_events;
  if (!strcmp(kind, "buffers")) return live_buffers;
  if (!strcmp(kind, "executables")) return live_executables;
  if (!strcmp(kind, "loaded")) return live_loaded;
  if (!strcmp(kind, "clients")) return live_clients;
  if (!strcmp(kind, "initialize")) return initialize_calls;
  return -1;
}

EXPORT const char *mock_last(const char *what) {
  if (!strcmp(what, "program")) return last_program ? last_program : "";
  if (!strcmp(what, "format")) return last_format ? last_format : "";
  if (!strcmp(what, "named_values")) return last_named_values ? last_named_values : "";
  if (!strcmp(what, "non_donatable")) return last_non_donatable;
  if (!strcmp(what, "host_layout")) return last_host_layout;
  if (!strcmp(what, "semantics")) {
    static char text[16];
    snprintf(text, sizeof text, "%d", last_semantics);
    return text;
  }
  return "";
}

EXPORT size_t mock_last_compile_options(unsigned char *out, size_t capacity) {
  if (out) memcpy(out, last_options, last_options_size < capacity ? last_options_size : capacity);
  return last_options_size;
}

/* Sizes of the mock's structs as the C compiler lays them out, to cross-check the binding's table. */
EXPORT size_t mock_struct_size(const char *name) {
#define SIZE(n, type, last) if (!strcmp(name, n)) return MOCK_SIZE(type, last)
  SIZE("Error_Destroy_Args", ErrorDestroyArgs, error);
  SIZE("Error_Message_Args", ErrorMessageArgs, message_size);
  SIZE("Error_GetCode_Args", ErrorGetCodeArgs, code);
  SIZE("NamedValue", NamedValue, value_size);
  SIZE("Plugin_Initialize_Args", PluginInitializeArgs, extension_start);
  SIZE("Plugin_Attributes_Args", PluginAttributesArgs, num_attributes);
  SIZE("Event_Await_Args", EventArgs, event);
  SIZE("Event_Destroy_Args", EventArgs, event);
  SIZE("Client_Create_Args", ClientCreateArgs, kv_try_get_user_arg);
  SIZE("Client_Destroy_Args", ClientDestroyArgs, client);
  SIZE("Client_PlatformName_Args", ClientTextArgs, text_size);
  SIZE("Client_AddressableDevices_Args", ClientDevicesArgs, num_devices);
  SIZE("Device_GetDescription_Args", DeviceGetDescriptionArgs, device_description);
  SIZE("DeviceDescription_Id_Args", DescriptionIdArgs, id);
  SIZE("DeviceDescription_Kind_Args", DescriptionKindArgs, kind_size);
  SIZE("Program", Program, format_size);
  SIZE("Client_Compile_Args", ClientCompileArgs, executable);
  SIZE("Buffer_MemoryLayout_Tiled", LayoutTiled, num_tiles);
  SIZE("Buffer_MemoryLayout", MemoryLayout, type);
  SIZE("Client_BufferFromHostBuffer_Args", BufferFromHostArgs, buffer);
  SIZE("Buffer_ToHostBuffer_Args", ToHostArgs, event);
  SIZE("Buffer_Destroy_Args", BufferDestroyArgs, buffer);
  SIZE("Buffer_ElementType_Args", BufferElementTypeArgs, type);
  SIZE("Buffer_Dimensions_Args", BufferDimensionsArgs, num_dims);
  SIZE("Executable_Destroy_Args", ExecutableArgs, executable);
  SIZE("Executable_NumOutputs_Args", NumOutputsArgs, num_outputs);
  SIZE("LoadedExecutable_Destroy_Args", ExecutableArgs, executable);
  SIZE("LoadedExecutable_GetExecutable_Args", GetExecutableArgs, executable);
  SIZE("ExecuteOptions", ExecuteOptions, multi_slice_config);
  SIZE("LoadedExecutable_Execute_Args", ExecuteArgs, execute_device);
#undef SIZE
  return 0;
}
