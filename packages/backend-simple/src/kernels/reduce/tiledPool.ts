import type { OpAttrs } from '@tsmlx/backends';
import type { Shape } from '@tsmlx/shapes';
import { acquireStorage } from '../../storagePool.js';
import type { KernelRun } from '../registry.js';

// Fast paths of max/min pooling and its gradient for the common case of tiled windows over the two middle
// axes of a rank-4 operand (NHWC pooling with window = stride, no padding, no dilation, sizes divisible):
// every element belongs to exactly one window, so the forward pass is a max over the window's taps
// and the gradient writes each source value at one position (no accumulation: `0 + s` is `s`, exactly
// what the float64 accumulator of the general kernels rounds to). Taps are visited in window order
// (rows, then columns), the first extreme wins and a NaN wins over everything, as in the general kernels.

type Floats = Float32Array | Float64Array;

/** The tiled window `[wh, ww]` of a rank-4 float operand, or undefined when the general kernel must run. */
function tiledWindow(
  x: Shape,
  attrs: {
    windowDims: readonly number[];
    strides: readonly number[];
    padding: ReadonlyArray<readonly [number, number]>;
  },
  dilations: ReadonlyArray<readonly number[]>,
): [number, number] | undefined {
  if (x.rank !== 4 || (x.dtype !== 'float32' && x.dtype !== 'float64') || x.size === 0) return undefined;
  const { windowDims: w, strides: s, padding: p } = attrs;
  if (w[0] !== 1 || w[3] !== 1 || s[0] !== 1 || s[3] !== 1) return undefined;
  if (p.some(([lo, hi]) => lo !== 0 || hi !== 0)) return undefined;
  if (dilations.some((d) => d.some((v) => v !== 1))) return undefined;
  for (const a of [1, 2]) {
    if (w[a] !== s[a] || w[a]! < 1 || x.dims[a]! % w[a]! !== 0) return undefined;
  }
  return [w[1]!, w[2]!];
}

/** Offsets of a window's taps from its first, in window order (rows, then columns). */
function tapOffsets(wh: number, ww: number, rowStride: number, c: number): Int32Array {
  const taps = new Int32Array(wh * ww);
  for (let di = 0, t = 0; di < wh; di++)
    for (let dj = 0; dj < ww; dj++, t++) taps[t] = di * rowStride + dj * c;
  return taps;
}

/**
 * For the `c` lanes of the window at `base`, the offset of the tap holding the extreme (max when `sign` > 0,
 * else min): the first one, or the first NaN. Writes offsets into `at`.
 */
function selectLanes(
  xs: Floats,
  base: number,
  taps: Int32Array,
  c: number,
  sign: number,
  at: Int32Array,
): void {
  const n = taps.length;
  for (let q = 0; q < c; q++) {
    let k = base + q;
    let best = xs[k]!;
    for (let t = 1; t < n && !Number.isNaN(best); t++) {
      const i = base + taps[t]! + q;
      const v = xs[i]!;
      if (Number.isNaN(v) || (sign > 0 ? v > best : v < best)) {
        best = v;
        k = i;
      }
    }
    at[q] = k;
  }
}

/** Geometry shared by the tiled kernels. */
function tiledLoop(x: Shape, wh: number, ww: number) {
  const [n, h, w, c] = x.dims as [number, number, number, number];
  const rowStride = w * c;
  return { n, h, w, c, oh: h / wh, ow: w / ww, taps: tapOffsets(wh, ww, rowStride, c) };
}

/** Kernel of a tiled max/min `reduceWindow`, or undefined when the window is not tiled. */
export function tiledReduceWindow(x: Shape, attrs: OpAttrs['reduceWindow']): KernelRun | undefined {
  if (attrs.reduction !== 'max' && attrs.reduction !== 'min') return undefined;
  const window = tiledWindow(x, attrs, [attrs.baseDilations, attrs.windowDilations]);
  if (!window) return undefined;
  const [wh, ww] = window;
  const { n, h, w, c, oh, ow, taps } = tiledLoop(x, wh, ww);
  const sign = attrs.reduction === 'max' ? 1 : -1;
  return (inputs) => {
    const xs = inputs[0] as Floats;
    const out = acquireStorage(x.dtype, n * oh * ow * c) as Floats;
    const at = new Int32Array(c);
    let o = 0;
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++, o += c) {
          selectLanes(xs, ((b * h + i * wh) * w + j * ww) * c, taps, c, sign, at);
          for (let q = 0; q < c; q++) out[o + q] = xs[at[q]!]!;
        }
      }
    }
    return [out];
  };
}

/** Kernel of a tiled `selectAndScatterMax/Min`, or undefined when the window is not tiled. */
export function tiledSelectAndScatter(
  x: Shape,
  attrs: OpAttrs['selectAndScatterMax'],
  sign: 1 | -1,
): KernelRun | undefined {
  const window = tiledWindow(x, attrs, []);
  if (!window) return undefined;
  const [wh, ww] = window;
  const { n, h, w, c, oh, ow, taps } = tiledLoop(x, wh, ww);
  return (inputs) => {
    const xs = inputs[0] as Floats;
    const src = inputs[1] as Floats;
    const out = acquireStorage(x.dtype, x.size) as Floats;
    out.fill(0);
    const at = new Int32Array(c);
    let o = 0;
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++, o += c) {
          selectLanes(xs, ((b * h + i * wh) * w + j * ww) * c, taps, c, sign, at);
          // As 0 + s in the general kernel's accumulator (a −0 source gives +0).
          for (let q = 0; q < c; q++) out[at[q]!] = src[o + q]! + 0;
        }
      }
    }
    return [out];
  };
}
