import type { DType } from '@tsmlx/dtypes';
import { Tensor } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, parseSafetensorsHeader } from './safetensors.js';

const bytesOf = (a: ArrayBufferView) => [...new Uint8Array(a.buffer, a.byteOffset, a.byteLength)];

/** A safetensors file assembled from the spec: u64 LE header length, header JSON text, data bytes. */
function assemble(header: string, data: number[]): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  const n = json.length;
  for (let i = 0; i < 8; i++) out[i] = Math.floor(n / 2 ** (8 * i)) & 0xff;
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

// One tensor per dtype, with edge values (exact bit patterns are compared).
const cases: [string, DType, number[], ArrayLike<number | bigint>][] = [
  ['bool', 'bool', [3], Uint8Array.from([1, 0, 1])],
  ['u8', 'uint8', [3], Uint8Array.from([0, 255, 7])],
  ['i8', 'int8', [3], Int8Array.from([-128, 127, 0])],
  ['i16', 'int16', [2, 1], Int16Array.from([-32768, 32767])],
  ['u16', 'uint16', [2], Uint16Array.from([65535, 1])],
  ['f16', 'float16', [2, 2], Uint16Array.from([0x7e01, 0x8000, 0x7c00, 0x0001])], // NaN payload, -0, +inf, subnormal
  ['bf16', 'bfloat16', [3], Uint16Array.from([0x3f80, 0xff81, 0x0001])], // 1, NaN, subnormal
  ['i32', 'int32', [2], Int32Array.from([-(2 ** 31), 2 ** 31 - 1])],
  ['u32', 'uint32', [], Uint32Array.from([2 ** 32 - 1])],
  ['f32', 'float32', [1, 1, 1, 5], Float32Array.from([Number.NaN, -0, Infinity, 1e-45, 3.4e38])],
  ['f64', 'float64', [4], Float64Array.from([Math.PI, -0, Number.NaN, 5e-324])],
  ['i64', 'int64', [3], BigInt64Array.from([-(2n ** 63n), 2n ** 63n - 1n, 1n])],
  ['u64', 'uint64', [1], BigUint64Array.from([2n ** 64n - 1n])],
  ['empty', 'float32', [2, 0, 3], new Float32Array(0)],
];

