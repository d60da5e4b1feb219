// Compile-time geometry of convGeneral, seen as grouped matrix products (implicit im2col).
//
// For group g: C[row, j] = Σ_{tap, c} patch[row, (tap, c)] · W_g[(tap, c), j], where a row is an output
// position (output batch, output spatial coords, row-major), a tap is a kernel spatial position, c an input
// channel of the group and j an output channel of the group. Padding and input dilation holes read as 0.
import type { OpAttrs } from '@tsmlx/backends';
import { type Shape, stridesOf } from '@tsmlx/shapes';
import type { Packer } from './gemm.js';

/** Everything static about a convolution: sizes, strides, tap offsets, group layout. */
export class ConvGeometry {
  /** Number of spatial axes. */
  readonly rank: number;
  /** Groups: featureGroupCount × batchGroupCount (one of them is 1). */
  readonly groups: number;
  /** Input channels per group (= kernel input channels). */
  readonly groupChannels: number;
  /** Output channels per group. */
  readonly groupOutChannels: number;
  /** Rows of each group's product: output batch × output spatial positions. */
  readonly rows: number;
  /** Depth of each group's product: taps × group channels. */
  readonly depth: number;
  /** Kernel spatial positions. */
  readonly taps: number;
  /** Input channel stride. */
  readonly inChannelStride: number;
  /** Output channel stride. */
  readonly outChannelStride: number;
  /** Per group: input offset of its batch block and channel block. */
  readonly groupInputOffset: Float64Array;
  /** Kernel storage index of W_g[(tap, c), j], laid out [group][tap][c][j]. */
  readonly kernelIndex: Float64Array;

  private readonly outDims: Int32Array; // [output batch, output spatial...]
  private readonly inRowStrides: Float64Array; // input strides of [batch, spatial...]
  private readonly outRowStrides: Float64Array; // output strides of [batch, spatial...]
  private readonly starts: Float64Array; // per spatial axis: -padLow
  private readonly steps: Float64Array; // per spatial axis: stride
  private readonly inDilation: Int32Array;
  private readonly inSizes: Float64Array;
  private readonly tapOffsets: Float64Array; // [tap][axis]: kernel position × kernel dilation
  private readonly coords: Float64Array;
  private readonly origin: Float64Array;

  /** @param input - input shape. @param kernel - kernel shape. @param output - output shape. @param a - attributes. */
  constructor(input: Shape, kernel: Shape, output: Shape, a: OpAttrs['convGeneral']) {
    const n = a.inputSpatialAxes.length;
    this.rank = n;
    const fg = a.featureGroupCount;
    const bg = a.batchGroupCount;
    this.groups = fg * bg;
    const kOut = kernel.dims[a.kernelOutputChannelsAxis]!;
    this.groupChannels = kernel.dims[a.kernelInputChannelsAxis]!;
    this.groupOutChannels = kOut / this.groups;
    const inStrides = stridesOf(input.dims);
    const outStrides = stridesOf(output.dims);
    const kStrides = stridesOf(kernel.dims);
    this.inChannelStride = inStrides[a.inputChannelsAxis]!;
    this.outChannelStride = outStrides[a.outputChannelsAxis]!;
    const outBatch = output.dims[a.outputBatchAxis]!;
    this.outDims = Int32Array.from([outBatch, ...a.outputSpatialAxes.map((ax) => output.dims[ax]!)]);
    this.rows = this.outDims.reduce((p, d) => p * d, 1);
    this.inRowStrides = Float64Array.from([
      inStrides[a.inputBatchAxis]!,
      ...a.inputSpatialAxes.map((ax) => inStrides[ax]!),
    ]);
    this.outRowStrides = Float64Array.from([
      outStrides[a.outputBatchAxis]!,
      ...a.outputSpatialAxes.map((ax) => outStrides[ax]!),
    ]);
    this.starts = Float64Array.from(a.padding.map(([lo]) => -lo));
    this.steps = Float64Array.from(a.strides);
    this.inDilation = Int32Array.from(a.inputDilations);
    this.inSizes = Float64Array.from(a.inputSpatialAxes.map((ax) => input.dims[ax]!));
    const kSizes = a.kernelSpatialAxes.map((ax) => kernel.dims[ax]!);
    this.taps = kSizes.reduce((p, d) => p * d, 1);
    this.depth = this.taps * this.groupChannels;
    this.tapOffsets = new Float64Array(this.taps * n);
    const tapKernelOffset = new Float64Array(this.taps);
    const pos = new Array<number>(n).fill(0);
    for (let t = 0; t < this.taps; t++) {
      let off = 0;
      for (let d = 0; d < n; d++) {
        this.tapOffsets[t * n + d] = pos[d]! * a.kernelDilations[d]!;
        off += pos[d]! * kStrides[a.kernelSpatialAxes[d]!]!;
      }
      tapKernelOffset[t] = off;
      for (let d = n - 1; d >= 0; d--) {
        if (++pos[d]! < kSizes[d]!) break;
        pos[d] = 0;
      }
    }
    const batchGroupSize = input.dims[a.inputBatchAxis]! / bg;
    this.groupInputOffset = new Float64Array(this.groups);
    for (let g = 0; g < this.groups; g++) {
      this.groupInputOffset[g] =
        bg > 1
          ? g * batchGroupSize * inStrides[a.inputBatchAxis]!
          : g * this.groupChannels * this.inChannelStride;
    }
    const ng = this.groupOutChannels;
    const cg = this.groupChannels;
    this.kernelIndex = new Float64Array(kernel.size);
    let i = 0;
    for (let g = 0; g < this.groups; g++) {
      for (let t = 0; t < this.taps; t++) {
        for (let c = 0; c < cg; c++) {
          for (let j = 0; j < ng; j++) {
            this.kernelIndex[i++] =
              tapKernelOffset[t]! +
              c * kStrides[a.kernelInputChannelsAxis]! +
              (g * ng + j) * kStrides[a.kernelOutputChannelsAxis]!;
          }
        }
      }
    }
    this.coords = new Float64Array(n + 1);
    this.origin = new Float64Array(n);
  }

