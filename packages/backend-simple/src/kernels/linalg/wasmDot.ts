// The WebAssembly SIMD variant of dotGeneral for float32: the same plan as the TS kernel, products on
// the generated float32 GEMM (accumulation in float32, as XLA's CPU backend does).
import type { OpAttrs } from '@tsmlx/backends';
import type { Shape } from '@tsmlx/shapes';
import { acquireStorage } from '../../storagePool.js';
import type { KernelRun } from '../registry.js';
import { type DotPlan, permuteCopy, planDot } from './dotPlan.js';
import { StridedPacker32, WasmGemm } from './wasmGemm.js';
import { GEMV_MAX_ROWS, WasmGemv } from './wasmGemv.js';

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
  if (m >= 1 && m <= GEMV_MAX_ROWS && n >= 1 && k >= 1 && isRowMajorKN(plan.rhs, n, k)) {
    return gemvKernel(lhsShape, outShape, plan);
  }
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

/** Whether the rhs view reads W[K, N] row-major in place (so the GEMV can stream it unpacked). */
function isRowMajorKN(view: DotPlan['rhs'], n: number, k: number): boolean {
  return (
    view.permutation === undefined &&
    (view.outerStride === 1 || n === 1) &&
    (view.innerStride === n || k === 1)
  );
}

/** The small-M kernel: every batch entry is one unpacked {@link WasmGemv} product. */
function gemvKernel(lhsShape: Shape, outShape: Shape, plan: DotPlan): KernelRun {
  const { batch, m, n, k } = plan;
  const gemv = new WasmGemv(m, k, n);
  const { permutation, batchStride, outerStride, innerStride } = plan.lhs;
  return (inputs) => {
    const out = acquireStorage('float32', outShape.size) as Float32Array;
    const lhs = permutation
      ? permuteCopy(inputs[0] as Float32Array, lhsShape.dims, permutation)
      : (inputs[0] as Float32Array);
    const rhs = inputs[1] as Float32Array;
    for (let bi = 0; bi < batch; bi++) {
      gemv.run(
        lhs,
        bi * batchStride,
        outerStride,
        innerStride,
        rhs,
        bi * plan.rhs.batchStride,
        out,
        bi * m * n,
      );
    }
    return [out];
  };
}
