import { type AnyStorageArray, byteSize, type DType, storageConstructor } from '@tsmlx/dtypes';
import { Tensor } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';

/**
 * The safetensors dtype names tsmlx reads and writes, and the tsmlx dtype of each. (safetensors' 8-bit and
 * sub-byte float types have no tsmlx dtype; complex types are not part of safetensors.)
 */
export const SAFETENSORS_DTYPES: Readonly<Record<string, DType>> = Object.freeze({
  BOOL: 'bool',
  U8: 'uint8',
  I8: 'int8',
  I16: 'int16',
  U16: 'uint16',
  F16: 'float16',
  BF16: 'bfloat16',
  I32: 'int32',
  U32: 'uint32',
  F32: 'float32',
  F64: 'float64',
  I64: 'int64',
  U64: 'uint64',
});

const NAMES: Partial<Record<DType, string>> = Object.fromEntries(
  Object.entries(SAFETENSORS_DTYPES).map(([k, v]) => [v, k]),
);

/** Largest header accepted (as the reference implementation: 100 MB). */
export const SAFETENSORS_MAX_HEADER = 100_000_000;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** One tensor as described by a safetensors header. */
export interface SafetensorsEntry {
  /** Tensor name (for tsmlx checkpoints: the variable path, e.g. `/dense_0/weights`). */
  name: string;
  /** The tsmlx dtype. */
  dtype: DType;
  /** The dtype as written in the file (`F32`, `BF16`, ...). */
  fileDType: string;
  /** Dims. */
  shape: number[];
  /** Number of elements. */
  size: number;
  /** Byte range `[begin, end)` in the data section (after the header). */
  dataOffsets: [number, number];
}

/** The parsed header of a safetensors file. */
export interface SafetensorsHeader {
  /** The `__metadata__` string map (empty when absent). */
  metadata: Record<string, string>;
  /** Tensors, in file order (by data offset). */
  entries: SafetensorsEntry[];
  /** Byte offset of the data section in the file: 8 + header length. */
  dataStart: number;
}

/** A decoded safetensors file. */
export interface SafetensorsContents {
  /** The `__metadata__` string map. */
  metadata: Record<string, string>;
  /** Tensors by name, in file order. */
  tensors: Map<string, Tensor>;
}

/**
 * Reads the header length (the first 8 bytes, little-endian uint64) of a safetensors file of `fileSize` bytes.
 *
 * @throws Error naming the file when the file is too short or the length is impossible.
 */
export function safetensorsHeaderLength(first8: Uint8Array, fileSize: number, fileName: string): number {
  if (fileSize < 8 || first8.length < 8) {
    throw new Error(
      `safetensors file ${fileName}: ${fileSize} bytes, too short for the 8-byte header length (truncated?)`,
    );
  }
  const n = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(SAFETENSORS_MAX_HEADER)) {
    throw new Error(
      `safetensors file ${fileName}: header length ${n} exceeds the ${SAFETENSORS_MAX_HEADER}-byte limit (corrupt file?)`,
    );
  }
  if (Number(n) > fileSize - 8) {
    throw new Error(
      `safetensors file ${fileName}: header length ${n} but only ${fileSize - 8} bytes follow (truncated?)`,
    );
  }
  return Number(n);
}

/**
 * Parses and validates a safetensors header: `headerBytes` holds at least the first `8 + headerLength` bytes of
 * a file of `fileSize` bytes. Checks that the header is UTF-8 JSON object text, that each tensor has a known dtype,
 * a shape of non-negative integers and `data_offsets` whose length matches dtype × shape, that the tensors tile the
 * data section exactly (no gap, no overlap, nothing missing at the end), and that `__metadata__` maps strings to
 * strings.
 *
 * @throws Error naming the file and the offending tensor for any violation.
 */
