import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import {
  denseLiteral,
  formatFloat,
  formatHalfBits,
  formatScalar,
  hexBlob,
  mlirFloatText,
} from './literals.js';

// Expected strings are written by hand from IEEE-754 bit layouts and MLIR's float literal grammar
// ([-+]?[0-9]+[.][0-9]*([eE][-+]?[0-9]+)? or hex bit patterns).

describe('float literals', () => {
  it('prints NaN and infinities as hex bit patterns of each width', () => {
    expect(formatFloat(Number.NaN, 'float16')).toBe('0x7E00');
    expect(formatFloat(Number.NaN, 'bfloat16')).toBe('0x7FC0');
    expect(formatFloat(Number.NaN, 'float32')).toBe('0x7FC00000');
    expect(formatFloat(Number.NaN, 'float64')).toBe('0x7FF8000000000000');
    expect(formatFloat(Number.POSITIVE_INFINITY, 'float16')).toBe('0x7C00');
    expect(formatFloat(Number.NEGATIVE_INFINITY, 'float16')).toBe('0xFC00');
    expect(formatFloat(Number.POSITIVE_INFINITY, 'bfloat16')).toBe('0x7F80');
    expect(formatFloat(Number.NEGATIVE_INFINITY, 'bfloat16')).toBe('0xFF80');
    expect(formatFloat(Number.POSITIVE_INFINITY, 'float32')).toBe('0x7F800000');
    expect(formatFloat(Number.NEGATIVE_INFINITY, 'float32')).toBe('0xFF800000');
    expect(formatFloat(Number.POSITIVE_INFINITY, 'float64')).toBe('0x7FF0000000000000');
    expect(formatFloat(Number.NEGATIVE_INFINITY, 'float64')).toBe('0xFFF0000000000000');
  });

  it('always has a "." and a two-digit signed exponent when in exponent form', () => {
    expect(formatFloat(1e-6, 'float32')).toBe('1.0e-06');
    expect(formatFloat(1e-6, 'float64')).toBe('1.0e-06');
    expect(formatFloat(1, 'float32')).toBe('1.0');
    expect(formatFloat(-2.5, 'float64')).toBe('-2.5');
    expect(formatFloat(100, 'float16')).toBe('100.0');
    expect(formatFloat(1.5e300, 'float64')).toBe('1.5e+300');
    expect(formatFloat(3e20, 'float32')).toBe('3.0e+20');
    expect(formatFloat(-0, 'float32')).toBe('-0.0');
    expect(formatFloat(0, 'bfloat16')).toBe('0.0');
    expect(mlirFloatText('1e-7')).toBe('1.0e-07');
    expect(mlirFloatText('12')).toBe('12.0');
  });

  it('prints the shortest decimal that parses back to the same value of the width', () => {
    // float32(0.1) = 0x3DCCCCCD: "0.1" is the shortest decimal rounding to it.
    expect(formatFloat(Math.fround(0.1), 'float32')).toBe('0.1');
    // 16777217 is not a float32; it rounds (to even) to 16777216.
    expect(formatFloat(16777217, 'float32')).toBe('16777216.0');
    expect(formatFloat(0.1, 'float64')).toBe('0.1');
    // Largest finite float32 = (2 - 2^-23)·2^127 ≈ 3.4028235e38 (9 significant digits needed).
    expect(formatFloat(3.4028234663852886e38, 'float32')).toBe('3.4028235e+38');
    // Smallest float32 subnormal 2^-149 ≈ 1.4e-45.
    expect(formatFloat(2 ** -149, 'float32')).toBe('1.0e-45');
  });

  it('prints float16 and bfloat16 values from their bit storage', () => {
    expect(formatHalfBits(0x3c00, 'float16')).toBe('1.0'); // 1.0
    // max float16 65504: neighbours 65472 and +Inf (from 65520), so the shortest decimal is 65500.
    expect(formatHalfBits(0x7bff, 'float16')).toBe('65500.0');
    expect(formatHalfBits(0x0001, 'float16')).toBe('6.0e-08'); // 2^-24 = 5.96e-8, shortest unique: 6e-8
    expect(formatHalfBits(0x3555, 'float16')).toBe('0.3333'); // 0x3555 = 1365/4096 = 0.333251953125
    expect(formatHalfBits(0x7e01, 'float16')).toBe('0x7E01'); // NaN payload kept
    expect(formatHalfBits(0xfc00, 'float16')).toBe('0xFC00');
    expect(formatHalfBits(0x3f80, 'bfloat16')).toBe('1.0');
    expect(formatHalfBits(0x4049, 'bfloat16')).toBe('3.14'); // 0x4049 = 3.140625
    expect(formatHalfBits(0xffc0, 'bfloat16')).toBe('0xFFC0');
    expect(formatHalfBits(0x7f7f, 'bfloat16')).toBe('3.39e+38'); // max bfloat16 = 3.3895e38
  });
});

