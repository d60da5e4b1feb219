// The WebAssembly SIMD variant of dotGeneral for float32: the same plan as the TS kernel, products on
// the generated float32 GEMM (accumulation in float32, as XLA's CPU backend does).
import type { OpAttrs } from '@tsmlx/backends';
import type { Shape } from '@tsmlx/shapes';
import { acquireStorage } from '../../storagePool.js';
import type { KernelRun } from '../registry.js';
import { permuteCopy, planDot } from './dotPlan.js';
import { StridedPacker32, WasmGemm } from './wasmGemm.js';

/** Where the GEMM may write C in place (multi-threaded runs, outputs in the shared arena). */
interface MutableDirect {
  array: Float32Array;
  offset: number;
  ld: number;
}

/**
 * Builds the float32 dotGeneral kernel on WebAssembly SIMD, or returns undefined when the op is not
 * float32 (the caller then builds the TS kernel).
 */
export function wasmDotKernel(
  lhsShape: Shape,
  rhsShape: Shape,
  outShape: Shape,
  attrs: OpAttrs['dotGeneral'],
): KernelRun | undefined {
  if (outShape.dtype !== 'float32' || lhsShape.dtype !== 'float32') return undefined;
  const plan = planDot(lhsShape, rhsShape, attrs);
  const { batch, m, n, k } = plan;
  const gemm = new WasmGemm();
  const a = new StridedPacker32(new Float32Array(0), 0, plan.lhs.outerStride, plan.lhs.innerStride);
  const b = new StridedPacker32(new Float32Array(0), 0, plan.rhs.outerStride, plan.rhs.innerStride);
  let out: Float32Array = new Float32Array(0);
  let outBase = 0;
  const store = (r0: number, count: number, c: Float32Array, cOff: number, ldc: number) => {
    const o = outBase + r0 * n;
    if (ldc === n) {
      out.set(c.subarray(cOff, cOff + count * n), o);
      return;
    }
    for (let i = 0; i < count; i++) {
      const s = cOff + i * ldc;
      const d = o + i * n;
      if (n >= 32) out.set(c.subarray(s, s + n), d);
      else for (let j = 0; j < n; j++) out[d + j] = c[s + j]!;
    }
  };
  const direct: MutableDirect = { array: out, offset: 0, ld: n };
  return (inputs) => {
    out = acquireStorage('float32', outShape.size) as Float32Array;
    if (out.length === 0) return [out];
    if (k === 0) return [out.fill(0)];
    const lhs = inputs[0] as Float32Array;
    const rhs = inputs[1] as Float32Array;
    a.src = plan.lhs.permutation ? permuteCopy(lhs, lhsShape.dims, plan.lhs.permutation) : lhs;
    b.src = plan.rhs.permutation ? permuteCopy(rhs, rhsShape.dims, plan.rhs.permutation) : rhs;
    for (let bi = 0; bi < batch; bi++) {
      a.offset = bi * plan.lhs.batchStride;
      b.offset = bi * plan.rhs.batchStride;
      outBase = bi * m * n;
      direct.array = out;
      direct.offset = outBase;
      gemm.run(m, n, k, a, 0, b, store, direct);
    }
    const result = out;
    out = new Float32Array(0);
    direct.array = out;
    a.src = result.subarray(0, 0);
    b.src = a.src;
    return [result];
  };
}
