// The convGeneral kernel: grouped implicit-im2col products on the GEMM core, or exact integer loops.
import { type AnyStorageArray, allocateStorage, type DType } from '@tsmlx/dtypes';
import { activeKernelVariant } from '../../wasm/variant.js';
import type { KernelFactory, KernelRun } from '../registry.js';
import { ConvGeometry, PatchPacker } from './convPlan.js';
import { gemm, rowsPerChunk, StridedPacker, scratchC } from './gemm.js';
import { asNumbers, linalgMode, type NumberArray, storeStrided } from './io.js';
import { wasmConvKernel } from './wasmConv.js';
import { wasmConvFilterGradKernel } from './wasmConvFilterGrad.js';

/** Gathers the kernel into [group][tap][channel][out channel] order, same storage type. */
function gatherKernel<A extends AnyStorageArray>(kernel: A, index: Float64Array): A {
  const out = new (kernel.constructor as new (length: number) => A)(index.length);
  const src = kernel as unknown as { [i: number]: number | bigint };
  const dst = out as unknown as { [i: number]: number | bigint };
  for (let i = 0; i < index.length; i++) dst[i] = src[index[i]!]!;
  return out;
}

function convFloat(
  geo: ConvGeometry,
  dtype: DType,
  input: AnyStorageArray,
  kernel: AnyStorageArray,
  out: NumberArray,
): void {
  const kernelValues = asNumbers(kernel, dtype);
  const weights = new Float64Array(geo.kernelIndex.length);
  for (let i = 0; i < weights.length; i++) weights[i] = kernelValues[geo.kernelIndex[i]!]!;
  const { rows, depth, groupOutChannels: ng, outChannelStride: ocs } = geo;
  const patches = new PatchPacker(geo, asNumbers(input, dtype));
  const w = new StridedPacker(weights, 0, 1, ng);
  const chunk = rowsPerChunk(rows, ng);
  for (let g = 0; g < geo.groups; g++) {
    patches.groupOffset = geo.groupInputOffset[g]!;
    w.offset = g * depth * ng;
    for (let r0 = 0; r0 < rows; r0 += chunk) {
      const count = Math.min(chunk, rows - r0);
      const c = scratchC(count * ng);
      gemm(count, ng, depth, patches, r0, w, c, ng);
      for (let i = 0; i < count; i++) {
        storeStrided(out, dtype, geo.outputBase(r0 + i) + g * ng * ocs, ocs, c, i * ng, ng);
      }
    }
  }
}

function convExact(
  geo: ConvGeometry,
  mode: 'int32' | 'bigint',
  input: AnyStorageArray,
  kernel: AnyStorageArray,
  out: AnyStorageArray,
): void {
  const weights = gatherKernel(kernel, geo.kernelIndex);
  const { rows, depth, taps, groupChannels: cg, groupOutChannels: ng } = geo;
  const cs = geo.inChannelStride;
  const ocs = geo.outChannelStride;
  const tapOffsets = new Float64Array(taps);
  const src32 = input as NumberArray;
  const w32 = weights as NumberArray;
  const src64 = input as BigInt64Array;
  const w64 = weights as BigInt64Array;
  for (let g = 0; g < geo.groups; g++) {
    const wBase = g * depth * ng;
    for (let row = 0; row < rows; row++) {
      const base = geo.rowTaps(row, tapOffsets) + geo.groupInputOffset[g]!;
      const outBase = geo.outputBase(row) + g * ng * ocs;
      for (let j = 0; j < ng; j++) {
        let acc32 = 0;
        let acc64 = 0n;
        for (let t = 0; t < taps; t++) {
          const off = tapOffsets[t]!;
          if (off < 0) continue;
          let s = base + off;
          let wi = wBase + t * cg * ng + j;
          if (mode === 'int32') {
            for (let c = 0; c < cg; c++, s += cs, wi += ng)
              acc32 = (acc32 + Math.imul(src32[s]!, w32[wi]!)) | 0;
          } else {
            for (let c = 0; c < cg; c++, s += cs, wi += ng) acc64 += src64[s]! * w64[wi]!;
          }
        }
        if (mode === 'int32') (out as NumberArray)[outBase + j * ocs] = acc32;
        else (out as BigInt64Array)[outBase + j * ocs] = acc64;
      }
    }
  }
}

/**
 * Builds the convGeneral kernel (XLA semantics: cross-correlation, strides, low/high padding that may be
 * negative, input and kernel dilation, feature and batch groups, any axis layout). Geometry, tap offsets
 * and the kernel gather order are computed at compile time. Floats and 8/16-bit integers gather input
 * patches block by block straight into the packed panels of the float64 GEMM core (an implicit im2col) and
 * round once into the output dtype; 32-bit integers wrap (`Math.imul`), 64-bit integers use bigint.
 */
export const convGeneralKernel: KernelFactory<'convGeneral'> = ({ attrs, inputShapes, outputShapes }) => {
  const outShape = outputShapes[0]!;
  if (activeKernelVariant() === 'wasm') {
    const wasm =
      wasmConvFilterGradKernel(inputShapes[0]!, inputShapes[1]!, outShape, attrs) ??
      wasmConvKernel(inputShapes[0]!, inputShapes[1]!, outShape, attrs);
    if (wasm) return wasm;
  }
  const dtype = outShape.dtype;
  const geo = new ConvGeometry(inputShapes[0]!, inputShapes[1]!, outShape, attrs);
  const mode = linalgMode(dtype);
  const run: KernelRun = (inputs) => {
    const out = allocateStorage(dtype, outShape.size);
    if (out.length === 0 || geo.depth === 0) return [out];
    if (mode === 'float') convFloat(geo, dtype, inputs[0]!, inputs[1]!, out as NumberArray);
    else convExact(geo, mode, inputs[0]!, inputs[1]!, out);
    return [out];
  };
  return run;
};
