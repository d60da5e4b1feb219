import type { Elements, ReduceKit } from './types.js';

type X = Elements<bigint>;

/** Bitwise and of 64-bit integers. */
export const andBigint: ReduceKit<bigint> = {
  kr(x: X, xOff: number, acc: X, oOff: number, k: number, r: number): void {
    let i = xOff;
    for (let a = oOff, end = oOff + k; a < end; a++) {
      let s = acc[a]!;
      for (const stop = i + r; i < stop; i++) s &= x[i]!;
      acc[a] = s;
    }
  },
  rk(x: X, xOff: number, acc: X, oOff: number, r: number, k: number): void {
    let i = xOff;
    for (let j = 0; j < r; j++) {
      for (let a = oOff, end = oOff + k; a < end; a++, i++) acc[a] = acc[a]! & x[i]!;
    }
  },
  taps(x: X, taps: Int32Array, n: number, acc: X, oOff: number, p: number): void {
    for (let t = 0; t < n; t++) {
      const i = taps[t]! - oOff;
      for (let a = oOff, end = oOff + p; a < end; a++) acc[a] = acc[a]! & x[i + a]!;
    }
  },
};

/** Bitwise or of 64-bit integers. */
export const orBigint: ReduceKit<bigint> = {
  kr(x: X, xOff: number, acc: X, oOff: number, k: number, r: number): void {
    let i = xOff;
    for (let a = oOff, end = oOff + k; a < end; a++) {
      let s = acc[a]!;
      for (const stop = i + r; i < stop; i++) s |= x[i]!;
      acc[a] = s;
    }
  },
  rk(x: X, xOff: number, acc: X, oOff: number, r: number, k: number): void {
    let i = xOff;
    for (let j = 0; j < r; j++) {
      for (let a = oOff, end = oOff + k; a < end; a++, i++) acc[a] = acc[a]! | x[i]!;
    }
  },
  taps(x: X, taps: Int32Array, n: number, acc: X, oOff: number, p: number): void {
    for (let t = 0; t < n; t++) {
      const i = taps[t]! - oOff;
      for (let a = oOff, end = oOff + p; a < end; a++) acc[a] = acc[a]! | x[i + a]!;
    }
  },
};

/** Bitwise xor of 64-bit integers. */
export const xorBigint: ReduceKit<bigint> = {
  kr(x: X, xOff: number, acc: X, oOff: number, k: number, r: number): void {
    let i = xOff;
    for (let a = oOff, end = oOff + k; a < end; a++) {
      let s = acc[a]!;
      for (const stop = i + r; i < stop; i++) s ^= x[i]!;
      acc[a] = s;
    }
  },
  rk(x: X, xOff: number, acc: X, oOff: number, r: number, k: number): void {
    let i = xOff;
    for (let j = 0; j < r; j++) {
      for (let a = oOff, end = oOff + k; a < end; a++, i++) acc[a] = acc[a]! ^ x[i]!;
    }
  },
  taps(x: X, taps: Int32Array, n: number, acc: X, oOff: number, p: number): void {
    for (let t = 0; t < n; t++) {
      const i = taps[t]! - oOff;
      for (let a = oOff, end = oOff + p; a < end; a++) acc[a] = acc[a]! ^ x[i + a]!;
    }
  },
};
