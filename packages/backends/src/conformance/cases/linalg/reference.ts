// Obviously-correct references of dotGeneral and convGeneral over plain arrays, one output multi-index at
// a time, written from the XLA definitions (no strides, no blocking, no im2col).
import type { DType } from '@tsmlx/dtypes';
import type { OpAttrs } from '../../../optable/opAttrs.js';
import { Accumulator, type Num, sizeOf } from './data.js';

/** The multi-index of row-major position `flat` in `dims`. */
export function unravel(flat: number, dims: readonly number[]): number[] {
  const index = new Array<number>(dims.length).fill(0);
  for (let k = dims.length - 1; k >= 0; k--) {
    index[k] = flat % dims[k]!;
    flat = Math.floor(flat / dims[k]!);
  }
  return index;
}

/** The row-major position of `index` in `dims`. */
export function ravel(index: readonly number[], dims: readonly number[]): number {
  let flat = 0;
  for (let k = 0; k < dims.length; k++) flat = flat * dims[k]! + index[k]!;
  return flat;
}

/** A dense array of `dims` (row-major values). */
export interface Dense {
  /** Dimensions. */
  readonly dims: readonly number[];
  /** Row-major elements. */
  readonly values: readonly Num[];
}

/**
 * dotGeneral: result[batch..., lhsFree..., rhsFree...] = Σ over contracting multi-indices of
 * lhs[...] · rhs[...], in the arithmetic of `dtype` (see {@link Accumulator}).
 */
export function refDot(lhs: Dense, rhs: Dense, a: OpAttrs['dotGeneral'], dtype: DType): Dense {
  const lhsFree = lhs.dims
    .map((_, i) => i)
    .filter((i) => !a.lhsBatchAxes.includes(i) && !a.lhsContractingAxes.includes(i));
  const rhsFree = rhs.dims
    .map((_, i) => i)
    .filter((i) => !a.rhsBatchAxes.includes(i) && !a.rhsContractingAxes.includes(i));
  const batchDims = a.lhsBatchAxes.map((ax) => lhs.dims[ax]!);
  const contractDims = a.lhsContractingAxes.map((ax) => lhs.dims[ax]!);
  const dims = [...batchDims, ...lhsFree.map((ax) => lhs.dims[ax]!), ...rhsFree.map((ax) => rhs.dims[ax]!)];
  const values: Num[] = [];
  for (let flat = 0; flat < sizeOf(dims); flat++) {
    const out = unravel(flat, dims);
    const li = new Array<number>(lhs.dims.length).fill(0);
    const ri = new Array<number>(rhs.dims.length).fill(0);
    let pos = 0;
    for (let j = 0; j < batchDims.length; j++, pos++) {
      li[a.lhsBatchAxes[j]!] = out[pos]!;
      ri[a.rhsBatchAxes[j]!] = out[pos]!;
    }
    for (const ax of lhsFree) li[ax] = out[pos++]!;
    for (const ax of rhsFree) ri[ax] = out[pos++]!;
    const acc = new Accumulator(dtype);
    for (let c = 0; c < sizeOf(contractDims); c++) {
      const ci = unravel(c, contractDims);
      ci.forEach((v, j) => {
        li[a.lhsContractingAxes[j]!] = v;
        ri[a.rhsContractingAxes[j]!] = v;
      });
      acc.addProduct(lhs.values[ravel(li, lhs.dims)]!, rhs.values[ravel(ri, rhs.dims)]!);
    }
    values.push(acc.value());
  }
  return { dims, values };
}

/**
 * The output size of one spatial axis: the input dilated (holes between elements), padded (negative
 * padding crops), and a dilated window slid with the stride.
 */
export function convOutputSize(
  size: number,
  window: number,
  stride: number,
  lo: number,
  hi: number,
  inDil: number,
  kDil: number,
): number {
  const dilated = size === 0 ? 0 : (size - 1) * inDil + 1;
  const padded = lo + dilated + hi;
  const span = (window - 1) * kDil + 1;
  return padded < span ? 0 : Math.floor((padded - span) / stride) + 1;
}

