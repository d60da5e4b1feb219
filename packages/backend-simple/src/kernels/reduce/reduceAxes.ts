import type { OpName } from '@tsmlx/backends';
import { activeKernelVariant } from '../../wasm/variant.js';
import type { KernelRun, KernelSpec } from '../registry.js';
import { Accumulation, type Combination } from './accumulation.js';
import { reductionLayout, runReduction } from './layout.js';
import { float32Sum } from './sumFloat32.js';
import { wasmReduceKernel } from './wasmReduce.js';

/** The reductions over a set of axes. */
export type AxesReductionOp = Extract<
  OpName,
  | 'reduceSum'
  | 'reduceProduct'
  | 'reduceMax'
  | 'reduceMin'
  | 'reduceBitwiseAnd'
  | 'reduceBitwiseOr'
  | 'reduceBitwiseXor'
  | 'reduceLogicalAnd'
  | 'reduceLogicalOr'
  | 'reduceLogicalXor'
>;

/** The combination each reduction applies. */
export const AXES_REDUCTIONS: Readonly<Record<AxesReductionOp, Combination>> = {
  reduceSum: 'sum',
  reduceProduct: 'product',
  reduceMax: 'max',
  reduceMin: 'min',
  reduceBitwiseAnd: 'and',
  reduceBitwiseOr: 'or',
  reduceBitwiseXor: 'xor',
  reduceLogicalAnd: 'and',
  reduceLogicalOr: 'or',
  reduceLogicalXor: 'xor',
};

/**
 * Kernel of the reductions over `attrs.axes`: one strided row-major pass over the operand accumulating into
 * the result (see {@link runReduction}); empty reductions give the identity. Float sums and products
 * accumulate in float64 and round once (float32 sums are within one float32 rounding of the exact sum for
 * any realistic length: the float64 error is at most `(n − 1)·2⁻⁵³·Σ|xᵢ|`); integer sums and products wrap
 * modulo 2ⁿ; max/min propagate NaN. With the wasm kernel variant, float32/float64 sums, products, maxima and
 * minima over column or row layouts run as WebAssembly SIMD kernels (see {@link wasmReduceKernel}).
 */
export function reduceAxesKernel(spec: KernelSpec<AxesReductionOp>): KernelRun {
  const x = spec.inputShapes[0]!;
  const out = spec.outputShapes[0]!;
  const accumulation = new Accumulation(x.dtype, AXES_REDUCTIONS[spec.op], out.size);
  const layout = reductionLayout(x.dims, spec.attrs.axes);
  if (activeKernelVariant() === 'wasm' && out.size > 0) {
    const wasm = wasmReduceKernel(layout, x.dtype, AXES_REDUCTIONS[spec.op]);
    if (wasm) return wasm;
  }
  const fast = spec.op === 'reduceSum' && x.dtype === 'float32' ? float32Sum(layout) : undefined;
  if (fast) return fast;
  return (inputs) => {
    const acc = accumulation.start();
    if (layout.inputSize > 0 && out.size > 0) {
      runReduction(layout, accumulation.kit, accumulation.input(inputs[0]!), acc);
    }
    return [accumulation.finish(acc)];
  };
}