  /** Output storage index of (row, channel 0). */
  outputBase(row: number): number {
    const dims = this.outDims;
    let base = 0;
    for (let d = dims.length - 1; d >= 0; d--) {
      const size = dims[d]!;
      const q = Math.floor(row / size);
      base += (row - q * size) * this.outRowStrides[d]!;
      row = q;
    }
    return base;
  }

  /**
   * Writes the input offset (spatial part) of every tap of output row `row` into `taps` (-1 where the tap
   * falls into padding or a dilation hole) and returns the input offset of the row's batch entry.
   */
  rowTaps(row: number, taps: Float64Array): number {
    const dims = this.outDims;
    const coords = this.coords;
    for (let d = dims.length - 1; d >= 0; d--) {
      const size = dims[d]!;
      const q = Math.floor(row / size);
      coords[d] = row - q * size;
      row = q;
    }
    const n = this.rank;
    const origin = this.origin;
    for (let d = 0; d < n; d++) origin[d] = coords[d + 1]! * this.steps[d]! + this.starts[d]!;
    const offsets = this.tapOffsets;
    for (let t = 0; t < this.taps; t++) {
      let off = 0;
      for (let d = 0; d < n; d++) {
        let p = origin[d]! + offsets[t * n + d]!;
        const dil = this.inDilation[d]!;
        if (dil > 1) {
          if (p % dil !== 0) {
            off = -1;
            break;
          }
          p /= dil;
        }
        if (p < 0 || p >= this.inSizes[d]!) {
          off = -1;
          break;
        }
        off += p * this.inRowStrides[d + 1]!;
      }
      taps[t] = off;
    }
    return coords[0]! * this.inRowStrides[0]!;
  }
}

/** Packs blocks of one group's patch matrix (rows = output positions, depth = (tap, channel)). */
export class PatchPacker implements Packer {
  private readonly tapBuffer: Float64Array;
  /** Input offset of the current group (set before each group's product). */
  groupOffset = 0;

  /** @param geo - the geometry. @param src - the input elements as numbers. */
  constructor(
    private readonly geo: ConvGeometry,
    private readonly src: ArrayLike<number>,
  ) {
    this.tapBuffer = new Float64Array(geo.taps);
  }

  /** Packs a block of patches (see {@link Packer}); padding and dilation holes read 0. */
  pack(dst: Float64Array, outer0: number, nOuter: number, inner0: number, nInner: number, r: number): void {
    const { geo, src, tapBuffer: taps } = this;
    const cg = geo.groupChannels;
    const cs = geo.inChannelStride;
    const panels = Math.ceil(nOuter / r);
    const t0 = Math.floor(inner0 / cg);
    const c0 = inner0 - t0 * cg;
    for (let p = 0; p < panels; p++) {
      const panelBase = p * r * nInner;
      for (let q = 0; q < r; q++) {
        const o = p * r + q;
        let d = panelBase + q;
        if (o >= nOuter) {
          for (let kk = 0; kk < nInner; kk++, d += r) dst[d] = 0;
          continue;
        }
        const base = geo.rowTaps(outer0 + o, taps) + this.groupOffset;
        let t = t0;
        let c = c0;
        for (let kk = 0; kk < nInner; t++, c = 0) {
          const run = Math.min(cg - c, nInner - kk);
          const off = taps[t]!;
          if (off < 0) {
            for (let j = 0; j < run; j++, d += r) dst[d] = 0;
          } else {
            let s = base + off + c * cs;
            for (let j = 0; j < run; j++, d += r, s += cs) dst[d] = src[s]!;
          }
          kk += run;
        }
      }
    }
  }
}
