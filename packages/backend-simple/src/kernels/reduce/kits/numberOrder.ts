import type { Elements, ReduceKit } from './types.js';

type X = Elements<number>;

/** Maximum of numbers; a NaN anywhere makes the result NaN (it is taken and never replaced). */
export const maxNumber: ReduceKit<number> = {
  kr(x: X, xOff: number, acc: X, oOff: number, k: number, r: number): void {
    let i = xOff;
    for (let a = oOff, end = oOff + k; a < end; a++) {
      let s = acc[a]!;
      for (const stop = i + r; i < stop; i++) {
        const v = x[i]!;
        if (v > s || Number.isNaN(v)) s = v;
      }
      acc[a] = s;
    }
  },
  rk(x: X, xOff: number, acc: X, oOff: number, r: number, k: number): void {
    let i = xOff;
    for (let j = 0; j < r; j++) {
      for (let a = oOff, end = oOff + k; a < end; a++, i++) {
        const v = x[i]!;
        if (v > acc[a]! || Number.isNaN(v)) acc[a] = v;
      }
    }
  },
  taps(x: X, taps: Int32Array, n: number, acc: X, oOff: number, p: number): void {
    for (let t = 0; t < n; t++) {
      const i = taps[t]! - oOff;
      for (let a = oOff, end = oOff + p; a < end; a++) {
        const v = x[i + a]!;
        if (v > acc[a]! || Number.isNaN(v)) acc[a] = v;
      }
    }
  },
};

/** Minimum of numbers; a NaN anywhere makes the result NaN. */
export const minNumber: ReduceKit<number> = {
  kr(x: X, xOff: number, acc: X, oOff: number, k: number, r: number): void {
    let i = xOff;
    for (let a = oOff, end = oOff + k; a < end; a++) {
      let s = acc[a]!;
      for (const stop = i + r; i < stop; i++) {
        const v = x[i]!;
        if (v < s || Number.isNaN(v)) s = v;
      }
      acc[a] = s;
    }
  },
  rk(x: X, xOff: number, acc: X, oOff: number, r: number, k: number): void {
    let i = xOff;
    for (let j = 0; j < r; j++) {
      for (let a = oOff, end = oOff + k; a < end; a++, i++) {
        const v = x[i]!;
        if (v < acc[a]! || Number.isNaN(v)) acc[a] = v;
      }
    }
  },
  taps(x: X, taps: Int32Array, n: number, acc: X, oOff: number, p: number): void {
    for (let t = 0; t < n; t++) {
      const i = taps[t]! - oOff;
      for (let a = oOff, end = oOff + p; a < end; a++) {
        const v = x[i + a]!;
        if (v < acc[a]! || Number.isNaN(v)) acc[a] = v;
      }
    }
  },
};
