// The dotGeneral kernel: a batch of matrix products over strided (or permuted) operand views.
import { type AnyStorageArray, allocateStorage } from '@tsmlx/dtypes';
import { activeKernelVariant } from '../../wasm/variant.js';
import type { KernelFactory, KernelRun } from '../registry.js';
import { permuteCopy, planDot } from './dotPlan.js';
import { dotBigInt, dotInt32 } from './exactDot.js';
import { gemm, rowsPerChunk, StridedPacker, scratchC } from './gemm.js';
import { asNumbers, linalgMode, type NumberArray, storeRun } from './io.js';
import { wasmDotKernel } from './wasmDot.js';

/**
 * Builds the dotGeneral kernel. At compile time the op is reduced to `batch` products of an [M, K] by a
 * [K, N] matrix read in place through strides (an operand is copied first only when its batch, free or
 * contracting axes are not contiguous in memory). Floats and 8/16-bit integers run the blocked float64
 * GEMM (sums accumulate in float64 and are rounded once into the output dtype; half floats are widened
 * to float32 on input); 32-bit integers wrap with `Math.imul`; 64-bit integers use bigint.
 */
export const dotGeneralKernel: KernelFactory<'dotGeneral'> = ({ attrs, inputShapes, outputShapes }) => {
  const [lhsShape, rhsShape] = inputShapes as [(typeof inputShapes)[0], (typeof inputShapes)[0]];
  const outShape = outputShapes[0]!;
  if (activeKernelVariant() === 'wasm') {
    const wasm = wasmDotKernel(lhsShape, rhsShape, outShape, attrs);
    if (wasm) return wasm;
  }
  const dtype = outShape.dtype;
  const plan = planDot(lhsShape, rhsShape, attrs);
  const { batch, m, n, k } = plan;
  const mode = linalgMode(dtype);

  const prepare = (data: AnyStorageArray, dims: readonly number[], perm: readonly number[] | undefined) =>
    perm ? permuteCopy(data, dims, perm) : data;

  const run: KernelRun = (inputs) => {
    const out = allocateStorage(dtype, outShape.size);
    if (out.length === 0 || k === 0) return [out];
    const lhs = prepare(inputs[0]!, lhsShape.dims, plan.lhs.permutation);
    const rhs = prepare(inputs[1]!, rhsShape.dims, plan.rhs.permutation);
    if (mode === 'int32') {
      dotInt32(
        { ...plan.lhs, data: lhs as NumberArray },
        { ...plan.rhs, data: rhs as NumberArray },
        out as Int32Array,
        batch,
        m,
        n,
        k,
      );
      return [out];
    }
    if (mode === 'bigint') {
      dotBigInt(
        { ...plan.lhs, data: lhs as BigInt64Array },
        { ...plan.rhs, data: rhs as BigInt64Array },
        out as BigInt64Array,
        batch,
        m,
        n,
        k,
      );
      return [out];
    }
    const a = new StridedPacker(asNumbers(lhs, dtype), 0, plan.lhs.outerStride, plan.lhs.innerStride);
    const b = new StridedPacker(asNumbers(rhs, dtype), 0, plan.rhs.outerStride, plan.rhs.innerStride);
    const chunk = rowsPerChunk(m, n);
    for (let bi = 0; bi < batch; bi++) {
      a.offset = bi * plan.lhs.batchStride;
      b.offset = bi * plan.rhs.batchStride;
      for (let r0 = 0; r0 < m; r0 += chunk) {
        const rows = Math.min(chunk, m - r0);
        const c = scratchC(rows * n);
        gemm(rows, n, k, a, r0, b, c, n);
        storeRun(out as NumberArray, dtype, (bi * m + r0) * n, c, 0, rows * n);
      }
    }
    return [out];
  };
  return run;
};
