import type { Instruction, OpName } from '@tsmlx/backends';
import type { Emitter } from '../emitter.js';
import type { Val } from '../printer.js';

/**
 * Lowers one instruction of op `N`: emits StableHLO into `e` from the operand values and returns one value
 * per instruction output (shapes equal to `instr.shapes`).
 */
export type Lowering<N extends OpName = OpName> = (
  e: Emitter,
  instr: Instruction<N>,
  operands: Val[],
) => Val[];

/** Lowerings keyed by op name. */
export type LoweringTable = { readonly [N in OpName]?: Lowering<N> };
