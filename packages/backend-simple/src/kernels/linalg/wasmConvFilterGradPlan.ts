// Compile-time layout of the split wasm convolution paths (wasmConvFilterGrad.ts): which path a
// convolution takes, the input offset table, the panel descriptors and where output rows go.
import type { OpAttrs } from '@tsmlx/backends';
import { type Shape, stridesOf } from '@tsmlx/shapes';

/** Contraction block of one packing step (split-depth path). */
export const KC = 256;
/** Largest offset table (int32 entries). */
const MAX_TABLE = 1 << 22;
/** Most output rows (batch × spatial positions) the split-depth path takes. */
const MAX_ROWS = 2048;
/** Longest contraction the split-rows path takes. */
const MAX_SHORT_DEPTH = 32;
/** Fewest output rows the split-rows path takes. */
const MIN_SHORT_ROWS = 1024;
/** Most output channels either path takes (bounds the partial results and packing scratch). */
const MAX_COLS = 1024;

/** The static layout of a convolution one of the split paths computes. */
export interface FilterGradPlan {
  /** Split the contraction (long) or the output rows (short contraction). */
  readonly split: 'depth' | 'rows';
  /** Output rows m = (spatial s, batch b): b fastest, or s fastest when `batchMajor`. */
  readonly rows: number;
  /** Output channels. */
  readonly cols: number;
  /** Contraction length (input channels × kernel positions). */
  readonly depth: number;
  /** Table: per contraction index, `spatial + 1` byte offsets into x (b = 0) or -1. */
  readonly table: Int32Array;
  readonly tableRow: number;
  /** Panel descriptors (9 int32 each). */
  readonly desc: Int32Array;
  /** Output storage index of each row's channel 0, and the channel stride. */
  readonly outBase: Int32Array;
  readonly outChannelStride: number;
  /** g's stride between consecutive contraction indices. */
  readonly gRow: number;
}

/** Row-major enumeration of a box of `dims`: calls `f(index, coords)` for each point. */
function forEachPoint(dims: readonly number[], f: (index: number, coords: readonly number[]) => void): void {
  const total = dims.reduce((p, d) => p * d, 1);
  const coords = new Array<number>(dims.length).fill(0);
  for (let i = 0; i < total; i++) {
    f(i, coords);
    for (let d = dims.length - 1; d >= 0; d--) {
      if (++coords[d]! < dims[d]!) break;
      coords[d] = 0;
    }
  }
}

/** The stride of the flattened index of `axes` (outer to inner), or undefined when they do not flatten. */
function flatStride(axes: ReadonlyArray<{ size: number; stride: number }>): number | undefined {
  let unit: number | undefined;
  let expect = 0;
  for (let i = axes.length - 1; i >= 0; i--) {
    const { size, stride } = axes[i]!;
    if (size === 1) continue;
    if (unit === undefined) {
      unit = stride;
      expect = stride;
    }
    if (stride !== expect) return undefined;
    expect *= size;
  }
  return unit ?? 1;
}

/**
 * The layout of a float32 convolution (groups = 1) for the split paths, or undefined when it is neither
 * few outputs with a long contraction nor a short contraction with many outputs, or when its "kernel" g
 * does not read as [contraction, channels] with unit channel stride.
 */
