import { describe, expect, it } from 'vitest';
import {
  bfloat16ArrayFrom,
  bfloat16ArrayToFloat32,
  bfloat16FromNumber,
  bfloat16ToNumber,
  float16ArrayFrom,
  float16ArrayToFloat32,
  float16FromNumber,
  float16ToNumber,
} from './halfFloat.js';

// Independent reference: decode a 16-bit pattern with float64 arithmetic from the format definition.
interface Format {
  name: string;
  exponentBits: number;
  mantissaBits: number;
  encode: (x: number) => number;
  decode: (bits: number) => number;
}

function referenceDecode(format: Format, bits: number): number {
  const { exponentBits, mantissaBits } = format;
  const bias = 2 ** (exponentBits - 1) - 1;
  const sign = bits >> 15 ? -1 : 1;
  const exponent = (bits >> mantissaBits) & (2 ** exponentBits - 1);
  const mantissa = bits & (2 ** mantissaBits - 1);
  if (exponent === 2 ** exponentBits - 1) return mantissa === 0 ? sign * Infinity : Number.NaN;
  if (exponent === 0) return sign * mantissa * 2 ** (1 - bias - mantissaBits);
  return sign * (1 + mantissa / 2 ** mantissaBits) * 2 ** (exponent - bias);
}

// float32 neighbours computed through DataView, independent of the module's scratch buffers.
const view = new DataView(new ArrayBuffer(4));
function f32Step(x: number, direction: 1 | -1): number {
  view.setFloat32(0, x);
  const bits = view.getUint32(0);
  // For positive x: +1 moves away from zero.
  view.setUint32(0, bits + direction);
  return view.getFloat32(0);
}

const formats: Format[] = [
  { name: 'float16', exponentBits: 5, mantissaBits: 10, encode: float16FromNumber, decode: float16ToNumber },
  {
    name: 'bfloat16',
    exponentBits: 8,
    mantissaBits: 7,
    encode: bfloat16FromNumber,
    decode: bfloat16ToNumber,
  },
];

function isNaNPattern(format: Format, bits: number): boolean {
  const expMask = (2 ** format.exponentBits - 1) << format.mantissaBits;
  return (bits & expMask) === expMask && (bits & (2 ** format.mantissaBits - 1)) !== 0;
}

