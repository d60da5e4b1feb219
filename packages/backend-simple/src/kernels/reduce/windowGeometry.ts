import { windowOutputSize } from '@tsmlx/backends';

/** A window sweep as XLA defines it (reduceWindow, selectAndScatter). */
export interface WindowSpec {
  /** Window size per axis. */
  readonly windowDims: readonly number[];
  /** Stride per axis. */
  readonly strides: readonly number[];
  /** `[low, high]` padding per axis (negative crops). */
  readonly padding: ReadonlyArray<readonly [number, number]>;
  /** Operand dilation per axis (holes act like padding). */
  readonly baseDilations?: readonly number[];
  /** Window dilation per axis. */
  readonly windowDilations?: readonly number[];
}

/**
 * Precomputed taps of a window sweep. Trailing axes the window leaves alone (window 1, stride 1, no padding,
 * no base dilation) are merged into `lanes` contiguous elements handled together; for every other axis and
 * every output index along it, the list of in-bounds input offsets (in elements, window order) is stored, so
 * the taps of one output position are the sums of one entry per axis. Padding and dilation holes never
 * appear as taps.
 */
export interface WindowGeometry {
  /** Output dims (all axes). */
  readonly outDims: readonly number[];
  /** Number of output positions over the swept axes. */
  readonly positions: number;
  /** Contiguous elements per position (product of the trailing untouched axes). */
  readonly lanes: number;
  /** Output dims of the swept axes. */
  readonly sweptDims: readonly number[];
  /** Per swept axis, per output index: first entry in `offsets`. */
  readonly starts: readonly Int32Array[];
  /** Per swept axis, per output index: number of in-bounds taps. */
  readonly counts: readonly Int32Array[];
  /** Per swept axis: input offsets of the taps (coordinate × input stride). */
  readonly offsets: readonly Int32Array[];
  /** Upper bound of the taps of one position. */
  readonly maxTaps: number;
}

/** Precomputes the taps of a window sweep over an operand of `dims`. */
export function windowGeometry(dims: readonly number[], spec: WindowSpec): WindowGeometry {
  const rank = dims.length;
  const base = spec.baseDilations ?? new Array<number>(rank).fill(1);
  const wdil = spec.windowDilations ?? new Array<number>(rank).fill(1);
  const outDims = dims.map((d, i) =>
    windowOutputSize(
      d,
      spec.windowDims[i]!,
      spec.strides[i]!,
      spec.padding[i]![0],
      spec.padding[i]![1],
      base[i],
      wdil[i],
    ),
  );
  let swept = rank;
  let lanes = 1;
  while (
    swept > 0 &&
    spec.windowDims[swept - 1] === 1 &&
    spec.strides[swept - 1] === 1 &&
    spec.padding[swept - 1]![0] === 0 &&
    spec.padding[swept - 1]![1] === 0 &&
    base[swept - 1] === 1
  ) {
    swept--;
    lanes *= dims[swept]!;
  }
  const starts: Int32Array[] = [];
  const counts: Int32Array[] = [];
  const offsets: Int32Array[] = [];
  let stride = lanes;
  let maxTaps = 1;
  for (let d = swept - 1; d >= 0; d--) {
    const size = dims[d]!;
    const dilated = size === 0 ? 0 : (size - 1) * base[d]! + 1;
    const window = spec.windowDims[d]!;
    const list: number[] = [];
    const start = new Int32Array(outDims[d]!);
    const count = new Int32Array(outDims[d]!);
    let most = 0;
    for (let o = 0; o < outDims[d]!; o++) {
      start[o] = list.length;
      for (let w = 0; w < window; w++) {
        const p = o * spec.strides[d]! + w * wdil[d]! - spec.padding[d]![0];
        if (p < 0 || p >= dilated || p % base[d]! !== 0) continue;
        list.push((p / base[d]!) * stride);
      }
      count[o] = list.length - start[o]!;
      most = Math.max(most, count[o]!);
    }
    starts.unshift(start);
    counts.unshift(count);
    offsets.unshift(Int32Array.from(list));
    maxTaps *= most;
    stride *= size;
  }
  const sweptDims = outDims.slice(0, swept);
  const positions = sweptDims.reduce((a, b) => a * b, 1);
  return { outDims, positions, lanes, sweptDims, starts, counts, offsets, maxTaps };
}

/**
 * Walks the output positions of a sweep in row-major order, filling `taps` with the input offsets of each
 * position's in-bounds taps (window order) and calling `visit(position, tapCount, taps)`: one call per
 * position. The taps of all swept axes but the last are combined once per output row. `scratch` must hold
 * `maxTaps` elements like `taps`.
 */
export function sweepWindows(
  g: WindowGeometry,
  taps: Int32Array,
  scratch: Int32Array,
  visit: (position: number, tapCount: number, taps: Int32Array) => void,
): void {
  const rank = g.sweptDims.length;
  if (rank === 0) {
    taps[0] = 0;
    visit(0, 1, taps);
    return;
  }
  const last = rank - 1;
  const rowLength = g.sweptDims[last]!;
  const rows = rowLength === 0 ? 0 : g.positions / rowLength;
  const lastStarts = g.starts[last]!;
  const lastCounts = g.counts[last]!;
  const lastOffsets = g.offsets[last]!;
  const index = new Int32Array(rank);
  let prefix = scratch;
  let other = taps;
  for (let row = 0; row < rows; row++) {
    // Taps of the outer axes, shared by the whole row.
    let n = 1;
    prefix[0] = 0;
    for (let d = 0; d < last && n > 0; d++) {
      const o = index[d]!;
      const c = g.counts[d]![o]!;
      const s = g.starts[d]![o]!;
      const offs = g.offsets[d]!;
      let m = 0;
      for (let i = 0; i < n; i++) {
        const b = prefix[i]!;
        for (let j = s; j < s + c; j++) other[m++] = b + offs[j]!;
      }
      n = m;
      const t = prefix;
      prefix = other;
      other = t;
    }
    const out = other;
    for (let o = 0, pos = row * rowLength; o < rowLength; o++, pos++) {
      const c = lastCounts[o]!;
      const s = lastStarts[o]!;
      let m = 0;
      for (let i = 0; i < n; i++) {
        const b = prefix[i]!;
        for (let j = s; j < s + c; j++) out[m++] = b + lastOffsets[j]!;
      }
      visit(pos, m, out);
    }
    for (let d = last - 1; d >= 0; d--) {
      const v = index[d]! + 1;
      if (v < g.sweptDims[d]!) {
        index[d] = v;
        break;
      }
      index[d] = 0;
    }
  }
}
