// The WebAssembly SIMD variant of convGeneral for float32: implicit im2col into packed float32 panels,
// products on the generated GEMM. Covers every configuration the TS kernel does (strides, negative
// padding, input/kernel dilation, feature and batch groups, any layout), so gradient convolutions run
// on it too.
import type { OpAttrs } from '@tsmlx/backends';
import type { Shape } from '@tsmlx/shapes';
import { acquireStorage } from '../../storagePool.js';
import type { KernelRun } from '../registry.js';
import { ConvGeometry } from './convPlan.js';
import { type Packer32, StridedPacker32, WasmGemm } from './wasmGemm.js';

/**
 * Packs blocks of one group's patch matrix (rows = output positions, depth = (tap, channel)) tap by tap:
 * the input offsets of a panel's rows are resolved once per panel, then each channel run is written
 * contiguously, reading the panel's rows side by side.
 */
class PatchPacker32 implements Packer32 {
  private readonly taps: Float64Array;
  private rowOffsets: Int32Array;
  /** The input elements. */
  src: Float32Array = new Float32Array(0);
  /** Input offset of the current group. */
  groupOffset = 0;

  constructor(private readonly geo: ConvGeometry) {
    this.taps = new Float64Array(geo.taps);
    this.rowOffsets = new Int32Array(0);
  }

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

/**
 * Builds the float32 convGeneral kernel on WebAssembly SIMD, or returns undefined when the op is not
 * float32 (the caller then builds the TS kernel).
 */
export function wasmConvKernel(
  inputShape: Shape,
  kernelShape: Shape,
  outShape: Shape,
  attrs: OpAttrs['convGeneral'],
): KernelRun | undefined {
  if (outShape.dtype !== 'float32' || inputShape.dtype !== 'float32') return undefined;
  const geo = new ConvGeometry(inputShape, kernelShape, outShape, attrs);
  const { rows, depth, groupOutChannels: ng, outChannelStride: ocs } = geo;
  const gemm = new WasmGemm();
  const patches = new PatchPacker32(geo);
  const weights = new Float32Array(geo.kernelIndex.length);
  const w = new StridedPacker32(weights, 0, 1, ng);
  let out: Float32Array = new Float32Array(0);
  let channelBase = 0;
  // Output rows are contiguous over channels when the channel axis is innermost (ocs = 1).
  const store = (r0: number, count: number, c: Float32Array, cOff: number, ldc: number) => {
    for (let i = 0; i < count; i++) {
      let d = geo.outputBase(r0 + i) + channelBase;
      const s = cOff + i * ldc;
      for (let j = 0; j < ng; j++, d += ocs) out[d] = c[s + j]!;
    }
  };
  return (inputs) => {
    out = acquireStorage('float32', outShape.size) as Float32Array;
    if (out.length === 0) return [out];
    if (depth === 0) return [out.fill(0)];
    const kernel = inputs[1] as Float32Array;
    for (let i = 0; i < weights.length; i++) weights[i] = kernel[geo.kernelIndex[i]!]!;
    patches.src = inputs[0] as Float32Array;
    for (let g = 0; g < geo.groups; g++) {
      patches.groupOffset = geo.groupInputOffset[g]!;
      w.offset = g * depth * ng;
      channelBase = g * ng * ocs;
      gemm.run(rows, ng, depth, patches, 0, w, store);
    }
    const result = out;
    out = new Float32Array(0);
    patches.src = out;
    return [result];
  };
}
