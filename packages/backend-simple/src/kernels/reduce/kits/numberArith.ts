import type { Elements, ReduceKit } from './types.js';

type X = Elements<number>;

/**
 * Sum of floats in a float64 accumulator. Recursive summation in float64: the error before the final rounding
 * to the output dtype is at most `(n − 1)·2⁻⁵³·Σ|xᵢ|`, so float32/float16/bfloat16 sums are within one
 * rounding of the exact sum unless `n` is astronomically large or the sum cancels heavily.
 */
export const sumFloat: ReduceKit<number> = {
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

/** Integer sum wrapping modulo 2³² at every step (exact modulo 2ⁿ for every integer dtype up to 32 bits). */
export const sumInt: ReduceKit<number> = {
  kr(x: X, xOff: number, acc: X, oOff: number, k: number, r: number): void {
    let i = xOff;
    for (let a = oOff, end = oOff + k; a < end; a++) {
      let s = acc[a]!;
      for (const stop = i + r; i < stop; i++) s = (s + x[i]!) | 0;
      acc[a] = s;
    }
  },
  rk(x: X, xOff: number, acc: X, oOff: number, r: number, k: number): void {
    let i = xOff;
    for (let j = 0; j < r; j++) {
      for (let a = oOff, end = oOff + k; a < end; a++, i++) acc[a] = (acc[a]! + x[i]!) | 0;
    }
  },
  taps(x: X, taps: Int32Array, n: number, acc: X, oOff: number, p: number): void {
    for (let t = 0; t < n; t++) {
      const i = taps[t]! - oOff;
      for (let a = oOff, end = oOff + p; a < end; a++) acc[a] = (acc[a]! + x[i + a]!) | 0;
    }
  },
};

/** Product of floats in a float64 accumulator (rounded once to the output dtype). */
export const productFloat: ReduceKit<number> = {
  kr(x: X, xOff: number, acc: X, oOff: number, k: number, r: number): void {
    let i = xOff;
    for (let a = oOff, end = oOff + k; a < end; a++) {
      let s = acc[a]!;
      for (const stop = i + r; i < stop; i++) s *= x[i]!;
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

/** Integer product modulo 2³² (`Math.imul`), exact modulo 2ⁿ for every integer dtype up to 32 bits. */
export const productInt: ReduceKit<number> = {
  kr(x: X, xOff: number, acc: X, oOff: number, k: number, r: number): void {
    let i = xOff;
    for (let a = oOff, end = oOff + k; a < end; a++) {
      let s = acc[a]!;
      for (const stop = i + r; i < stop; i++) s = Math.imul(s, x[i]!);
      acc[a] = s;
    }
  },
  rk(x: X, xOff: number, acc: X, oOff: number, r: number, k: number): void {
    let i = xOff;
    for (let j = 0; j < r; j++) {
      for (let a = oOff, end = oOff + k; a < end; a++, i++) acc[a] = Math.imul(acc[a]!, x[i]!);
    }
  },
  taps(x: X, taps: Int32Array, n: number, acc: X, oOff: number, p: number): void {
    for (let t = 0; t < n; t++) {
      const i = taps[t]! - oOff;
      for (let a = oOff, end = oOff + p; a < end; a++) acc[a] = Math.imul(acc[a]!, x[i + a]!);
    }
  },
};
