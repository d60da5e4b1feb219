import { type CStruct, paddedLength, readU64Array, u64Array } from './args.js';
import { PjrtCaller } from './caller.js';
import { HostBufferSemantics, MemoryLayoutType, NamedValueType } from './slots.js';
import { LAYOUTS } from './structs.js';

/** A `PJRT_NamedValue` as TypeScript sees it. */
export type NamedValue =
  | { readonly name: string; readonly type: 'string'; readonly value: string }
  | { readonly name: string; readonly type: 'int64'; readonly value: number | bigint }
  | { readonly name: string; readonly type: 'int64list'; readonly value: readonly (number | bigint)[] }
  | { readonly name: string; readonly type: 'float'; readonly value: number }
  | { readonly name: string; readonly type: 'bool'; readonly value: boolean };

/** A device of a client. */
export interface PjrtDevice {
  /** `PJRT_Device*`. */
  readonly handle: bigint;
  /** The plugin's device id. */
  readonly id: number;
  /** The plugin's device kind (`'cpu'`, `'NVIDIA H100 80GB HBM3'`). */
  readonly kind: string;
}

const encoder = new TextEncoder();

/** A NUL-terminated copy of a string (PJRT passes sizes too; the NUL is for plugins that ignore them). */
function cString(text: string): Uint8Array {
  const raw = encoder.encode(text);
  const out = new Uint8Array(raw.length + 1);
  out.set(raw);
  return out;
}

/** Placeholder memory for zero-length data: PJRT wants a non-null pointer. */
const EMPTY = new Uint8Array(8);

/**
 * Typed, synchronous calls into one PJRT plugin: every args struct is built from the layout table, every
 * returned `PJRT_Error` is turned into a `PjrtError` and destroyed, every event is awaited and
 * destroyed. Handles (`PJRT_Client*`, `PJRT_Buffer*`, ...) are `bigint`s the caller must release with the
 * matching `destroy*` method.
 */
export class PjrtApi extends PjrtCaller {
  /** `PJRT_Plugin_Initialize`: call once per process per plugin, before anything else. */
  initialize(): void {
    this.call('Plugin_Initialize', this.struct('Plugin_Initialize_Args'));
  }

  /** `PJRT_Plugin_Attributes`: e.g. `xla_version`, `stablehlo_current_version`. Empty when unsupported. */
  attributes(): Record<string, string | bigint | number | boolean | bigint[]> {
    if (!this.has('Plugin_Attributes')) return {};
    const args = this.struct('Plugin_Attributes_Args');
    this.call('Plugin_Attributes', args);
    const count = args.getSize('num_attributes');
    const base = args.getU64('attributes');
    const out: Record<string, string | bigint | number | boolean | bigint[]> = {};
    if (count === 0 || base === 0n) return out;
    // The plugin's array stride is its own sizeof(PJRT_NamedValue): derive it from the first struct_size.
    const first = Number(new DataView(this.ffi.read(base, 8).buffer).getBigUint64(0, true));
    const size = Math.max(LAYOUTS.NamedValue.sizeof, paddedLength(first));
    const all = this.ffi.read(base, count * size);
    for (let i = 0; i < count; i++) {
      const nv = new DataView(all.buffer, all.byteOffset + i * size, size);
      const f = (name: string) => LAYOUTS.NamedValue.fields.get(name)!.offset;
      const name = this.readString(
        nv.getBigUint64(f('name'), true),
        Number(nv.getBigUint64(f('name_size'), true)),
      );
      const valueSize = Number(nv.getBigUint64(f('value_size'), true));
      const type = nv.getInt32(f('type'), true);
      const pointer = nv.getBigUint64(f('string_value'), true);
      if (type === NamedValueType.String) out[name] = this.readString(pointer, valueSize);
      else if (type === NamedValueType.Int64) out[name] = nv.getBigInt64(f('int64_value'), true);
      else if (type === NamedValueType.Int64List)
        out[name] =
          valueSize === 0
            ? []
            : readU64Array(this.ffi.read(pointer, 8 * valueSize), valueSize).map((v) => BigInt.asIntN(64, v));
      else if (type === NamedValueType.Float) out[name] = nv.getFloat32(f('float_value'), true);
      else if (type === NamedValueType.Bool) out[name] = nv.getUint8(f('bool_value')) !== 0;
    }
    return out;
  }

