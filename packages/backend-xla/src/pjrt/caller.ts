import { CStruct, paddedLength } from './args.js';
import { PjrtError } from './errors.js';
import type { PjrtFfi } from './ffi.js';
import { API_SLOTS, type ApiFunction } from './slots.js';
import { API_SLOTS_OFFSET, LAYOUTS, type StructName } from './structs.js';

const STRUCT_BY_C_NAME = new Map<string, StructName>(
  (Object.keys(LAYOUTS) as StructName[]).map((name) => [LAYOUTS[name].name, name]),
);

const SIZE_ERROR = /Unexpected (PJRT_\w+) size: expected (\d+), got (\d+)/;

/** Most extra bytes a newer plugin may ask for before the binding gives up adapting. */
const MAX_PADDING = 512;

/** Marks an error after which the whole operation can be retried (a nested struct was too small). */
class RetryableSizeError extends Error {}

const utf8 = new TextDecoder();

/**
 * The calling convention of one PJRT plugin: its function table (with the struct_size guard on every
 * slot), calls that turn each returned `PJRT_Error` into a {@link PjrtError} and destroy it, event
 * awaiting, and adaptation to plugins whose structs are larger than this binding's.
 */
export class PjrtCaller {
  /** The native seam. */
  readonly ffi: PjrtFfi;
  /** Path of the plugin. */
  readonly path: string;
  /** `PJRT_Api*`. */
  readonly api: bigint;
  /** `struct_size` of the plugin's table. */
  readonly tableSize: number;
  /** The plugin's PJRT C API version. */
  readonly version: { readonly major: number; readonly minor: number };
  /**
   * Adapt to plugins built from a newer header: when the plugin says a struct is too small, send it
   * zero-padded to the size it wants (unknown trailing fields stay zero = unset) and warn once. When false,
   * the plugin's message is thrown as is. Default: true unless `TSMLX_PJRT_STRICT_STRUCTS=1`.
   */
  adaptStructSizes: boolean;
  /** Warnings about adapted struct sizes. */
  readonly warnings: string[] = [];
  private readonly table: DataView;
  private readonly padded = new Map<StructName, number>();

