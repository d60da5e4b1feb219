import { allocateStorage, is64BitInteger } from '@tsmlx/dtypes';
import type { KernelRun, KernelSpec } from '../registry.js';
import { narrow, type Scalar, widen } from './accumulation.js';
import type { Elements } from './kits/types.js';
import { tiledSelectAndScatter } from './tiledPool.js';
import { wasmSelectAndScatter } from './wasmPool.js';
import { sweepWindows, windowGeometry } from './windowGeometry.js';

/** The select-and-scatter ops. */
export type SelectAndScatterOp = 'selectAndScatterMax' | 'selectAndScatterMin' | 'selectAndScatterSum';

/**
 * For each lane, finds the first tap holding the largest `sign·x` (the first NaN wins over everything) and
 * adds the source value there.
 */
function selectNumber(
  x: Elements<number>,
  source: Elements<number>,
  acc: Float64Array,
  taps: Int32Array,
  n: number,
  sOff: number,
  lanes: number,
  sign: number,
): void {
  for (let q = 0; q < lanes; q++) {
    let best = sign * x[taps[0]! + q]!;
    let at = taps[0]! + q;
    for (let t = 1; t < n && !Number.isNaN(best); t++) {
      const i = taps[t]! + q;
      const v = sign * x[i]!;
      if (v > best || Number.isNaN(v)) {
        best = v;
        at = i;
      }
    }
    acc[at] = acc[at]! + source[sOff + q]!;
  }
}

/** {@link selectNumber} for 64-bit integers. */
function selectBigint(
  x: Elements<bigint>,
  source: Elements<bigint>,
  acc: Elements<bigint>,
  taps: Int32Array,
  n: number,
  sOff: number,
  lanes: number,
  sign: bigint,
): void {
  for (let q = 0; q < lanes; q++) {
    let best = sign * x[taps[0]! + q]!;
    let at = taps[0]! + q;
    for (let t = 1; t < n; t++) {
      const i = taps[t]! + q;
      const v = sign * x[i]!;
      if (v > best) {
        best = v;
        at = i;
      }
    }
    acc[at] = acc[at]! + source[sOff + q]!;
  }
}

/** Adds each lane's source value to every tap of its window. */
function spread<T extends Scalar>(
  source: Elements<T>,
  acc: Elements<T>,
  taps: Int32Array,
  n: number,
  sOff: number,
  lanes: number,
): void {
  for (let t = 0; t < n; t++) {
    const i = taps[t]!;
    for (let q = 0; q < lanes; q++) acc[i + q] = ((acc[i + q] as number) + (source[sOff + q] as number)) as T;
  }
}

/**
 * Kernel of `selectAndScatterMax/Min/Sum` (the gradients of max/min/sum pooling). The result has the shape of
 * `x` and starts at zero; for each window of `x` (same strides and padding as the forward `reduceWindow`,
 * padding never selected), Max/Min add the window's source value at the first position holding the window's
 * max/min (NaN counts as the extreme), Sum adds it to every in-bounds position of the window. Floats
 * accumulate in float64 and round once; integers wrap.
 */
export function selectAndScatterKernel(spec: KernelSpec<SelectAndScatterOp>): KernelRun {
  const x = spec.inputShapes[0]!;
  const g = windowGeometry(x.dims, spec.attrs);
  const lanes = g.lanes;
  const bound = Math.max(1, g.maxTaps);
  const big = is64BitInteger(x.dtype);
  const mode = spec.op === 'selectAndScatterSum' ? 0 : spec.op === 'selectAndScatterMax' ? 1 : -1;
  const wasm = mode === 0 ? undefined : wasmSelectAndScatter(x, spec.attrs, mode);
  if (wasm) return wasm;
  const tiled = mode === 0 ? undefined : tiledSelectAndScatter(x, spec.attrs, mode);
  if (tiled) return tiled;
  return (inputs) => {
    const acc = big ? allocateStorage(x.dtype, x.size) : new Float64Array(x.size);
    const source = spec.inputShapes[1]!.size;
    if (source > 0 && x.size > 0) {
      const xs = widen(inputs[0]!, x.dtype);
      const src = widen(inputs[1]!, x.dtype);
      const taps = new Int32Array(bound);
      const scratch = new Int32Array(bound);
      if (mode === 0) {
        sweepWindows(g, taps, scratch, (pos, n, t) =>
          spread(src, acc as Elements<Scalar>, t, n, pos * lanes, lanes),
        );
      } else if (big) {
        const sign = BigInt(mode);
        sweepWindows(g, taps, scratch, (pos, n, t) => {
          if (n > 0) {
            selectBigint(
              xs as Elements<bigint>,
              src as Elements<bigint>,
              acc as Elements<bigint>,
              t,
              n,
              pos * lanes,
              lanes,
              sign,
            );
          }
        });
      } else {
        sweepWindows(g, taps, scratch, (pos, n, t) => {
          if (n > 0) {
            selectNumber(
              xs as Elements<number>,
              src as Elements<number>,
              acc as Float64Array,
              t,
              n,
              pos * lanes,
              lanes,
              mode,
            );
          }
        });
      }
    }
    return [narrow(acc as Elements<Scalar>, x.dtype)];
  };
}