export function parseSafetensorsHeader(
  headerBytes: Uint8Array,
  fileSize: number,
  fileName: string,
): SafetensorsHeader {
  const fail = (msg: string): never => {
    throw new Error(`safetensors file ${fileName}: ${msg}`);
  };
  const n = safetensorsHeaderLength(headerBytes, fileSize, fileName);
  if (headerBytes.length < 8 + n) fail(`header needs ${8 + n} bytes, got ${headerBytes.length}`);
  let json: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes.subarray(8, 8 + n));
    if (!text.startsWith('{')) fail('the header is not a JSON object');
    json = JSON.parse(text);
  } catch (error) {
    if ((error as Error).message.startsWith('safetensors file')) throw error;
    fail(`the header is not valid UTF-8 JSON: ${(error as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    fail('the header is not a JSON object');
  const metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        fail('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} must be a string, got ${JSON.stringify(v)}`);
        metadata[k] = v as string;
      }
      continue;
    }
    const t = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const where = `tensor ${JSON.stringify(name)}`;
    if (t === null || typeof t !== 'object') fail(`${where}: expected {dtype, shape, data_offsets}`);
    const dtype = typeof t.dtype === 'string' ? SAFETENSORS_DTYPES[t.dtype] : undefined;
    if (dtype === undefined) {
      fail(
        `${where}: unsupported dtype ${JSON.stringify(t.dtype)} (supported: ${Object.keys(SAFETENSORS_DTYPES).join(', ')})`,
      );
    }
    const shape = t.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
    }
    const offsets = t.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
      offsets[0] > offsets[1]
    ) {
      fail(
        `${where}: data_offsets must be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offsets)}`,
      );
    }
    const size = (shape as number[]).reduce((a, d) => a * d, 1);
    const [begin, end] = offsets as [number, number];
    if (end - begin !== size * byteSize(dtype!)) {
      fail(
        `${where}: ${t.dtype}[${(shape as number[]).join(', ')}] needs ${size * byteSize(dtype!)} bytes, data_offsets [${begin}, ${end}] hold ${end - begin}`,
      );
    }
    entries.push({
      name,
      dtype: dtype!,
      fileDType: t.dtype as string,
      shape: shape as number[],
      size,
      dataOffsets: [begin, end],
    });
  }
  entries.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  const dataSize = fileSize - 8 - n;
  let at = 0;
  for (const e of entries) {
    if (e.dataOffsets[0] !== at) {
      fail(
        `tensor ${JSON.stringify(e.name)}: data_offsets start at ${e.dataOffsets[0]}, expected ${at} (tensors must tile the data without gaps or overlaps)`,
      );
    }
    at = e.dataOffsets[1];
  }
  if (at !== dataSize) {
    fail(
      at > dataSize
        ? `the tensors need ${at} data bytes, the file has ${dataSize} after the header (truncated?)`
        : `${dataSize - at} data bytes after the last tensor (corrupt header or trailing garbage)`,
    );
  }
  return { metadata, entries, dataStart: 8 + n };
}

/**
 * Decodes a whole safetensors file (validated as {@link parseSafetensorsHeader}; bool bytes must be 0 or 1).
 * Every tensor gets its own copy of the data.
 *
 * @param fileName - named in error messages.
 */
export function decodeSafetensors(bytes: Uint8Array, fileName = '<safetensors bytes>'): SafetensorsContents {
  const header = parseSafetensorsHeader(bytes, bytes.length, fileName);
  const tensors = new Map<string, Tensor>();
  for (const e of header.entries) {
    // A fresh, aligned copy (not `bytes.slice`: on a Node Buffer that is a view into a shared pool).
    const raw = new Uint8Array(e.dataOffsets[1] - e.dataOffsets[0]);
    raw.set(bytes.subarray(header.dataStart + e.dataOffsets[0], header.dataStart + e.dataOffsets[1]));
    if (e.dtype === 'bool') {
      const bad = raw.findIndex((b) => b > 1);
      if (bad >= 0)
        throw new Error(
          `safetensors file ${fileName}: tensor ${JSON.stringify(e.name)}: BOOL element ${bad} is ${raw[bad]}, not 0 or 1`,
        );
    }
    if (!LITTLE_ENDIAN) swapBytes(raw, byteSize(e.dtype));
    const ctor = storageConstructor(e.dtype);
    const data = new ctor(raw.buffer, 0, e.size) as AnyStorageArray;
    tensors.set(e.name, Tensor.fromStorage(data, new Shape(e.dtype, e.shape)));
  }
  return { metadata: header.metadata, tensors };
}

/**
 * Encodes tensors as a safetensors file: 8-byte little-endian header length, the JSON header (padded with spaces
 * so the data starts at a multiple of 8 bytes), then each tensor's little-endian bytes. Tensors are laid out by
 * element size (largest first) then name, so every tensor is aligned to its element size.
 *
 * @param tensors - name → tensor (host-readable: `dataSync()` is used). Names must be non-empty and not `__metadata__`.
 * @param metadata - the optional `__metadata__` string map.
 * @throws TypeError for complex dtypes (not in safetensors) or bad names.
 */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const list = [...(tensors instanceof Map ? tensors.entries() : Object.entries(tensors))] as [
    string,
    Tensor,
  ][];
  for (const [name, t] of list) {
    if (name === '' || name === '__metadata__')
      throw new TypeError(`encodeSafetensors: invalid tensor name ${JSON.stringify(name)}`);
    if (NAMES[t.dtype] === undefined)
      throw new TypeError(
        `encodeSafetensors: tensor ${JSON.stringify(name)}: safetensors has no ${t.dtype} dtype`,
      );
  }
  list.sort(([an, a], [bn, b]) => byteSize(b.dtype) - byteSize(a.dtype) || (an < bn ? -1 : an > bn ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata))
      if (typeof v !== 'string') throw new TypeError(`encodeSafetensors: metadata ${k} must be a string`);
    header.__metadata__ = metadata;
  }
  let offset = 0;
  for (const [name, t] of list) {
    const bytes = t.size * byteSize(t.dtype);
    header[name] = { dtype: NAMES[t.dtype], shape: [...t.dims], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil((8 + json.length) / 8) * 8 - 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const [, t] of list) {
    const data = t.dataSync();
    const bytes = new Uint8Array(data.buffer, data.byteOffset, t.size * byteSize(t.dtype));
    out.set(bytes, at);
    if (!LITTLE_ENDIAN) swapBytes(out.subarray(at, at + bytes.length), byteSize(t.dtype));
    at += bytes.length;
  }
  return out;
}

/** Reverses the bytes of each `width`-byte element in place (big-endian hosts). */
function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}
