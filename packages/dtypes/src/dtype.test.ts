import { describe, expect, it } from 'vitest';
import { assertDType, DTYPES, isDType, parseDType } from './dtype.js';
import { epsilon, maxValue, minValue, smallestNormal, smallestSubnormal } from './limits.js';
import {
  bitWidth,
  byteSize,
  is64BitInteger,
  isBool,
  isComplex,
  isFloat,
  isHalfFloat,
  isInteger,
  isSignedInteger,
  isUnsigned,
} from './properties.js';
import { allocateStorage, isStorageOf, storageConstructor, storageView } from './storage.js';

describe('dtype names', () => {
  it('has the fifteen dtypes of the design', () => {
    expect(DTYPES).toHaveLength(15);
    for (const d of DTYPES) {
      expect(isDType(d)).toBe(true);
      expect(parseDType(d)).toBe(d);
      expect(parseDType(` ${d.toUpperCase()} `)).toBe(d);
    }
  });

  it('parses aliases', () => {
    expect(parseDType('f32')).toBe('float32');
    expect(parseDType('bf16')).toBe('bfloat16');
    expect(parseDType('half')).toBe('float16');
    expect(parseDType('double')).toBe('float64');
    expect(parseDType('i64')).toBe('int64');
  });

  it('rejects unknown names with a message naming the value and the valid ones', () => {
    expect(() => parseDType('float8')).toThrow(TypeError);
    expect(() => parseDType('float8')).toThrow(/unknown dtype "float8".*float32/);
    expect(() => parseDType(3 as unknown as string)).toThrow(/expected a dtype name string, got 3/);
    expect(() => assertDType('f32', 'Shape')).toThrow(/Shape: unknown dtype "f32"/);
    expect(isDType('f32')).toBe(false);
  });
});

describe('dtype properties', () => {
  it('byte sizes and widths', () => {
    const expected: Record<string, number> = {
      bool: 1,
      int8: 1,
      int16: 2,
      int32: 4,
      int64: 8,
      uint8: 1,
      uint16: 2,
      uint32: 4,
      uint64: 8,
      float16: 2,
      bfloat16: 2,
      float32: 4,
      float64: 8,
      complex64: 8,
      complex128: 16,
    };
    for (const d of DTYPES) {
      expect(byteSize(d)).toBe(expected[d]);
      expect(bitWidth(d)).toBe(expected[d]! * 8);
    }
  });

  it('predicates partition the dtypes', () => {
    for (const d of DTYPES) {
      const kinds = [isFloat(d), isInteger(d), isComplex(d), isBool(d)].filter(Boolean);
      expect(kinds, d).toHaveLength(1);
      if (isInteger(d)) expect(isUnsigned(d) !== isSignedInteger(d)).toBe(true);
    }
    expect(DTYPES.filter(isFloat)).toEqual(['float16', 'bfloat16', 'float32', 'float64']);
    expect(DTYPES.filter(isUnsigned)).toEqual(['uint8', 'uint16', 'uint32', 'uint64']);
    expect(DTYPES.filter(is64BitInteger)).toEqual(['int64', 'uint64']);
    expect(DTYPES.filter(isHalfFloat)).toEqual(['float16', 'bfloat16']);
  });
});

describe('storage', () => {
  it('maps each dtype to its TypedArray and sizes complex as pairs', () => {
    expect(storageConstructor('bool')).toBe(Uint8Array);
    expect(storageConstructor('int64')).toBe(BigInt64Array);
    expect(storageConstructor('uint64')).toBe(BigUint64Array);
    expect(storageConstructor('float16')).toBe(Uint16Array);
    expect(storageConstructor('bfloat16')).toBe(Uint16Array);
    expect(storageConstructor('complex64')).toBe(Float32Array);
    expect(allocateStorage('complex128', 3)).toHaveLength(6);
    expect(allocateStorage('float32', 0)).toHaveLength(0);
    for (const d of DTYPES) {
      const storage = allocateStorage(d, 5);
      expect(storage.byteLength).toBe(5 * byteSize(d));
      expect(isStorageOf(d, storage)).toBe(true);
    }
  });

  it('views shared memory without copying and checks alignment', () => {
    const memory = new SharedArrayBuffer(64);
    const a = storageView('float32', memory, 16, 4);
    a[0] = 3;
    expect(new Float32Array(memory)[4]).toBe(3);
    expect(() => storageView('float64', memory, 4, 1)).toThrow(/byteOffset 4 is not a multiple of 8/);
  });

  it('rejects bad sizes', () => {
    expect(() => allocateStorage('float32', -1)).toThrow(RangeError);
    expect(() => allocateStorage('float32', 1.5)).toThrow(/non-negative integer, got 1.5/);
  });
});

describe('limits', () => {
  it('integer limits from two-complement widths', () => {
    for (const [d, bits] of [
      ['int8', 8],
      ['int16', 16],
      ['int32', 32],
    ] as const) {
      expect(maxValue(d)).toBe(2 ** (bits - 1) - 1);
      expect(minValue(d)).toBe(-(2 ** (bits - 1)));
    }
    expect(maxValue('uint32')).toBe(2 ** 32 - 1);
    expect(maxValue('int64')).toBe(9223372036854775807n);
    expect(minValue('int64')).toBe(-9223372036854775808n);
    expect(maxValue('uint64')).toBe(18446744073709551615n);
    expect(maxValue('bool')).toBe(1);
  });

  it('float limits match the formats', () => {
    expect(maxValue('float16')).toBe(65504);
    expect(epsilon('float16')).toBe(1 / 1024);
    expect(epsilon('bfloat16')).toBe(1 / 128);
    const largestF32 = new DataView(new ArrayBuffer(4));
    largestF32.setUint32(0, 0x7f7fffff);
    expect(maxValue('float32')).toBe(largestF32.getFloat32(0));
    expect(maxValue('bfloat16')).toBe(3.3895313892515355e38);
    expect(epsilon('float32')).toBe(Math.fround(1 + 2 ** -23) - 1);
    expect(smallestNormal('float32')).toBe(1.1754943508222875e-38);
    expect(smallestSubnormal('float16')).toBe(1 / 16777216);
    expect(minValue('float64')).toBe(-Number.MAX_VALUE);
  });

  it('refuses limits that do not exist', () => {
    expect(() => maxValue('complex64')).toThrow(/"complex64" has no such limit/);
    expect(() => epsilon('int32')).toThrow(RangeError);
  });
});
