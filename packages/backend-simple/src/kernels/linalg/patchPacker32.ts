// The TypeScript patch packer of the float32 convolution on the WebAssembly GEMM, used when the GEMM's
// panel height is not a multiple of 4 (the generated SIMD packer needs that).
import type { ConvGeometry } from './convPlan.js';
import type { Packer32 } from './wasmGemm.js';

/**
 * Packs blocks of one group's patch matrix (rows = output positions, depth = (tap, channel)) tap by tap:
 * the input offsets of a panel's rows are resolved once per panel, then each channel run is written
 * contiguously, reading the panel's rows side by side.
 */
export class PatchPacker32 implements Packer32 {
  private readonly taps: Float64Array;
  private rowOffsets: Int32Array;
  /** The input elements. */
  src: Float32Array = new Float32Array(0);
  /** Input offset of the current group. */
  groupOffset = 0;

  /** @param geo - the geometry. */
  constructor(private readonly geo: ConvGeometry) {
    this.taps = new Float64Array(geo.taps);
    this.rowOffsets = new Int32Array(0);
  }

  /** Packs a block (see {@link Packer32}). */
  pack(
    dst: Float32Array,
    dstOff: number,
    outer0: number,
    nOuter: number,
    inner0: number,
    nInner: number,
    kPad: number,
    r: number,
  ): void {
    const { geo, src, taps } = this;
    const nTaps = geo.taps;
    const cg = geo.groupChannels;
    const cs = geo.inChannelStride;
    if (this.rowOffsets.length < r * nTaps) this.rowOffsets = new Int32Array(r * nTaps);
    const offs = this.rowOffsets; // [tap][q]: input offset of (row q, tap, channel 0), or -1
    const panels = Math.ceil(nOuter / r);
    const t0 = Math.floor(inner0 / cg);
    const c0 = inner0 - t0 * cg;
    for (let p = 0; p < panels; p++) {
      for (let q = 0; q < r; q++) {
        const o = p * r + q;
        if (o >= nOuter) {
          for (let t = 0; t < nTaps; t++) offs[t * r + q] = -1;
          continue;
        }
        const base = geo.rowTaps(outer0 + o, taps) + this.groupOffset;
        for (let t = 0; t < nTaps; t++) offs[t * r + q] = taps[t]! < 0 ? -1 : base + taps[t]!;
      }
      let d = dstOff + p * r * kPad;
      let t = t0;
      let c = c0;
      for (let kk = 0; kk < nInner; t++, c = 0) {
        const run = Math.min(cg - c, nInner - kk);
        kk += run;
        const ot = t * r;
        if (r === 4 && offs[ot]! >= 0 && offs[ot + 1]! >= 0 && offs[ot + 2]! >= 0 && offs[ot + 3]! >= 0) {
          let s0 = offs[ot]! + c * cs;
          let s1 = offs[ot + 1]! + c * cs;
          let s2 = offs[ot + 2]! + c * cs;
          let s3 = offs[ot + 3]! + c * cs;
          for (let j = 0; j < run; j++, d += 4, s0 += cs, s1 += cs, s2 += cs, s3 += cs) {
            dst[d] = src[s0]!;
            dst[d + 1] = src[s1]!;
            dst[d + 2] = src[s2]!;
            dst[d + 3] = src[s3]!;
          }
          continue;
        }
        for (let q = 0; q < r; q++) {
          const off = offs[ot + q]!;
          let e = d + q;
          if (off < 0) {
            for (let j = 0; j < run; j++, e += r) dst[e] = 0;
          } else {
            let s = off + c * cs;
            for (let j = 0; j < run; j++, e += r, s += cs) dst[e] = src[s]!;
          }
        }
        d += run * r;
      }
      if (kPad > nInner) dst.fill(0, d, d + (kPad - nInner) * r);
    }
  }
}
