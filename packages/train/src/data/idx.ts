import type { AnyStorageArray, DType } from '@tsmlx/dtypes';
import { Tensor } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';

/**
 * The element types of the IDX format (LeCun's MNIST files): the type code in the third byte of the magic
 * number, and the tsmlx dtype it becomes. Multi-byte values are big-endian in the file.
 */
export const IDX_DTYPES: Readonly<Record<number, DType>> = Object.freeze({
  8: 'uint8',
  9: 'int8',
  11: 'int16',
  12: 'int32',
  13: 'float32',
  14: 'float64',
});

const IDX_SIZES: Readonly<Record<number, number>> = { 8: 1, 9: 1, 11: 2, 12: 4, 13: 4, 14: 8 };

/**
 * Parses an IDX file (the MNIST / Fashion-MNIST format) held in memory: a 4-byte magic number (two zero bytes,
 * the element type code — 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64 — and the
 * number of dimensions), one big-endian uint32 per dimension, then the elements, big-endian, row-major.
 * Gzipped files must be decompressed first (the Node reader `readIdxFile` does it).
 *
 * @param bytes - the whole file.
 * @param fileName - named in error messages.
 * @returns a tensor of the file's dims and dtype (MNIST training images: `(uint8)[60000, 28, 28]`).
 * @throws Error naming the file for a bad magic number, an unknown type code, a truncated file or trailing bytes.
 */
export function parseIdx(bytes: Uint8Array, fileName = '<idx bytes>'): Tensor {
  const fail = (msg: string): never => {
    throw new Error(`IDX file ${fileName}: ${msg}`);
  };
  if (bytes.length < 4) fail(`only ${bytes.length} bytes, too short for the 4-byte magic number`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const code = bytes[2]!;
  const rank = bytes[3]!;
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const hint =
      bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (it is gzip-compressed: decompress it first)' : '';
    fail(
      `bad magic number 0x${view.getUint32(0).toString(16).padStart(8, '0')}: IDX files start with two zero bytes${hint}`,
    );
  }
  const dtype = IDX_DTYPES[code];
  const itemSize = IDX_SIZES[code];
  if (dtype === undefined || itemSize === undefined) {
    fail(
      `unknown element type code 0x${code.toString(16).padStart(2, '0')} (known: 0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e)`,
    );
  }
  const headerSize = 4 + 4 * rank;
  if (bytes.length < headerSize)
    fail(`truncated header: ${rank} dimensions need ${headerSize} bytes, the file has ${bytes.length}`);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i));
  const size = dims.reduce((a, d) => a * d, 1);
  const expected = headerSize + size * itemSize!;
  if (bytes.length < expected) {
    fail(
      `truncated: dims [${dims.join(', ')}] of ${dtype} need ${expected} bytes, the file has ${bytes.length}`,
    );
  }
  if (bytes.length > expected) {
    fail(
      `${bytes.length - expected} unexpected bytes after the data (dims [${dims.join(', ')}] of ${dtype} end at byte ${expected})`,
    );
  }
  const data = decode(view, headerSize, size, code);
  return Tensor.fromStorage(data, new Shape(dtype!, dims));
}

function decode(view: DataView, offset: number, size: number, code: number): AnyStorageArray {
  switch (code) {
    case 0x08:
      return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + size));
    case 0x09:
      return new Int8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + size));
    case 0x0b: {
      const out = new Int16Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getInt16(offset + 2 * i);
      return out;
    }
    case 0x0c: {
      const out = new Int32Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getInt32(offset + 4 * i);
      return out;
    }
    case 0x0d: {
      const out = new Float32Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getFloat32(offset + 4 * i);
      return out;
    }
    default: {
      const out = new Float64Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getFloat64(offset + 8 * i);
      return out;
    }
  }
}

/**
 * Encodes a tensor as an IDX file (big-endian; dtypes uint8, int8, int16, int32, float32, float64; rank ≤ 255).
 *
 * @throws TypeError for other dtypes.
 */
export function encodeIdx(tensor: Tensor): Uint8Array {
  const entry = Object.entries(IDX_DTYPES).find(([, d]) => d === tensor.dtype);
  if (!entry)
    throw new TypeError(
      `encodeIdx: IDX has no ${tensor.dtype} type (uint8, int8, int16, int32, float32, float64 only)`,
    );
  const code = Number(entry[0]);
  const itemSize = IDX_SIZES[code]!;
  if (tensor.rank > 255) throw new RangeError(`encodeIdx: rank ${tensor.rank} > 255`);
  const headerSize = 4 + 4 * tensor.rank;
  const out = new Uint8Array(headerSize + tensor.size * itemSize);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = tensor.rank;
  for (let i = 0; i < tensor.rank; i++) view.setUint32(4 + 4 * i, tensor.dims[i]!);
  const data = tensor.dataSync() as ArrayLike<number>;
  for (let i = 0; i < tensor.size; i++) {
    const o = headerSize + i * itemSize;
    const v = data[i]!;
    if (code === 0x08) view.setUint8(o, v);
    else if (code === 0x09) view.setInt8(o, v);
    else if (code === 0x0b) view.setInt16(o, v);
    else if (code === 0x0c) view.setInt32(o, v);
    else if (code === 0x0d) view.setFloat32(o, v);
    else view.setFloat64(o, v);
  }
  return out;
}
