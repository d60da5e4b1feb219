import type { Elements, ReduceKit } from './types.js';

type X = Elements<number>;

/** Bitwise and of integers up to 32 bits (also the logical and of bools stored as 0/1). */
export const andNumber: ReduceKit<number> = {
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

/** Bitwise or of integers up to 32 bits (also the logical or of bools). */
export const orNumber: ReduceKit<number> = {
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

/** Bitwise xor of integers up to 32 bits (also the logical xor, i.e. parity, of bools). */
export const xorNumber: ReduceKit<number> = {
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
