import type { OpName } from '@tsmlx/backends';
import { controlLowerings } from './control.js';
import { elementwiseLowerings } from './elementwise.js';
import { gatherLowerings } from './gather.js';
import { linalgLowerings } from './linalg.js';
import { reduceLowerings } from './reduce.js';
import { rngLowerings } from './rng.js';
import { shapeLowerings } from './shape.js';
import type { LoweringTable } from './types.js';
import { windowLowerings } from './window.js';

/** Every lowering, keyed by op name. */
export const LOWERINGS: LoweringTable = Object.freeze({
  ...shapeLowerings,
  ...elementwiseLowerings,
  ...reduceLowerings,
  ...windowLowerings,
  ...linalgLowerings,
  ...gatherLowerings,
  ...rngLowerings,
  ...controlLowerings,
});

/**
 * The exact set of op-table ops the StableHLO emitter lowers (the XLA backend's capabilities).
 *
 * @example
 * ```ts
 * XLA_CAPABLE_OPS.has('dotGeneral'); // true
 * ```
 */
export const XLA_CAPABLE_OPS: ReadonlySet<OpName> = new Set(Object.keys(LOWERINGS) as OpName[]);
