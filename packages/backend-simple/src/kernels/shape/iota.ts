import {
  type AnyStorageArray,
  allocateStorage,
  bfloat16FromNumber,
  type DType,
  float16FromNumber,
  is64BitInteger,
} from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import type { KernelRun } from '../registry.js';
import { wordsPerElement, wordView } from './words.js';

/**
 * The storage of `0, 1, ..., n-1` in `dtype`: exact for integers (wrapping as the storage does, e.g. uint8
 * 256 → 0), rounded to nearest even for float16/bfloat16.
 */
export function countingRow(dtype: DType, n: number): AnyStorageArray {
  const row = allocateStorage(dtype, n);
  if (is64BitInteger(dtype)) {
    const big = row as BigInt64Array | BigUint64Array;
    for (let k = 0; k < n; k++) big[k] = BigInt(k);
  } else if (dtype === 'float16' || dtype === 'bfloat16') {
    const convert = dtype === 'float16' ? float16FromNumber : bfloat16FromNumber;
    const half = row as Uint16Array;
    for (let k = 0; k < n; k++) half[k] = convert(k);
  } else {
    const plain = row as Exclude<AnyStorageArray, BigInt64Array | BigUint64Array>;
    for (let k = 0; k < n; k++) plain[k] = k;
  }
  return row;
}

/**
 * `iota`: value `k` at every position whose index along `axis` is `k`. The counting row is made at compile
 * time; at run time the result is filled block by block (one native `set` per outer block when `axis` is last,
 * one native `fill` per run otherwise).
 */
export function iotaKernel(out: Shape, axis: number): KernelRun {
  const n = out.dims[axis]!;
  const wpe = wordsPerElement(out.dtype);
  const row = wordView(countingRow(out.dtype, n));
  let outer = 1;
  for (let k = 0; k < axis; k++) outer *= out.dims[k]!;
  let inner = wpe;
  for (let k = axis + 1; k < out.rank; k++) inner *= out.dims[k]!;
  return () => {
    const result = allocateStorage(out.dtype, out.size);
    if (out.size === 0) return [result];
    const dst = wordView(result);
    let d = 0;
    if (inner === wpe) {
      for (let o = 0; o < outer; o++, d += row.length) dst.set(row, d);
    } else if (wpe === 1) {
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < n; k++, d += inner) dst.fill(row[k]!, d, d + inner);
      }
    } else {
      // 8-byte elements (two words): write one element of the run, then double it.
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < n; k++, d += inner) {
          dst[d] = row[2 * k]!;
          dst[d + 1] = row[2 * k + 1]!;
          for (let filled = wpe; filled < inner; filled *= 2) {
            dst.copyWithin(d + filled, d, d + Math.min(filled, inner - filled));
          }
        }
      }
    }
    return [result];
  };
}