  /** `PJRT_Client_Create` with named-value options (e.g. `preallocate=false` for CUDA). */
  createClient(options: readonly NamedValue[] = []): bigint {
    return this.adaptive(() => this.createClientOnce(options));
  }

  private createClientOnce(options: readonly NamedValue[]): bigint {
    const keep: unknown[] = [];
    const size = this.stride('NamedValue');
    const array = new Uint8Array(Math.max(1, options.length) * size);
    options.forEach((option, i) => {
      const nv = this.struct('NamedValue', array.subarray(i * size, (i + 1) * size));
      const name = cString(option.name);
      keep.push(name);
      nv.setU64('name', this.ffi.addressOf(name)).set('name_size', name.length - 1);
      if (option.type === 'string') {
        const value = cString(option.value);
        keep.push(value);
        nv.setI32('type', NamedValueType.String).setU64('string_value', this.ffi.addressOf(value));
        nv.set('value_size', value.length - 1);
      } else if (option.type === 'int64') {
        nv.setI32('type', NamedValueType.Int64)
          .setU64('int64_value', BigInt(option.value))
          .set('value_size', 1);
      } else if (option.type === 'int64list') {
        const list = u64Array(option.value);
        keep.push(list);
        nv.setI32('type', NamedValueType.Int64List).setU64('int64_array_value', this.ffi.addressOf(list));
        nv.set('value_size', option.value.length);
      } else if (option.type === 'float') {
        nv.setI32('type', NamedValueType.Float).setF32('float_value', option.value).set('value_size', 1);
      } else {
        nv.setI32('type', NamedValueType.Bool).setBool('bool_value', option.value).set('value_size', 1);
      }
    });
    const args = this.struct('Client_Create_Args')
      .setU64('create_options', options.length ? this.ffi.addressOf(array) : 0n)
      .set('num_options', options.length);
    this.call('Client_Create', args);
    keep.length = 0;
    return args.getU64('client');
  }

  /** `PJRT_Client_Destroy`. */
  destroyClient(client: bigint): void {
    this.call('Client_Destroy', this.struct('Client_Destroy_Args').setU64('client', client));
  }

  /** `PJRT_Client_PlatformName` (`'cpu'`, `'cuda'`, ...). */
  platformName(client: bigint): string {
    const args = this.struct('Client_PlatformName_Args').setU64('client', client);
    this.call('Client_PlatformName', args);
    return this.readString(args.getU64('platform_name'), args.getSize('platform_name_size'));
  }

  /** `PJRT_Client_PlatformVersion`, or `''` when the plugin lacks it. */
  platformVersion(client: bigint): string {
    if (!this.has('Client_PlatformVersion')) return '';
    const args = this.struct('Client_PlatformVersion_Args').setU64('client', client);
    this.call('Client_PlatformVersion', args);
    return this.readString(args.getU64('platform_version'), args.getSize('platform_version_size'));
  }

  /** The client's addressable devices, with their ids and kinds. */
  addressableDevices(client: bigint): PjrtDevice[] {
    const args = this.struct('Client_AddressableDevices_Args').setU64('client', client);
    this.call('Client_AddressableDevices', args);
    const count = args.getSize('num_addressable_devices');
    if (count === 0) return [];
    const handles = readU64Array(this.ffi.read(args.getU64('addressable_devices'), 8 * count), count);
    return handles.map((handle, index) => {
      let id = index;
      let kind = 'unknown';
      if (this.has('Device_GetDescription')) {
        const d = this.struct('Device_GetDescription_Args').setU64('device', handle);
        this.call('Device_GetDescription', d);
        const description = d.getU64('device_description');
        if (this.has('DeviceDescription_Id')) {
          const a = this.struct('DeviceDescription_Id_Args').setU64('device_description', description);
          this.call('DeviceDescription_Id', a);
          id = a.getI32('id');
        }
        if (this.has('DeviceDescription_Kind')) {
          const a = this.struct('DeviceDescription_Kind_Args').setU64('device_description', description);
          this.call('DeviceDescription_Kind', a);
          kind = this.readString(a.getU64('device_kind'), a.getSize('device_kind_size'));
        }
      }
      return { handle, id, kind };
    });
  }

  /**
   * `PJRT_Client_Compile` of program text.
   *
   * @param format - `'mlir'` (StableHLO text or bytecode) or `'hlo'`.
   * @param compileOptions - a serialized `xla.CompileOptionsProto`.
   * @returns the `PJRT_LoadedExecutable*`.
   */
  compile(client: bigint, code: string, format: string, compileOptions: Uint8Array): bigint {
    return this.adaptive(() => this.compileOnce(client, code, format, compileOptions));
  }

