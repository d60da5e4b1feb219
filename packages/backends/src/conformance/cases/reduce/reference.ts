/**
 * Plain reference implementations for the reduce and window cases: nested loops over JS arrays with full
 * index decoding, written for clarity, independent of any backend.
 */

/** Combines two values (a JS function: fine for references). */
export type Combine<T> = (a: T, b: T) => T;

/** Row-major multi-index of linear index `i` in `dims`. */
export function unravel(i: number, dims: readonly number[]): number[] {
  const index = new Array<number>(dims.length).fill(0);
  let rest = i;
  for (let d = dims.length - 1; d >= 0; d--) {
    index[d] = rest % dims[d]!;
    rest = Math.floor(rest / dims[d]!);
  }
  return index;
}

/** Linear index of a multi-index in `dims`. */
export function ravel(index: readonly number[], dims: readonly number[]): number {
  let i = 0;
  for (let d = 0; d < dims.length; d++) i = i * dims[d]! + index[d]!;
  return i;
}

/** Reduces `values` (row-major in `dims`) over `axes`, starting every result at `identity`. */
export function referenceReduce<T>(
  values: readonly T[],
  dims: readonly number[],
  axes: readonly number[],
  combine: Combine<T>,
  identity: T,
): { dims: number[]; values: T[] } {
  const outDims = dims.filter((_, d) => !axes.includes(d));
  const outSize = outDims.reduce((a, b) => a * b, 1);
  const out = new Array<T>(outSize).fill(identity);
  for (let i = 0; i < values.length; i++) {
    const index = unravel(i, dims).filter((_, d) => !axes.includes(d));
    const o = ravel(index, outDims);
    out[o] = combine(out[o]!, values[i]!);
  }
  return { dims: outDims, values: out };
}

/**
 * Index of the max (or min) along `axis`: the first index wins ties and the first NaN wins over everything.
 */
export function referenceArg(
  values: readonly (number | bigint)[],
  dims: readonly number[],
  axis: number,
  isMin: boolean,
): { dims: number[]; values: number[] } {
  const outDims = dims.filter((_, d) => d !== axis);
  const outSize = outDims.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let o = 0; o < outSize; o++) {
    const index = unravel(o, outDims);
    let best = -1;
    let bestValue: number | bigint = 0;
    for (let j = 0; j < dims[axis]!; j++) {
      const full = [...index.slice(0, axis), j, ...index.slice(axis)];
      const v = values[ravel(full, dims)]!;
      const vIsNaN = typeof v === 'number' && Number.isNaN(v);
      const bestIsNaN = typeof bestValue === 'number' && Number.isNaN(bestValue);
      if (best < 0) {
        best = j;
        bestValue = v;
      } else if (bestIsNaN) {
        // The first NaN stays.
      } else if (vIsNaN || (isMin ? v < bestValue : v > bestValue)) {
        best = j;
        bestValue = v;
      }
    }
    out.push(best);
  }
  return { dims: outDims, values: out };
}

/** A window sweep (XLA semantics). */
export interface ReferenceWindow {
  /** Window size per axis. */
  windowDims: readonly number[];
  /** Strides per axis. */
  strides: readonly number[];
  /** `[low, high]` padding per axis. */
  padding: ReadonlyArray<readonly [number, number]>;
  /** Operand dilation per axis (default 1). */
  baseDilations?: readonly number[];
  /** Window dilation per axis (default 1). */
  windowDilations?: readonly number[];
}

/**
 * For each output position of a window sweep, the row-major input indices its window covers (in window
 * order), skipping padding and base-dilation holes. Output dims are found by counting the window placements
 * that fit in the padded, dilated operand.
 */
export function referenceWindows(
  dims: readonly number[],
  w: ReferenceWindow,
): { dims: number[]; windows: number[][] } {
  const rank = dims.length;
  const base = w.baseDilations ?? dims.map(() => 1);
  const wdil = w.windowDilations ?? dims.map(() => 1);
  const dilated = dims.map((d, i) => (d === 0 ? 0 : (d - 1) * base[i]! + 1));
  const outDims = dims.map((_, i) => {
    const padded = dilated[i]! + w.padding[i]![0] + w.padding[i]![1];
    const span = (w.windowDims[i]! - 1) * wdil[i]! + 1;
    let count = 0;
    while (count * w.strides[i]! + span <= padded) count++;
    return count;
  });
  const outSize = outDims.reduce((a, b) => a * b, 1);
  const windowSize = w.windowDims.reduce((a, b) => a * b, 1);
  const windows: number[][] = [];
  for (let o = 0; o < outSize; o++) {
    const oi = unravel(o, outDims);
    const covered: number[] = [];
    for (let k = 0; k < windowSize; k++) {
      const ki = unravel(k, w.windowDims);
      const at: number[] = [];
      let inside = true;
      for (let d = 0; d < rank; d++) {
        const p = oi[d]! * w.strides[d]! + ki[d]! * wdil[d]! - w.padding[d]![0];
        if (p < 0 || p >= dilated[d]! || p % base[d]! !== 0) inside = false;
        at.push(p / base[d]!);
      }
      if (inside) covered.push(ravel(at, dims));
    }
    windows.push(covered);
  }
  return { dims: outDims, windows };
}

/** `reduceWindow` reference: each window folded from `identity`. */
export function referenceReduceWindow<T>(
  values: readonly T[],
  dims: readonly number[],
  w: ReferenceWindow,
  combine: Combine<T>,
  identity: T,
): { dims: number[]; values: T[] } {
  const { dims: outDims, windows } = referenceWindows(dims, w);
  return {
    dims: outDims,
    values: windows.map((covered) => covered.reduce((acc, i) => combine(acc, values[i]!), identity)),
  };
}

/**
 * `selectAndScatter` reference: result of `x`'s size starting at zero; for each window, `mode` 'max'/'min'
 * adds the source value at the first position holding the extreme (NaN counts as the extreme), 'sum' adds it
 * at every covered position.
 */
export function referenceSelectAndScatter(
  x: readonly number[],
  dims: readonly number[],
  source: readonly number[],
  w: ReferenceWindow,
  mode: 'max' | 'min' | 'sum',
): number[] {
  const { windows } = referenceWindows(dims, w);
  const out = new Array<number>(x.length).fill(0);
  windows.forEach((covered, s) => {
    if (mode === 'sum') {
      for (const i of covered) out[i] = out[i]! + source[s]!;
      return;
    }
    let best = -1;
    for (const i of covered) {
      if (best < 0) {
        best = i;
        continue;
      }
      if (Number.isNaN(x[best]!)) continue;
      const v = x[i]!;
      if (Number.isNaN(v) || (mode === 'max' ? v > x[best]! : v < x[best]!)) best = i;
    }
    if (best >= 0) out[best] = out[best]! + source[s]!;
  });
  return out;
}
