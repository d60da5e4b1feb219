import { allocateStorage, is64BitInteger } from '@tsmlx/dtypes';
import type { KernelRun, KernelSpec } from '../registry.js';
import { widen } from './accumulation.js';
import type { Elements } from './kits/types.js';

/**
 * Index of the largest `sign·x` along the middle axis of an `[outer, n, inner]` view (sign −1 turns argmax
 * into argmin): the first index wins ties, the first NaN wins over everything.
 */
function argNumber(
  x: Elements<number>,
  sign: number,
  outer: number,
  n: number,
  inner: number,
  idx: Int32Array,
  best: Float64Array,
): void {
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    const ob = o * inner;
    if (inner === 1) {
      let b = sign * x[base]!;
      let bi = 0;
      for (let j = 1; j < n && !Number.isNaN(b); j++) {
        const v = sign * x[base + j]!;
        if (v > b || Number.isNaN(v)) {
          b = v;
          bi = j;
        }
      }
      idx[ob] = bi;
      continue;
    }
    for (let k = 0; k < inner; k++) best[k] = sign * x[base + k]!;
    idx.fill(0, ob, ob + inner);
    for (let j = 1; j < n; j++) {
      const row = base + j * inner;
      for (let k = 0; k < inner; k++) {
        const v = sign * x[row + k]!;
        const b = best[k]!;
        if (v > b || (Number.isNaN(v) && !Number.isNaN(b))) {
          best[k] = v;
          idx[ob + k] = j;
        }
      }
    }
  }
}

/** {@link argNumber} for 64-bit integers. */
function argBigint(
  x: Elements<bigint>,
  sign: bigint,
  outer: number,
  n: number,
  inner: number,
  idx: Int32Array,
): void {
  const best = new Array<bigint>(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    const ob = o * inner;
    for (let k = 0; k < inner; k++) best[k] = sign * x[base + k]!;
    idx.fill(0, ob, ob + inner);
    for (let j = 1; j < n; j++) {
      const row = base + j * inner;
      for (let k = 0; k < inner; k++) {
        const v = sign * x[row + k]!;
        if (v > best[k]!) {
          best[k] = v;
          idx[ob + k] = j;
        }
      }
    }
  }
}

/**
 * Kernel of `argMinMax`: the operand is viewed as `[outer, n, inner]` around the reduced axis and scanned
 * row by row (contiguous inner loops); ties go to the first index and NaN counts as the extreme (the first
 * NaN is returned).
 */
export function argMinMaxKernel(spec: KernelSpec<'argMinMax'>): KernelRun {
  const x = spec.inputShapes[0]!;
  const { axis, isMin, outputDType } = spec.attrs;
  const n = x.dims[axis]!;
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= x.dims[i]!;
  const inner = x.size / (outer * n || 1);
  const size = spec.outputShapes[0]!.size;
  const big = is64BitInteger(x.dtype);
  const bigOut = is64BitInteger(outputDType);
  return (inputs) => {
    const out = allocateStorage(outputDType, size);
    if (size === 0) return [out];
    const idx = new Int32Array(size);
    if (big) argBigint(inputs[0] as Elements<bigint>, isMin ? -1n : 1n, outer, n, inner, idx);
    else {
      const best = new Float64Array(inner);
      argNumber(widen(inputs[0]!, x.dtype) as Elements<number>, isMin ? -1 : 1, outer, n, inner, idx, best);
    }
    if (bigOut) {
      const wide = out as BigInt64Array;
      for (let i = 0; i < size; i++) wide[i] = BigInt(idx[i]!);
    } else (out as Int32Array).set(idx);
    return [out];
  };
}