  private compileOnce(client: bigint, code: string, format: string, compileOptions: Uint8Array): bigint {
    const codeBytes = cString(code);
    const formatBytes = cString(format);
    const options = compileOptions.length ? compileOptions : EMPTY;
    const program = this.struct('Program')
      .setU64('code', this.ffi.addressOf(codeBytes))
      .set('code_size', codeBytes.length - 1)
      .setU64('format', this.ffi.addressOf(formatBytes))
      .set('format_size', formatBytes.length - 1);
    const args = this.struct('Client_Compile_Args')
      .setU64('client', client)
      .setU64('program', this.ffi.addressOf(program.bytes))
      .setU64('compile_options', this.ffi.addressOf(options))
      .set('compile_options_size', compileOptions.length);
    this.call('Client_Compile', args);
    return args.getU64('executable');
  }

  /** Number of outputs of a loaded executable (through a temporary `PJRT_Executable`, destroyed here). */
  numOutputs(loaded: bigint): number {
    const get = this.struct('LoadedExecutable_GetExecutable_Args').setU64('loaded_executable', loaded);
    this.call('LoadedExecutable_GetExecutable', get);
    const executable = get.getU64('executable');
    try {
      const args = this.struct('Executable_NumOutputs_Args').setU64('executable', executable);
      this.call('Executable_NumOutputs', args);
      return args.getSize('num_outputs');
    } finally {
      this.call(
        'Executable_Destroy',
        this.struct('Executable_Destroy_Args').setU64('executable', executable),
      );
    }
  }

  /** `PJRT_LoadedExecutable_Destroy`. */
  destroyLoadedExecutable(loaded: bigint): void {
    this.call(
      'LoadedExecutable_Destroy',
      this.struct('LoadedExecutable_Destroy_Args').setU64('executable', loaded),
    );
  }

  /**
   * `PJRT_Client_BufferFromHostBuffer` with `ImmutableOnlyDuringCall` semantics (the plugin copies the
   * data), waiting for the copy.
   *
   * @returns the new `PJRT_Buffer*`, owned by the caller.
   */
  bufferFromHost(
    client: bigint,
    data: ArrayBufferView,
    bufferType: number,
    dims: readonly number[],
    device: bigint,
  ): bigint {
    const dimsArray = new BigInt64Array(Math.max(1, dims.length));
    dims.forEach((d, i) => {
      dimsArray[i] = BigInt(d);
    });
    const source = data.byteLength === 0 ? EMPTY : data;
    const args = this.struct('Client_BufferFromHostBuffer_Args')
      .setU64('client', client)
      .setU64('data', this.ffi.addressOf(source))
      .setI32('type', bufferType)
      .setU64('dims', this.ffi.addressOf(dimsArray))
      .set('num_dims', dims.length)
      .setI32('host_buffer_semantics', HostBufferSemantics.ImmutableOnlyDuringCall)
      .setU64('device', device);
    this.call('Client_BufferFromHostBuffer', args);
    const buffer = args.getU64('buffer');
    try {
      this.awaitEvent(args.getU64('done_with_host_buffer'), 'host-to-device copy');
    } catch (error) {
      this.destroyBuffer(buffer);
      throw error;
    }
    return buffer;
  }

  /**
   * `PJRT_LoadedExecutable_Execute` on one device, waiting for completion.
   *
   * @param device - the device to run on (portable executables), or 0n to let the executable choose.
   * @param nonDonatable - indices of inputs the plugin must not consume.
   * @returns one new `PJRT_Buffer*` per output, owned by the caller.
   */
  execute(
    loaded: bigint,
    inputs: readonly bigint[],
    numOutputs: number,
    device: bigint,
    nonDonatable: readonly number[],
  ): bigint[] {
    return this.adaptive(() => this.executeOnce(loaded, inputs, numOutputs, device, nonDonatable));
  }

