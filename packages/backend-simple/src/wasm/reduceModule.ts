// Generated reductions over float32 or float64 elements: sums and products accumulated in float64 (f64x2
// lanes; float32 elements are widened exactly), maxima and minima in the element type (f32x4/f64x2).
// This file assembles the module; the pieces live in reduceSpec.ts (spec, key, identities),
// reduceEmitter.ts (fold primitives), reduceColumns.ts (`rk`) and reduceRows.ts (`kr`).
//
// Two exports, both reading elements at byte addresses of the imported memory:
// - `rk(x, acc, r, cols, ldx, rb)`: column reduction of an `[r, cols]` matrix whose rows are `ldx` bytes
//   apart: `acc[c] = acc[c] ⊕ x[0, c] ⊕ x[1, c] ⊕ … ⊕ x[r−1, c]`, folded row by row in order, so each
//   column's result is the same as a sequential loop's, bit for bit. Columns are processed in chunks of up
//   to 8 accumulator vectors kept in registers, over blocks of `rb` rows (a block stays in L1 across the
//   chunks).
// - `kr(x, out, rows, len)`: row reduction of `rows` contiguous rows of `len` elements each: `out[i]` is
//   the fold of row `i` over 8 vector accumulators (element `j` goes to the lane/accumulator fixed by
//   `j mod (8·lanes)`), combined in a fixed tree, then the remaining elements in order. The order depends
//   only on `len`. A max/min result of zero takes the sign of the row's first zero, so results equal the
//   sequential fold's.
// Max/min fold `s = (v > s || v ≠ v) ? v : s` (NaN taken, ties keep the earlier value), as the TypeScript
// kernels do.
import { ModuleBuilder, ValType } from './encoder.js';
import { buildRk, RK_PARAMS, rkLocals } from './reduceColumns.js';
import { Emitter } from './reduceEmitter.js';
import { buildKr, KR_PARAMS, krLocals } from './reduceRows.js';
import { accumulatorBytes, type ReduceModuleSpec } from './reduceSpec.js';
import { SimdCode } from './simdCode.js';

export {
  accumulatorBytes,
  isWide,
  type KrFunction,
  type ReduceCombination,
  type ReduceLane,
  type ReduceModuleSpec,
  type RkFunction,
  reduceIdentity,
  reduceModuleKey,
} from './reduceSpec.js';

/** Builds the binary of a reduction module importing `env.memory` with the given limits. */
export function buildReduceModule(
  spec: ReduceModuleSpec,
  memory: { initial: number; maximum: number; shared: boolean },
): Uint8Array<ArrayBuffer> {
  const accType = accumulatorBytes(spec) === 8 ? ValType.f64 : ValType.f32;
  const m = new ModuleBuilder().importMemory({ module: 'env', name: 'memory', ...memory });
  const rk = new SimdCode();
  buildRk(new Emitter(rk, spec));
  m.addFunction({
    params: new Array<ValType>(RK_PARAMS).fill(ValType.i32),
    results: [],
    locals: rkLocals(accType),
    code: rk,
    exportName: 'rk',
  });
  const kr = new SimdCode();
  buildKr(new Emitter(kr, spec));
  m.addFunction({
    params: new Array<ValType>(KR_PARAMS).fill(ValType.i32),
    results: [],
    locals: krLocals(accType),
    code: kr,
    exportName: 'kr',
  });
  return m.build();
}