describe('integer and bool literals', () => {
  it('prints 64-bit extremes exactly', () => {
    expect(formatScalar('int64', -(2n ** 63n))).toBe('-9223372036854775808');
    expect(formatScalar('int64', 2n ** 63n - 1n)).toBe('9223372036854775807');
    expect(formatScalar('uint64', 2n ** 64n - 1n)).toBe('18446744073709551615');
    expect(formatScalar('int32', -2147483648)).toBe('-2147483648');
    expect(formatScalar('uint32', 4294967295)).toBe('4294967295');
  });

  it('prints bools as true/false and rejects fractional integers', () => {
    expect(formatScalar('bool', true)).toBe('true');
    expect(formatScalar('bool', 0)).toBe('false');
    expect(() => formatScalar('int32', 1.5)).toThrow(/integer/);
  });
});

describe('dense literals', () => {
  it('nests lists by shape, splats equal elements and prints empty tensors as dense<>', () => {
    expect(denseLiteral(new Shape('int32', [2, 2]), new Int32Array([1, 2, 3, 4]))).toBe(
      'dense<[[1, 2], [3, 4]]>',
    );
    expect(denseLiteral(new Shape('float32', [3]), new Float32Array([0.5, 0.5, 0.5]))).toBe('dense<0.5>');
    expect(denseLiteral(new Shape('bool', [2]), new Uint8Array([1, 0]))).toBe('dense<[true, false]>');
    expect(denseLiteral(new Shape('float32', [0, 3]), new Float32Array(0))).toBe('dense<>');
    expect(denseLiteral(new Shape('uint64', []), new BigUint64Array([2n ** 64n - 1n]))).toBe(
      'dense<18446744073709551615>',
    );
    expect(denseLiteral(new Shape('complex64', [2]), new Float32Array([1, -2, 0, 0.5]))).toBe(
      'dense<[(1.0, -2.0), (0.0, 0.5)]>',
    );
  });

  it('keeps the bits of float32/float64 NaNs', () => {
    const f32 = new Float32Array(2);
    new Uint32Array(f32.buffer).set([0xffc00001, 0x3f800000]);
    expect(denseLiteral(new Shape('float32', [2]), f32)).toBe('dense<[0xFFC00001, 1.0]>');
  });

  it('uses a little-endian hex blob above 64 elements', () => {
    const values = new Float32Array(65);
    values[0] = 1; // 0x3F800000 → bytes 00 00 80 3F
    values[64] = -2; // 0xC0000000 → bytes 00 00 00 C0
    const text = denseLiteral(new Shape('float32', [65]), values);
    expect(text).toBe(`dense<"0x0000803F${'00000000'.repeat(63)}000000C0">`);
    expect(hexBlob('int64', new BigInt64Array([-2n]))).toBe('0xFEFFFFFFFFFFFFFF');
    expect(hexBlob('uint16', new Uint16Array([0x1234]))).toBe('0x3412');
    expect(hexBlob('bfloat16', new Uint16Array([0x3f80]))).toBe('0x803F');
    expect(() => hexBlob('bool', new Uint8Array(1))).toThrow(/bool/);
  });

  it('rejects storage of the wrong length', () => {
    expect(() => denseLiteral(new Shape('float32', [3]), new Float32Array(2))).toThrow(/stablehlo.constant/);
  });
});
