import { describe, expect, it } from 'vitest';
import { erf } from './erf.js';
import { bigToOddF64, f64ToBf16Bits, f64ToF16Bits, roundToOddFloat32 } from './halfFloat.js';

/** Maclaurin series erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1)), summed until terms vanish (|x| ≤ 2). */
function erfSeries(x: number): number {
  let term = x; // (-1)^n x^(2n+1) / n!
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

describe('erf', () => {
  it('matches the Maclaurin series within 1e-14 relative on [-2, 2]', () => {
    for (let k = -400; k <= 400; k++) {
      const x = k / 200 + 1e-7;
      const want = erfSeries(x);
      expect(Math.abs(erf(x) - want)).toBeLessThanOrEqual(1e-14 * Math.abs(want));
    }
  });

  it('matches known values (mpmath) within 2e-15 relative, also past the switch at 2.5', () => {
    const table: Array<[number, number]> = [
      [0.5, 0.5204998778130465],
      [2.5, 0.999593047982555],
      [-3, -0.9999779095030014],
      [4, 0.9999999845827421],
      [5, 0.9999999999984626],
    ];
    for (const [x, y] of table) expect(Math.abs(erf(x) - y)).toBeLessThanOrEqual(2e-15 * Math.abs(y));
  });

  it('handles ±0, ±Infinity, NaN and is odd', () => {
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(erf(Number.NaN)).toBeNaN();
    for (const x of [0.3, 1.7, 2.6, 5.5]) expect(erf(-x)).toBe(-erf(x));
  });
});

describe('single-rounding narrow conversions', () => {
  it('round float64 to float16/bfloat16 once (halfway after float32 rounding)', () => {
    expect(f64ToF16Bits(1 + 2 ** -11 + 2 ** -40)).toBe(0x3c01); // 1 + 2^-10, not 1
    expect(f64ToF16Bits(1 + 2 ** -11)).toBe(0x3c00); // exact tie: to even
    expect(f64ToBf16Bits(1 + 2 ** -8 + 2 ** -40)).toBe(0x3f81);
    expect(f64ToF16Bits(1e300)).toBe(0x7c00);
    expect(f64ToF16Bits(-1e-300)).toBe(0x8000);
  });

  it('round to odd toward zero when inexact', () => {
    expect(roundToOddFloat32(1 + 2 ** -30)).toBe(1 + 2 ** -23);
    expect(roundToOddFloat32(-(1 + 2 ** -30))).toBe(-(1 + 2 ** -23));
    expect(roundToOddFloat32(1.5)).toBe(1.5);
    const big = 2n ** 60n + 2n ** 36n + 1n;
    expect(Math.fround(bigToOddF64(big))).toBe(2 ** 60 + 2 ** 37);
    expect(bigToOddF64(2n ** 64n - 1n)).toBe(2 ** 64 - 2048);
  });
});
