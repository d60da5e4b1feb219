/**
 * A minimal protocol-buffers writer (varints, length-delimited fields) and the `xla.CompileOptionsProto`
 * encoding PJRT's `Client_Compile` takes. Only what the binding sends is implemented.
 */

/** Appends protobuf wire-format fields to a growing byte list. */
export class ProtoWriter {
  private readonly out: number[] = [];

  private varint(value: bigint): void {
    let v = BigInt.asUintN(64, value); // negative int64s are sent as 10-byte two's complement
    while (v >= 0x80n) {
      this.out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.out.push(Number(v));
  }

  private tag(field: number, wireType: number): void {
    this.varint(BigInt((field << 3) | wireType));
  }

  /** Writes an `int64`/`int32`/`uint64` field (wire type 0). */
  int64(field: number, value: number | bigint): this {
    this.tag(field, 0);
    this.varint(BigInt(value));
    return this;
  }

  /** Writes a `bool` field (wire type 0). */
  bool(field: number, value: boolean): this {
    return this.int64(field, value ? 1 : 0);
  }

  /** Writes a length-delimited field (bytes, string or an embedded message). */
  bytes(field: number, data: Uint8Array | string): this {
    const raw = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    this.tag(field, 2);
    this.varint(BigInt(raw.length));
    for (const b of raw) this.out.push(b);
    return this;
  }

  /** Writes an embedded message built by `build`. */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** The encoded bytes. */
  finish(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** What goes into a `CompileOptionsProto`. */
export interface CompileOptions {
  /** `executable_build_options.device_ordinal`; -1 lets the client choose. Default -1. */
  deviceOrdinal?: number;
  /** Default 1. */
  numReplicas?: number;
  /** Default 1. */
  numPartitions?: number;
  /** A portable executable runs on any one device chosen at execute time. Default true. */
  portable?: boolean;
}

/**
 * Encodes an `xla.CompileOptionsProto`: `executable_build_options` (field 3: `device_ordinal` 1,
 * `num_replicas` 4, `num_partitions` 5) and `compile_portable_executable` (field 4).
 *
 * @example
 * ```ts
 * encodeCompileOptions(); // single device, portable
 * ```
 */
export function encodeCompileOptions(options: CompileOptions = {}): Uint8Array {
  return new ProtoWriter()
    .message(3, (b) =>
      b
        .int64(1, options.deviceOrdinal ?? -1)
        .int64(4, options.numReplicas ?? 1)
        .int64(5, options.numPartitions ?? 1),
    )
    .bool(4, options.portable ?? true)
    .finish();
}
