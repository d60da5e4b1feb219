// Generated pooling kernels (reduceWindow max/min/sum, selectAndScatter max/min) over NHWC operands whose
// window sweeps the two middle axes: f32x4 / f64x2 lanes across channels, a scalar tail for the channels
// left over, every geometry constant baked in. This file assembles the module; the pieces live in
// poolConfig.ts (configuration, key), poolCode.ts (extra instructions), poolLane.ts (vector/scalar element
// operations), poolLoops.ts (row/column/tap loops), poolForward.ts (max/min/sum) and poolSelect.ts
// (select-and-scatter).
//
// `run(x, src, out, r0, r1, zp, zn)` handles the flattened output rows r0 ≤ r < r1 (r = batch·oh + i):
// - reductions read `x` and write the pooled rows at `out` (`src`, `zp`, `zn` unused);
// - select-and-scatter first zeroes `zn` bytes at `zp` (the input rows these output rows own, unless every
//   element lies in exactly one window), then, per window, finds the first extreme tap (a NaN wins, later
//   taps never replace a NaN) and writes `src + 0` there and 0 at the window's other taps when windows do
//   not overlap (stride ≥ window: each element receives at most one source value, as in the float64
//   kernel); overlapping windows add the source into a float64 accumulator in window order instead
//   (poolSelectAcc.ts): float64 results accumulate in place (rows r0..r1 must be whole images, zeroed by
//   `zp`/`zn`), float32 ones in a float64 image at `zp` (cleared at each image's first row, rounded into
//   the result after its last; `zn` unused).
// Taps are visited in window order (rows, then columns); padding is never a tap. Max/min use
// compare-and-select, so the first of equal taps (−0 before +0) wins exactly as in the TypeScript kernels;
// sums accumulate in float64 in tap order from +0 and round once, also as there.
import { ModuleBuilder, ValType } from './encoder.js';
import type { PoolConfig } from './poolConfig.js';
import { emitPoolMinMax, emitPoolSum } from './poolForward.js';
import type { Lane } from './poolLane.js';
import { PoolEmitter } from './poolLoops.js';
import { emitPoolSelect } from './poolSelect.js';
import { emitPoolSelectAcc } from './poolSelectAcc.js';

export {
  type PoolConfig,
  type PoolFunction,
  type PoolKind,
  poolKey,
  poolWindowsInside,
} from './poolConfig.js';

/** One channel step of the configuration's computation. */
function emitChannel(g: PoolEmitter, lane: Lane, off: number, looped: boolean): void {
  if (g.cfg.kind === 'sum') emitPoolSum(g, lane, off, looped);
  else if (g.overlap) emitPoolSelectAcc(g, lane, off, looped);
  else if (g.select) emitPoolSelect(g, lane, off, looped);
  else emitPoolMinMax(g, lane, off, looped);
}

/** Builds the binary of a pooling module importing `env.memory` with the given limits. */
export function buildPoolModule(
  cfg: PoolConfig,
  memory: { initial: number; maximum: number; shared: boolean },
): Uint8Array<ArrayBuffer> {
  const gen = new PoolEmitter(cfg);
  const m = new ModuleBuilder().importMemory({ module: 'env', name: 'memory', ...memory });
  const code = gen.emit(emitChannel);
  m.addFunction({
    params: new Array<ValType>(7).fill(ValType.i32),
    results: [],
    locals: gen.locals,
    code,
    exportName: 'run',
  });
  return m.build();
}
