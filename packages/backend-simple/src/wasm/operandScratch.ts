// The arena block that single-thread kernels copy their operands into (inputs, index tables, results).
import { ArenaScratch, type WasmArena } from './arena.js';

const scratches = new WeakMap<WasmArena, ArenaScratch>();

/**
 * The operand scratch block of an arena, shared by the kernels that run on it one at a time (distinct from
 * the GEMM's packing scratch, so a kernel can hold operands here while the GEMM packs). Valid only until
 * the next `reserve`.
 */
export function operandScratch(arena: WasmArena): ArenaScratch {
  let s = scratches.get(arena);
  if (!s) {
    s = new ArenaScratch(arena);
    scratches.set(arena, s);
  }
  return s;
}

/** Rounds a byte count up to a multiple of 64 (the arena's alignment). */
export function align64(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}
