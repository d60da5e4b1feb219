import type { StructLayout } from './ctypes.js';
import { LAYOUTS, type StructName } from './structs.js';

/**
 * A PJRT struct in a zero-filled, caller-owned byte array, with `struct_size` already set. Fields are read
 * and written by name through the layout table; pointers and sizes are `bigint`s.
 */
export class CStruct {
  /** The struct's bytes, handed to native code as-is. */
  bytes: Uint8Array;
  /** The layout. */
  readonly layout: StructLayout;
  private view: DataView;

  /**
   * @param name - a struct of the layout table.
   * @param into - optional existing bytes to use (e.g. an element of an array of structs); zero-filled here.
   * @param size - `struct_size` to report when larger than the layout's (zero padding for a newer plugin).
   */
  constructor(name: StructName, into?: Uint8Array, size?: number) {
    this.layout = LAYOUTS[name];
    const reported = Math.max(this.layout.size, size ?? 0);
    const length = Math.max(this.layout.sizeof, paddedLength(reported));
    this.bytes = into ?? new Uint8Array(length);
    if (into) into.fill(0, 0, length);
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, length);
    this.setU64('struct_size', BigInt(reported));
  }

  /** The `struct_size` this struct reports. */
  get size(): number {
    return Number(this.view.getBigUint64(0, true));
  }

  /** Grows the struct (keeping its fields) to report a larger `struct_size`; the new bytes are zero. */
  grow(size: number): void {
    const bytes = new Uint8Array(Math.max(this.bytes.length, paddedLength(size)));
    bytes.set(this.bytes);
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    this.setU64('struct_size', BigInt(size));
  }

  private field(name: string, width: number): number {
    const f = this.layout.fields.get(name);
    if (!f) throw new Error(`${this.layout.name} has no field ${name}`);
    if (f.size !== width) throw new Error(`${this.layout.name}.${name} is ${f.size} bytes, not ${width}`);
    return f.offset;
  }

  /** Writes a pointer, `size_t` or `int64_t` field. */
  setU64(name: string, value: bigint): this {
    this.view.setBigUint64(this.field(name, 8), BigInt.asUintN(64, value), true);
    return this;
  }

  /** Writes a pointer or size field from a number. */
  set(name: string, value: number | bigint): this {
    return this.setU64(name, BigInt(value));
  }

  /** Writes an `int` or enum field. */
  setI32(name: string, value: number): this {
    this.view.setInt32(this.field(name, 4), value, true);
    return this;
  }

  /** Writes a `float` field. */
  setF32(name: string, value: number): this {
    this.view.setFloat32(this.field(name, 4), value, true);
    return this;
  }

  /** Writes a `bool` field. */
  setBool(name: string, value: boolean): this {
    this.view.setUint8(this.field(name, 1), value ? 1 : 0);
    return this;
  }

  /** Reads a pointer or `size_t` field. */
  getU64(name: string): bigint {
    return this.view.getBigUint64(this.field(name, 8), true);
  }

  /** Reads a `size_t` field as a number. */
  getSize(name: string): number {
    return Number(this.getU64(name));
  }

  /** Reads an `int` or enum field. */
  getI32(name: string): number {
    return this.view.getInt32(this.field(name, 4), true);
  }
}

/** Bytes to allocate for a struct reporting `size`: rounded up to 8 (the alignment of every PJRT struct). */
export function paddedLength(size: number): number {
  return Math.ceil(size / 8) * 8;
}

/** Reads `count` little-endian 64-bit values (pointers or int64s) from bytes. */
export function readU64Array(bytes: Uint8Array, count: number): bigint[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) out.push(view.getBigUint64(8 * i, true));
  return out;
}

/** Packs 64-bit values (pointers or int64s) into a new byte array (at least 8 bytes, never empty). */
export function u64Array(values: readonly (bigint | number)[]): BigUint64Array {
  const out = new BigUint64Array(Math.max(1, values.length));
  values.forEach((v, i) => {
    out[i] = BigInt.asUintN(64, BigInt(v));
  });
  return out;
}