/**
 * convGeneral (cross-correlation), XLA semantics: output[b, o, spatial...] sums, over kernel positions w and
 * kernel input channels ci, input[b', g·Cin + ci, (spatial·stride − padLow + w·kernelDilation) / inputDilation]
 * · kernel[ci, o, w], where positions that fall into padding or between dilated input elements read 0.
 * Feature groups: g = o ÷ (Cout / featureGroupCount), b' = b. Batch groups: g' = o ÷ (Cout / batchGroupCount)
 * selects the input batch b' = g'·(B / batchGroupCount) + b.
 */
export function refConv(input: Dense, kernel: Dense, a: OpAttrs['convGeneral'], dtype: DType): Dense {
  const n = a.inputSpatialAxes.length;
  const batch = input.dims[a.inputBatchAxis]!;
  const kIn = kernel.dims[a.kernelInputChannelsAxis]!;
  const kOut = kernel.dims[a.kernelOutputChannelsAxis]!;
  const kSpatial = a.kernelSpatialAxes.map((ax) => kernel.dims[ax]!);
  const inSpatial = a.inputSpatialAxes.map((ax) => input.dims[ax]!);
  const outSpatial = inSpatial.map((s, d) =>
    convOutputSize(
      s,
      kSpatial[d]!,
      a.strides[d]!,
      a.padding[d]![0],
      a.padding[d]![1],
      a.inputDilations[d]!,
      a.kernelDilations[d]!,
    ),
  );
  const dims = new Array<number>(n + 2);
  dims[a.outputBatchAxis] = batch / a.batchGroupCount;
  dims[a.outputChannelsAxis] = kOut;
  a.outputSpatialAxes.forEach((ax, d) => {
    dims[ax] = outSpatial[d]!;
  });
  const values: Num[] = [];
  for (let flat = 0; flat < sizeOf(dims); flat++) {
    const out = unravel(flat, dims);
    const b = out[a.outputBatchAxis]!;
    const o = out[a.outputChannelsAxis]!;
    const featureGroup = Math.floor(o / (kOut / a.featureGroupCount));
    const batchGroup = Math.floor(o / (kOut / a.batchGroupCount));
    const inBatch = batchGroup * (batch / a.batchGroupCount) + b;
    const acc = new Accumulator(dtype);
    for (let w = 0; w < sizeOf(kSpatial); w++) {
      const wi = unravel(w, kSpatial);
      const pos: number[] = [];
      let inside = true;
      for (let d = 0; d < n; d++) {
        const dilatedPos =
          out[a.outputSpatialAxes[d]!]! * a.strides[d]! - a.padding[d]![0] + wi[d]! * a.kernelDilations[d]!;
        // A position between two dilated input elements, or outside the input, reads zero.
        if (dilatedPos < 0 || dilatedPos % a.inputDilations[d]! !== 0) inside = false;
        const p = dilatedPos / a.inputDilations[d]!;
        if (p >= inSpatial[d]!) inside = false;
        pos.push(p);
      }
      if (!inside) continue;
      for (let ci = 0; ci < kIn; ci++) {
        const ii = new Array<number>(n + 2);
        ii[a.inputBatchAxis] = inBatch;
        ii[a.inputChannelsAxis] = featureGroup * kIn + ci;
        a.inputSpatialAxes.forEach((ax, d) => {
          ii[ax] = pos[d]!;
        });
        const ki = new Array<number>(n + 2);
        ki[a.kernelInputChannelsAxis] = ci;
        ki[a.kernelOutputChannelsAxis] = o;
        a.kernelSpatialAxes.forEach((ax, d) => {
          ki[ax] = wi[d]!;
        });
        acc.addProduct(input.values[ravel(ii, input.dims)]!, kernel.values[ravel(ki, kernel.dims)]!);
      }
    }
    values.push(acc.value());
  }
  return { dims, values };
}
