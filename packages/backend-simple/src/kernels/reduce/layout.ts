import type { Elements, ReduceKit } from './kits/types.js';

/**
 * A reduction over a set of axes in canonical form: size-1 axes dropped and neighbouring axes that are both
 * kept or both reduced merged (they are contiguous in row-major memory), so the remaining axes alternate
 * between kept and reduced.
 */
export interface ReductionLayout {
  /** Merged dims, outermost first (at least one). */
  readonly dims: readonly number[];
  /** Whether each merged axis is reduced. */
  readonly reduced: readonly boolean[];
  /** Stride of each merged axis in the output (0 for reduced axes). */
  readonly outStrides: readonly number[];
  /** Number of input elements. */
  readonly inputSize: number;
}

/** Canonicalizes the reduction of `dims` over `axes`. */
export function reductionLayout(dims: readonly number[], axes: readonly number[]): ReductionLayout {
  const merged: number[] = [];
  const reduced: boolean[] = [];
  let inputSize = 1;
  dims.forEach((d, axis) => {
    inputSize *= d;
    if (d === 1) return;
    const isReduced = axes.includes(axis);
    if (merged.length > 0 && reduced[reduced.length - 1] === isReduced) {
      merged[merged.length - 1] = merged[merged.length - 1]! * d;
    } else {
      merged.push(d);
      reduced.push(isReduced);
    }
  });
  if (merged.length === 0) {
    merged.push(1);
    reduced.push(false);
  }
  const outStrides = new Array<number>(merged.length).fill(0);
  let stride = 1;
  for (let i = merged.length - 1; i >= 0; i--) {
    if (reduced[i]) continue;
    outStrides[i] = stride;
    stride *= merged[i]!;
  }
  return { dims: merged, reduced, outStrides, inputSize };
}

/**
 * Folds every input element into `acc` in one row-major pass over `x` (no transposes, no index decoding):
 * the two innermost merged axes form a block handled by one kit call (`kr` when the innermost axis is
 * reduced, `rk` when it is kept), and an odometer with precomputed output strides walks the outer axes.
 * Reducing the innermost axis or the outermost axis is thus a single kit call over the whole input.
 */
export function runReduction<T>(
  layout: ReductionLayout,
  kit: ReduceKit<T>,
  x: Elements<T>,
  acc: Elements<T>,
): void {
  const { dims, reduced, outStrides } = layout;
  if (layout.inputSize === 0) return;
  const m = dims.length;
  if (m === 1) {
    if (reduced[0]) kit.kr(x, 0, acc, 0, 1, dims[0]!);
    else kit.rk(x, 0, acc, 0, 1, dims[0]!);
    return;
  }
  const n1 = dims[m - 2]!;
  const n2 = dims[m - 1]!;
  const innerReduced = reduced[m - 1]!;
  const block = n1 * n2;
  const outer = m - 2;
  const blocks = layout.inputSize / block;
  const counters = new Int32Array(Math.max(outer, 1));
  let oOff = 0;
  let xOff = 0;
  for (let b = 0; b < blocks; b++) {
    if (innerReduced) kit.kr(x, xOff, acc, oOff, n1, n2);
    else kit.rk(x, xOff, acc, oOff, n1, n2);
    xOff += block;
    for (let d = outer - 1; d >= 0; d--) {
      oOff += outStrides[d]!;
      const c = counters[d]! + 1;
      if (c < dims[d]!) {
        counters[d] = c;
        break;
      }
      oOff -= outStrides[d]! * dims[d]!;
      counters[d] = 0;
    }
  }
}