export function planFor(
  x: Shape,
  g: Shape,
  out: Shape,
  a: OpAttrs['convGeneral'],
): FilterGradPlan | undefined {
  if (a.featureGroupCount !== 1 || a.batchGroupCount !== 1) return undefined;
  const n = a.inputSpatialAxes.length;
  const xs = stridesOf(x.dims);
  const gs = stridesOf(g.dims);
  const os = stridesOf(out.dims);
  const batch = x.dims[a.inputBatchAxis]!;
  const channels = x.dims[a.inputChannelsAxis]!;
  const cols = g.dims[a.kernelOutputChannelsAxis]!;
  const kDims = a.kernelSpatialAxes.map((ax) => g.dims[ax]!);
  const sDims = a.outputSpatialAxes.map((ax) => out.dims[ax]!);
  const taps = kDims.reduce((p, d) => p * d, 1);
  const spatial = sDims.reduce((p, d) => p * d, 1);
  const rows = batch * spatial;
  const depth = channels * taps;
  // Worth it only for few outputs and a long contraction, or a short contraction and many outputs.
  let split: 'depth' | 'rows';
  if (cols > MAX_COLS) return undefined;
  if (rows <= MAX_ROWS && depth >= 4 * KC && depth >= 4 * rows) split = 'depth';
  else if (depth <= MAX_SHORT_DEPTH && rows >= MIN_SHORT_ROWS && depth > 0) split = 'rows';
  else return undefined;
  if (depth * (spatial + 1) > MAX_TABLE || x.size >= 2 ** 29) return undefined;
  // g must read as [depth, cols] with unit column stride, depth = (channel, taps…) or (taps…, channel).
  if (gs[a.kernelOutputChannelsAxis] !== 1 && cols > 1) return undefined;
  const kAxes = a.kernelSpatialAxes.map((ax) => ({ size: g.dims[ax]!, stride: gs[ax]! }));
  const cAxis = { size: channels, stride: gs[a.kernelInputChannelsAxis]! };
  let channelsInner = false;
  let gRow = flatStride([cAxis, ...kAxes]);
  if (gRow === undefined) {
    channelsInner = true;
    gRow = flatStride([...kAxes, cAxis]);
  }
  if (gRow === undefined) return undefined;
  const xb = xs[a.inputBatchAxis]!;
  const xc = xs[a.inputChannelsAxis]!;
  const xSp = a.inputSpatialAxes.map((ax) => xs[ax]!);
  const inSizes = a.inputSpatialAxes.map((ax) => x.dims[ax]!);
  const tableRow = spatial + 1;
  const table = new Int32Array(depth * tableRow);
  const kOff = new Int32Array(taps * n); // per tap: kernel position × kernel dilation − low padding
  forEachPoint(kDims, (t, k) => {
    for (let d = 0; d < n; d++) kOff[t * n + d] = k[d]! * a.kernelDilations[d]! - a.padding[d]![0];
  });
  const sOff = new Int32Array(spatial * n);
  forEachPoint(sDims, (s, p) => {
    for (let d = 0; d < n; d++) sOff[s * n + d] = p[d]! * a.strides[d]!;
  });
  for (let c = 0; c < channels; c++) {
    for (let t = 0; t < taps; t++) {
      const row = (channelsInner ? t * channels + c : c * taps + t) * tableRow;
      for (let s = 0; s < spatial; s++) {
        let off = c * xc;
        for (let d = 0; d < n && off >= 0; d++) {
          let p = sOff[s * n + d]! + kOff[t * n + d]!;
          const dil = a.inputDilations[d]!;
          if (dil > 1) {
            if (p % dil !== 0) off = -1;
            p /= dil;
          }
          if (p < 0 || p >= inSizes[d]!) off = -1;
          if (off >= 0) off += p * xSp[d]!;
        }
        table[row + s] = off < 0 ? -1 : 4 * off;
      }
      table[row + spatial] = -1;
    }
  }
  // Rows in the output's memory order where that is batch-major (m = b·spatial + s).
  const ob = os[a.outputBatchAxis]!;
  const batchMajor = batch > 1 && spatial > 1 && ob > Math.max(...a.outputSpatialAxes.map((ax) => os[ax]!));
  const panels = Math.ceil(rows / 4);
  const desc = new Int32Array(panels * 9);
  for (let p = 0; p < panels; p++) {
    let fast = xb === 1 && !batchMajor;
    const s0 = Math.floor((4 * p) / batch);
    for (let q = 0; q < 4; q++) {
      const m = 4 * p + q;
      let s = spatial;
      let b = 0;
      if (m < rows && batchMajor) {
        b = Math.floor(m / spatial);
        s = m - b * spatial;
      } else if (m < rows) {
        s = Math.floor(m / batch);
        b = m - s * batch;
      }
      if (m >= rows || s !== s0) fast = false;
      desc[p * 9 + 1 + 2 * q] = 4 * s;
      desc[p * 9 + 2 + 2 * q] = 4 * b * xb;
    }
    desc[p * 9] = fast ? 1 : 0;
  }
  const outBase = new Int32Array(rows);
  forEachPoint(sDims, (s, p) => {
    let base = 0;
    for (let d = 0; d < n; d++) base += p[d]! * os[a.outputSpatialAxes[d]!]!;
    for (let b = 0; b < batch; b++) outBase[batchMajor ? b * spatial + s : s * batch + b] = base + b * ob;
  });
  return {
    split,
    rows,
    cols,
    depth,
    table,
    tableRow,
    desc,
    outBase,
    outChannelStride: os[a.outputChannelsAxis]!,
    gRow,
  };
}