  /**
   * Opens a plugin and checks its API version (major must be 0). Does not initialize it: call
   * `PjrtApi.initialize()` once.
   *
   * @throws Error when the library is not a PJRT plugin or has an incompatible major version.
   */
  constructor(ffi: PjrtFfi, path: string) {
    this.ffi = ffi;
    this.path = path;
    this.adaptStructSizes = process.env.TSMLX_PJRT_STRICT_STRUCTS !== '1';
    this.api = ffi.open(path);
    const head = ffi.read(this.api, LAYOUTS.Api.size);
    const headView = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const fields = LAYOUTS.Api.fields;
    this.tableSize = Number(headView.getBigUint64(0, true));
    if (this.tableSize < LAYOUTS.Api.size || this.tableSize > 1 << 20) {
      throw new Error(`${path}: implausible PJRT_Api struct_size ${this.tableSize}`);
    }
    this.version = {
      major: headView.getInt32(fields.get('pjrt_api_version.major_version')!.offset, true),
      minor: headView.getInt32(fields.get('pjrt_api_version.minor_version')!.offset, true),
    };
    if (this.version.major !== 0) {
      throw new Error(
        `${path}: PJRT C API ${this.version.major}.${this.version.minor} is not supported (this binding speaks 0.x)`,
      );
    }
    const bytes = ffi.read(this.api, this.tableSize);
    this.table = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Tells whether the plugin's table has a (non-null) function. */
  has(fn: ApiFunction): boolean {
    const offset = API_SLOTS_OFFSET + 8 * API_SLOTS[fn];
    return offset + 8 <= this.tableSize && this.table.getBigUint64(offset, true) !== 0n;
  }

  private pointer(fn: ApiFunction): bigint {
    if (!this.has(fn)) {
      throw new Error(
        `${this.path} (PJRT API ${this.version.major}.${this.version.minor}) lacks PJRT_${fn} (slot ${API_SLOTS[fn]})`,
      );
    }
    return this.table.getBigUint64(API_SLOTS_OFFSET + 8 * API_SLOTS[fn], true);
  }

  /** A zero-filled struct with `struct_size` set (padded when the plugin asked for a larger size). */
  protected struct(name: StructName, into?: Uint8Array): CStruct {
    return new CStruct(name, into, this.padded.get(name));
  }

  /** Bytes per element of an array of structs (plugins index arrays with their own `sizeof`). */
  protected stride(name: StructName): number {
    return Math.max(LAYOUTS[name].sizeof, paddedLength(this.padded.get(name) ?? 0));
  }

  /**
   * Calls a function returning `PJRT_Error*`; throws the plugin's error (after destroying it). A "struct
   * too small" error about the args struct itself is retried at once with a padded struct; one about a
   * nested struct is thrown as retryable for {@link PjrtCaller.adaptive} to re-run the operation.
   */
  protected call(fn: ApiFunction, args: CStruct): void {
    for (;;) {
      const error = this.ffi.call(this.pointer(fn), args.bytes);
      if (error === 0n) return;
      const pjrtError = this.takeError(error, `PJRT_${fn}`);
      const wanted = this.adaptStructSizes ? SIZE_ERROR.exec(pjrtError.pluginMessage) : null;
      const name = wanted ? STRUCT_BY_C_NAME.get(wanted[1]!) : undefined;
      const expected = Number(wanted?.[2]);
      const got = Number(wanted?.[3]);
      const current = name === undefined ? -1 : Math.max(LAYOUTS[name].size, this.padded.get(name) ?? 0);
      if (
        name === undefined ||
        got !== current ||
        expected <= got ||
        expected - LAYOUTS[name].size > MAX_PADDING
      ) {
        throw pjrtError;
      }
      this.padded.set(name, expected);
      const warning = `${this.path}: ${wanted![1]} padded from ${got} to ${expected} bytes (the plugin speaks PJRT API ${this.version.major}.${this.version.minor}; this binding's structs are 0.104)`;
      this.warnings.push(warning);
      console.warn(`tsmlx backend-xla: ${warning}`);
      if (args.layout !== LAYOUTS[name])
        throw new RetryableSizeError(pjrtError.message, { cause: pjrtError });
      args.grow(expected);
    }
  }

  /** Runs an operation, re-running it when a nested struct had to be padded (its first call failed). */
  protected adaptive<T>(operation: () => T): T {
    for (let attempt = 0; ; attempt++) {
      try {
        return operation();
      } catch (error) {
        if (!(error instanceof RetryableSizeError) || attempt >= 8) {
          throw error instanceof RetryableSizeError ? error.cause : error;
        }
      }
    }
  }

  /** Reads a plugin error's code and message, destroys it, and returns it as a {@link PjrtError}. */
  takeError(error: bigint, fn: string): PjrtError {
    const message = this.struct('Error_Message_Args').setU64('error', error);
    this.ffi.call(this.pointer('Error_Message'), message.bytes);
    const text = this.readString(message.getU64('message'), message.getSize('message_size'));
    let code = 2; // UNKNOWN
    if (this.has('Error_GetCode')) {
      const getCode = this.struct('Error_GetCode_Args').setU64('error', error);
      if (this.ffi.call(this.pointer('Error_GetCode'), getCode.bytes) === 0n) code = getCode.getI32('code');
    }
    this.ffi.call(
      this.pointer('Error_Destroy'),
      this.struct('Error_Destroy_Args').setU64('error', error).bytes,
    );
    return new PjrtError(fn, code, text);
  }

  /** Reads `size` bytes of UTF-8 at `address`. */
  readString(address: bigint, size: number): string {
    if (address === 0n || size === 0) return '';
    return utf8.decode(this.ffi.read(address, size));
  }

  /** Waits for an event, destroys it, and throws the error it carried, if any. */
  awaitEvent(event: bigint, what: string): void {
    if (event === 0n) return;
    const error = this.ffi.call(
      this.pointer('Event_Await'),
      this.struct('Event_Await_Args').setU64('event', event).bytes,
    );
    const destroyError = this.ffi.call(
      this.pointer('Event_Destroy'),
      this.struct('Event_Destroy_Args').setU64('event', event).bytes,
    );
    const awaited = error === 0n ? undefined : this.takeError(error, `PJRT_Event_Await (${what})`);
    const destroyed = destroyError === 0n ? undefined : this.takeError(destroyError, 'PJRT_Event_Destroy');
    if (awaited) throw awaited;
    if (destroyed) throw destroyed;
  }
}