  private executeOnce(
    loaded: bigint,
    inputs: readonly bigint[],
    numOutputs: number,
    device: bigint,
    nonDonatable: readonly number[],
  ): bigint[] {
    const argList = u64Array(inputs);
    const argLists = u64Array([this.ffi.addressOf(argList)]);
    const outList = new BigUint64Array(Math.max(1, numOutputs));
    const outLists = u64Array([this.ffi.addressOf(outList)]);
    const events = new BigUint64Array(1);
    const keepIndices = u64Array(nonDonatable);
    const options = this.struct('ExecuteOptions')
      .setU64('non_donatable_input_indices', nonDonatable.length ? this.ffi.addressOf(keepIndices) : 0n)
      .set('num_non_donatable_input_indices', nonDonatable.length);
    const args = this.struct('LoadedExecutable_Execute_Args')
      .setU64('executable', loaded)
      .setU64('options', this.ffi.addressOf(options.bytes))
      .setU64('argument_lists', this.ffi.addressOf(argLists))
      .set('num_devices', 1)
      .set('num_args', inputs.length)
      .setU64('output_lists', this.ffi.addressOf(outLists))
      .setU64('device_complete_events', this.ffi.addressOf(events))
      .setU64('execute_device', device);
    const outputs = () => [...outList.subarray(0, numOutputs)].filter((b) => b !== 0n);
    try {
      this.call('LoadedExecutable_Execute', args);
      this.awaitEvent(events[0]!, 'execution');
    } catch (error) {
      for (const b of outputs()) this.destroyBuffer(b);
      throw error;
    }
    const result = outputs();
    if (result.length !== numOutputs) {
      for (const b of result) this.destroyBuffer(b);
      throw new Error(
        `PJRT_LoadedExecutable_Execute returned ${result.length} outputs, expected ${numOutputs}`,
      );
    }
    return result;
  }

  /**
   * `PJRT_Buffer_ToHostBuffer` into `dst`, waiting for the copy.
   *
   * @param rowMajorRank - when given, asks for an explicit row-major (major-to-minor) host layout of this
   * rank; otherwise the host layout is left to the plugin (`host_layout = NULL`).
   */
  bufferToHost(buffer: bigint, dst: ArrayBufferView, rowMajorRank?: number): void {
    this.adaptive(() => this.bufferToHostOnce(buffer, dst, rowMajorRank));
  }

  private bufferToHostOnce(buffer: bigint, dst: ArrayBufferView, rowMajorRank?: number): void {
    const target = dst.byteLength === 0 ? EMPTY : dst;
    const args = this.struct('Buffer_ToHostBuffer_Args')
      .setU64('src', buffer)
      .setU64('dst', this.ffi.addressOf(target))
      .set('dst_size', dst.byteLength);
    let layout: CStruct | undefined;
    let minorToMajor: BigInt64Array | undefined;
    if (rowMajorRank !== undefined) {
      minorToMajor = new BigInt64Array(Math.max(1, rowMajorRank));
      for (let i = 0; i < rowMajorRank; i++) minorToMajor[i] = BigInt(rowMajorRank - 1 - i);
      layout = this.struct('Buffer_MemoryLayout').setI32('type', MemoryLayoutType.Tiled);
      layout
        .set('tiled.struct_size', LAYOUTS.Buffer_MemoryLayout_Tiled.size)
        .setU64('tiled.minor_to_major', this.ffi.addressOf(minorToMajor))
        .set('tiled.minor_to_major_size', rowMajorRank);
      args.setU64('host_layout', this.ffi.addressOf(layout.bytes));
    }
    this.call('Buffer_ToHostBuffer', args);
    this.awaitEvent(args.getU64('event'), 'device-to-host copy');
  }

  /** `PJRT_Buffer_Dimensions`. */
  bufferDimensions(buffer: bigint): number[] {
    const args = this.struct('Buffer_Dimensions_Args').setU64('buffer', buffer);
    this.call('Buffer_Dimensions', args);
    const count = args.getSize('num_dims');
    if (count === 0) return [];
    return readU64Array(this.ffi.read(args.getU64('dims'), 8 * count), count).map((d) =>
      Number(BigInt.asIntN(64, d)),
    );
  }

  /** `PJRT_Buffer_ElementType` (a `PJRT_Buffer_Type` code). */
  bufferElementType(buffer: bigint): number {
    const args = this.struct('Buffer_ElementType_Args').setU64('buffer', buffer);
    this.call('Buffer_ElementType', args);
    return args.getI32('type');
  }

  /** `PJRT_Buffer_Destroy`. */
  destroyBuffer(buffer: bigint): void {
    this.call('Buffer_Destroy', this.struct('Buffer_Destroy_Args').setU64('buffer', buffer));
  }
}