describe.each(formats)('$name conversions', (format) => {
  it('decodes all 65,536 bit patterns exactly like the float64 reference', () => {
    let checked = 0;
    for (let bits = 0; bits < 65536; bits++) {
      const expected = referenceDecode(format, bits);
      const got = format.decode(bits);
      if (Number.isNaN(expected)) {
        expect(Number.isNaN(got), `bits 0x${bits.toString(16)}`).toBe(true);
      } else {
        if (!Object.is(got, expected)) expect(got, `bits 0x${bits.toString(16)}`).toBe(expected);
      }
      checked++;
    }
    expect(checked).toBe(65536);
  });

  it('round-trips every non-NaN bit pattern (signed zeros, subnormals, infinities included)', () => {
    for (let bits = 0; bits < 65536; bits++) {
      if (isNaNPattern(format, bits)) continue;
      const encoded = format.encode(referenceDecode(format, bits));
      if (encoded !== bits)
        expect(encoded.toString(16), `bits 0x${bits.toString(16)}`).toBe(bits.toString(16));
    }
  });

  it('maps every NaN pattern to a NaN pattern of the same sign', () => {
    for (let bits = 0; bits < 65536; bits++) {
      if (!isNaNPattern(format, bits)) continue;
      const encoded = format.encode(format.decode(bits));
      expect(isNaNPattern(format, encoded)).toBe(true);
    }
    expect(isNaNPattern(format, format.encode(Number.NaN))).toBe(true);
    expect(isNaNPattern(format, format.encode(-Number.NaN))).toBe(true);
  });

  it('rounds every midpoint between neighbours to the even one, and just off it to the nearer', () => {
    const maxFiniteBits = ((2 ** format.exponentBits - 1) << format.mantissaBits) - 1;
    for (let bits = 0; bits <= maxFiniteBits; bits++) {
      const low = referenceDecode(format, bits);
      // The neighbour above the largest finite value is the one Infinity would take if the exponent grew.
      const high =
        bits === maxFiniteBits ? 2 ** (2 ** (format.exponentBits - 1)) : referenceDecode(format, bits + 1);
      const middle = (low + high) / 2; // exact in float64, representable in float32
      const even = bits % 2 === 0 ? bits : bits + 1;
      for (const sign of [1, -1]) {
        const signBit = sign < 0 ? 0x8000 : 0;
        expect(format.encode(sign * middle), `midpoint above 0x${bits.toString(16)}`).toBe(signBit | even);
        expect(format.encode(sign * f32Step(middle, 1))).toBe(signBit | (bits + 1));
        if (middle > 0 && f32Step(middle, -1) > low) {
          expect(format.encode(sign * f32Step(middle, -1))).toBe(signBit | bits);
        }
      }
    }
  });

  it('keeps the sign of zero and overflows to infinity', () => {
    expect(format.encode(0)).toBe(0);
    expect(format.encode(-0)).toBe(0x8000);
    expect(Object.is(format.decode(0x8000), -0)).toBe(true);
    const infBits = (2 ** format.exponentBits - 1) << format.mantissaBits;
    expect(format.encode(Infinity)).toBe(infBits);
    expect(format.encode(-Infinity)).toBe(0x8000 | infBits);
    expect(format.encode(1e300)).toBe(infBits);
    expect(format.encode(1e-300)).toBe(0);
    expect(format.encode(-1e-300)).toBe(0x8000);
  });
});

describe('array conversions', () => {
  it('convert element by element, into a given output too', () => {
    const values = [0, 1, -2.5, 65504, 1e-6, Number.NaN];
    const half = float16ArrayFrom(values);
    const back = float16ArrayToFloat32(half);
    expect(Array.from(back.subarray(0, 4))).toEqual([0, 1, -2.5, 65504]);
    expect(back[4]).toBe(17 * 2 ** -24); // 1e-6 / 2^-24 = 16.78 -> nearest subnormal multiple is 17
    expect(Number.isNaN(back[5])).toBe(true);
    const out = new Uint16Array(3);
    expect(bfloat16ArrayFrom([1, 2, 3], out)).toBe(out);
    expect(Array.from(bfloat16ArrayToFloat32(out))).toEqual([1, 2, 3]);
  });
});

describe('rounding from float64', () => {
  it('rounds once: values a hair above a float16 midpoint round up even where float32 would hit the midpoint', () => {
    // 1 + 2^-11 is the midpoint between 1 and 1 + 2^-10; 2^-40 above it is not representable in float32.
    expect(float16FromNumber(1 + 2 ** -11 + 2 ** -40)).toBe(0x3c01);
    expect(float16FromNumber(1 + 2 ** -11)).toBe(0x3c00);
    expect(float16FromNumber(1 + 2 ** -11 - 2 ** -40)).toBe(0x3c00);
    // bfloat16: midpoint between 1 and 1 + 2^-7 is 1 + 2^-8.
    expect(bfloat16FromNumber(1 + 2 ** -8 + 2 ** -40)).toBe(0x3f81);
    expect(bfloat16FromNumber(1 + 2 ** -8)).toBe(0x3f80);
  });

  it('handles float64 values outside the float32 range', () => {
    expect(bfloat16FromNumber(2 ** -140)).toBe(0); // below half the smallest bfloat16 subnormal 2^-133
    expect(bfloat16FromNumber(3 * 2 ** -135)).toBe(0x0001); // 0.75 ulp rounds up to the smallest subnormal
    expect(float16FromNumber(-(2 ** -1074))).toBe(0x8000);
  });
});