describe('safetensors', () => {
  it('round-trips every dtype exactly', () => {
    const tensors = new Map<string, Tensor>();
    for (const [name, dtype, dims, data] of cases) {
      tensors.set(name, Tensor.fromStorage(data as never, new Shape(dtype, dims)));
    }
    const bytes = encodeSafetensors(tensors, { note: 'hello' });
    const { metadata, tensors: back } = decodeSafetensors(bytes, 'all.safetensors');
    expect(metadata).toEqual({ note: 'hello' });
    expect([...back.keys()].sort()).toEqual(cases.map((c) => c[0]).sort());
    for (const [name, dtype, dims, data] of cases) {
      const t = back.get(name)!;
      expect(t.dtype).toBe(dtype);
      expect(t.dims).toEqual(dims);
      expect(bytesOf(t.dataSync())).toEqual(bytesOf(data as unknown as ArrayBufferView));
    }
  });

  it('decodes from views at any offset, including Node Buffers (whose slice() shares memory)', () => {
    const bytes = encodeSafetensors({
      x: Tensor.from([1.5, -2], { dtype: 'float64' }),
      y: Tensor.from([3], { dtype: 'int16' }),
    });
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const fromBuffer = Buffer.concat([Buffer.alloc(3), Buffer.from(bytes)]).subarray(3);
    for (const view of [shifted.subarray(3), fromBuffer]) {
      const { tensors } = decodeSafetensors(view);
      expect(tensors.get('x')!.toArray()).toEqual([1.5, -2]);
      expect(tensors.get('y')!.toArray()).toEqual([3]);
    }
  });

  it('writes the layout the spec describes (8-byte aligned data, largest elements first)', () => {
    const bytes = encodeSafetensors({
      b: Tensor.from([-2], { dtype: 'int16' }),
      a: Tensor.from([1, -2.5], { dtype: 'float32' }),
    });
    const header =
      '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I16","shape":[1],"data_offsets":[8,10]}}';
    const padded = header + ' '.repeat((8 - ((8 + header.length) % 8)) % 8);
    // 1.0f = 0x3F800000, -2.5f = 0xC0200000, int16 -2 = 0xFFFE, all little-endian.
    expect([...bytes]).toEqual([...assemble(padded, [0, 0, 0x80, 0x3f, 0, 0, 0x20, 0xc0, 0xfe, 0xff])]);
    expect((8 + padded.length) % 8).toBe(0);
  });

  it('reads a file assembled by hand', () => {
    const file = assemble(
      '{"__metadata__":{"format":"pt"},"w":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]},"h":{"dtype":"F16","shape":[1],"data_offsets":[16,18]},"flag":{"dtype":"BOOL","shape":[],"data_offsets":[18,19]}}  ',
      [1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 1, 0, 0, 0, 0, 0, 0x80, 0x00, 0x3c, 1],
    );
    const { metadata, tensors } = decodeSafetensors(file, 'hand.safetensors');
    expect(metadata).toEqual({ format: 'pt' });
    expect(tensors.get('w')!.toArray()).toEqual([
      [1, -1],
      [256, -(2 ** 31)],
    ]);
    expect(tensors.get('h')!.toArray()).toEqual([1]); // 0x3C00 = 1.0 in float16
    expect(tensors.get('flag')!.toArray()).toBe(true);
    const header = parseSafetensorsHeader(file, file.length, 'hand.safetensors');
    expect(header.entries.map((e) => [e.name, e.fileDType, e.size])).toEqual([
      ['w', 'I32', 4],
      ['h', 'F16', 1],
      ['flag', 'BOOL', 1],
    ]);
  });

  it('rejects every truncation with an error naming the file', () => {
    const bytes = encodeSafetensors({
      x: Tensor.from([1, 2, 3], { dtype: 'float64' }),
      y: Tensor.from([7], { dtype: 'uint8' }),
    });
    for (let len = 0; len < bytes.length; len++) {
      expect(() => decodeSafetensors(bytes.subarray(0, len), 'cut.safetensors')).toThrow(
        /^safetensors file cut\.safetensors: /,
      );
    }
    expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 1), 'cut.safetensors')).toThrow(
      /need 25 data bytes, the file has 24/,
    );
    expect(() => decodeSafetensors(Uint8Array.from([...bytes, 0]), 'long.safetensors')).toThrow(
      /long\.safetensors: 1 data bytes after the last tensor/,
    );
  });

  it('rejects corrupt headers', () => {
    const bad =
      (header: string, data: number[] = []) =>
      () =>
        decodeSafetensors(assemble(header, data), 'bad.st');
    expect(bad('{"x":')).toThrow(/bad\.st: the header is not valid UTF-8 JSON/);
    expect(bad('[1,2]')).toThrow(/bad\.st: the header is not a JSON object/);
    expect(bad('{"x":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}', [0])).toThrow(
      /tensor "x": unsupported dtype "F8_E4M3"/,
    );
    expect(bad('{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', [0, 0, 0, 0])).toThrow(
      /shape must be an array of non-negative integers/,
    );
    expect(bad('{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', [0, 0, 0, 0])).toThrow(
      /F32\[2\] needs 8 bytes, data_offsets \[0, 4\] hold 4/,
    );
    expect(bad('{"x":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}', [0, 0])).toThrow(
      /data_offsets start at 1, expected 0/,
    );
    expect(
      bad(
        '{"x":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"y":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}',
        [0, 0],
      ),
    ).toThrow(/tensor "y": data_offsets start at 1, expected 2/);
    expect(bad('{"x":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}', [1, 2])).toThrow(
      /tensor "x": BOOL element 1 is 2/,
    );
    expect(bad('{"__metadata__":{"a":1}}')).toThrow(/__metadata__\.a must be a string/);
    const invalidUtf8 = assemble('{"x":1}', []);
    invalidUtf8[10] = 0xff;
    expect(() => decodeSafetensors(invalidUtf8, 'u.st')).toThrow(/u\.st: the header is not valid UTF-8 JSON/);
    const huge = new Uint8Array(16);
    huge[7] = 1; // header length 2^56
    expect(() => decodeSafetensors(huge, 'h.st')).toThrow(/h\.st: header length \d+ exceeds/);
    huge[7] = 0;
    huge[0] = 100;
    expect(() => decodeSafetensors(huge, 'h.st')).toThrow(/h\.st: header length 100 but only 8 bytes follow/);
  });

  it('refuses what safetensors cannot hold', () => {
    expect(() =>
      encodeSafetensors({ c: Tensor.fromStorage(new Float32Array(2), new Shape('complex64', [1])) }),
    ).toThrow(/no complex64/);
    expect(() => encodeSafetensors({ __metadata__: Tensor.from([1]) })).toThrow(/invalid tensor name/);
  });
});
