import type { Instruction, Program } from '@tsmlx/backends';
import { chainOf, isThreadableChain, WASM_CHAIN_MIN_ELEMENTS } from '../kernels/elementwise/wasmChain.js';

// How fused groups grow (plan/fusion.ts). A group starts at its root (the instruction it is run in place
// of) and takes in the producers of its operands whose results only the group reads: one result.
//
// Multi-output groups (wasm chains only): a producer whose result is also read outside the group (or is a
// program output) joins as an extra result when every outside reader comes after the root, where the
// fused step runs, so every value is still computed before it is read. Siblings reading the same inputs
// (Adam's m, v and parameter updates; a bias add whose sum the ReLU after it and the backward pass both
// read) then run as one loop writing several arrays, reading their shared inputs once.

/** What growing a group needs to know about the program. */
export interface GroupContext {
  /** The program. */
  readonly program: Program;
  /** Index of the instruction defining each value id. */
  readonly definer: ReadonlyMap<number, number>;
  /** Indices of the instructions reading each value id. */
  readonly users: ReadonlyMap<number, readonly number[]>;
  /** Program output ids. */
  readonly outputs: ReadonlySet<number>;
  /** Whether each instruction may be fused. */
  readonly candidate: readonly boolean[];
  /** Instructions already in a group (1). */
  readonly assigned: Uint8Array;
  /** Repeating broadcasts folded into groups: output id → operand id. */
  readonly alias: ReadonlyMap<number, number>;
}

/** The producer of `id` when it can join a group of `size`-element results. */
function joinable(context: GroupContext, group: ReadonlySet<number>, id: number, size: number) {
  const producer = context.definer.get(id);
  if (producer === undefined || group.has(producer) || context.assigned[producer]) return undefined;
  if (!context.candidate[producer]) return undefined;
  return context.program.instructions[producer]!.shapes[0]!.size === size ? producer : undefined;
}

/** Adds to `group` (in place) the producers of its operands read only inside it; returns it. */
export function growGroup(context: GroupContext, root: number, group: Set<number>): Set<number> {
  const { instructions } = context.program;
  const size = instructions[root]!.shapes[0]!.size;
  for (let grew = true; grew; ) {
    grew = false;
    for (const member of [...group]) {
      for (const id of instructions[member]!.operands) {
        const producer = joinable(context, group, id, size);
        if (producer === undefined || context.outputs.has(id)) continue;
        if (!(context.users.get(id) ?? []).every((user) => group.has(user))) continue;
        group.add(producer);
        grew = true;
      }
    }
  }
  return group;
}

/** The members of `group` whose results are read outside it (or are program outputs), root last. */
export function groupResults(context: GroupContext, group: ReadonlySet<number>, root: number): number[] {
  const { instructions } = context.program;
  const results = [...group]
    .filter((member) => {
      if (member === root) return false;
      const id = instructions[member]!.outputs[0]!;
      return context.outputs.has(id) || (context.users.get(id) ?? []).some((user) => !group.has(user));
    })
    .sort((a, b) => a - b);
  return [...results, root];
}

/** The value ids a group reads from outside (repeating broadcasts replaced by their operands), in order. */
export function groupExternals(
  members: readonly Instruction[],
  alias: ReadonlyMap<number, number>,
): number[] {
  const internal = new Set(members.map((m) => m.outputs[0]!));
  const external: number[] = [];
  for (const m of members) {
    for (const id of m.operands) {
      const source = alias.get(id) ?? id;
      if (!internal.has(id) && !external.includes(source)) external.push(source);
    }
  }
  return external;
}

/**
 * Whether `group` runs as one wasm chain writing `results`. Extra results must keep it splittable across
 * threads (its pointers fit a task); a single result need not.
 */
function isWasmChain(context: GroupContext, group: ReadonlySet<number>, results: readonly number[]): boolean {
  const { instructions } = context.program;
  const members = [...group].sort((a, b) => a - b).map((index) => instructions[index]!);
  const external = groupExternals(members, context.alias);
  const outs = results.map((index) => instructions[index]!);
  const spec = chainOf(context.program, members, external, context.alias, outs);
  return spec !== undefined && (results.length === 1 || isThreadableChain(spec));
}

/**
 * Extends a wasm-chain group with producers whose results are also read after the root (they become
 * extra results), one at a time, as long as the group stays one wasm chain; returns the group.
 */
export function withSiblingOutputs(context: GroupContext, root: number, group: Set<number>): Set<number> {
  const { instructions } = context.program;
  const size = instructions[root]!.shapes[0]!.size;
  if (size < WASM_CHAIN_MIN_ELEMENTS || !isWasmChain(context, group, [root])) return group;
  for (let grew = true; grew; ) {
    grew = false;
    for (const member of [...group]) {
      for (const id of instructions[member]!.operands) {
        const producer = joinable(context, group, id, size);
        if (producer === undefined) continue;
        const outside = (context.users.get(id) ?? []).filter((user) => !group.has(user));
        if (!outside.every((user) => user > root)) continue;
        const trial = growGroup(context, root, new Set([...group, producer]));
        if (!isWasmChain(context, trial, groupResults(context, trial, root))) continue;
        group = trial;
        grew = true;
        break;
      }
      if (grew) break;
    }
  }
  return group;
}
