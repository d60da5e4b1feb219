import type { Elements, ReduceKit } from './types.js';

type X = Elements<bigint>;

/**
 * Sum of 64-bit integers, wrapping modulo 2⁶⁴ (the accumulator is the BigInt64Array/BigUint64Array output,
 * whose stores wrap; register partials are exact bigints).
 */
export const sumBigint: ReduceKit<bigint> = {
  kr(x: X, xOff: number, acc: X, oOff: number, k: number, r: number): void {
    let i = xOff;
    for (let a = oOff, end = oOff + k; a < end; a++) {
      let s = acc[a]!;
      for (const stop = i + r; i < stop; i++) s += x[i]!;
      acc[a] = s;
    }
  },
  rk(x: X, xOff: number, acc: X, oOff: number, r: number, k: number): void {
    let i = xOff;
    for (let j = 0; j < r; j++) {
      for (let a = oOff, end = oOff + k; a < end; a++, i++) acc[a] = acc[a]! + x[i]!;
    }
  },
  taps(x: X, taps: Int32Array, n: number, acc: X, oOff: number, p: number): void {
    for (let t = 0; t < n; t++) {
      const i = taps[t]! - oOff;
      for (let a = oOff, end = oOff + p; a < end; a++) acc[a] = acc[a]! + x[i + a]!;
    }
  },
};

/** Product of 64-bit integers modulo 2⁶⁴. */
export const productBigint: ReduceKit<bigint> = {
  kr(x: X, xOff: number, acc: X, oOff: number, k: number, r: number): void {
    let i = xOff;
    for (let a = oOff, end = oOff + k; a < end; a++) {
      let s = acc[a]!;
      for (const stop = i + r; i < stop; i++) s = BigInt.asIntN(64, s * x[i]!);
      acc[a] = s;
    }
  },
  rk(x: X, xOff: number, acc: X, oOff: number, r: number, k: number): void {
    let i = xOff;
    for (let j = 0; j < r; j++) {
      for (let a = oOff, end = oOff + k; a < end; a++, i++) acc[a] = acc[a]! * x[i]!;
    }
  },
  taps(x: X, taps: Int32Array, n: number, acc: X, oOff: number, p: number): void {
    for (let t = 0; t < n; t++) {
      const i = taps[t]! - oOff;
      for (let a = oOff, end = oOff + p; a < end; a++) acc[a] = acc[a]! * x[i + a]!;
    }
  },
};

/** Maximum of 64-bit integers. */
export const maxBigint: ReduceKit<bigint> = {
  kr(x: X, xOff: number, acc: X, oOff: number, k: number, r: number): void {
    let i = xOff;
    for (let a = oOff, end = oOff + k; a < end; a++) {
      let s = acc[a]!;
      for (const stop = i + r; i < stop; i++) if (x[i]! > s) s = x[i]!;
      acc[a] = s;
    }
  },
  rk(x: X, xOff: number, acc: X, oOff: number, r: number, k: number): void {
    let i = xOff;
    for (let j = 0; j < r; j++) {
      for (let a = oOff, end = oOff + k; a < end; a++, i++) if (x[i]! > acc[a]!) acc[a] = x[i]!;
    }
  },
  taps(x: X, taps: Int32Array, n: number, acc: X, oOff: number, p: number): void {
    for (let t = 0; t < n; t++) {
      const i = taps[t]! - oOff;
      for (let a = oOff, end = oOff + p; a < end; a++) if (x[i + a]! > acc[a]!) acc[a] = x[i + a]!;
    }
  },
};

/** Minimum of 64-bit integers. */
export const minBigint: ReduceKit<bigint> = {
  kr(x: X, xOff: number, acc: X, oOff: number, k: number, r: number): void {
    let i = xOff;
    for (let a = oOff, end = oOff + k; a < end; a++) {
      let s = acc[a]!;
      for (const stop = i + r; i < stop; i++) if (x[i]! < s) s = x[i]!;
      acc[a] = s;
    }
  },
  rk(x: X, xOff: number, acc: X, oOff: number, r: number, k: number): void {
    let i = xOff;
    for (let j = 0; j < r; j++) {
      for (let a = oOff, end = oOff + k; a < end; a++, i++) if (x[i]! < acc[a]!) acc[a] = x[i]!;
    }
  },
  taps(x: X, taps: Int32Array, n: number, acc: X, oOff: number, p: number): void {
    for (let t = 0; t < n; t++) {
      const i = taps[t]! - oOff;
      for (let a = oOff, end = oOff + p; a < end; a++) if (x[i + a]! < acc[a]!) acc[a] = x[i + a]!;
    }
  },
};
