import type { Instruction, Program } from '@tsmlx/backends';
import type { AnyStorageArray, DType } from '@tsmlx/dtypes';
import { compileLoop } from '../kernels/elementwise/codegen.js';
import { EXPRESSION_OPS, elementExpression } from '../kernels/elementwise/expressions.js';
import { typeInfo } from '../kernels/elementwise/typeInfo.js';
import { wasmChainFor } from '../kernels/elementwise/wasmChain.js';
import type { KernelRun } from '../kernels/registry.js';
import { acquireStorage } from '../storagePool.js';
import { threadedLoop } from '../threads/loops.js';
import { activeKernelVariant } from '../wasm/variant.js';
import { foldDotTransposes } from './dotTranspose.js';
import {
  type GroupContext,
  groupExternals,
  groupResults,
  growGroup,
  withSiblingOutputs,
} from './fusionGroups.js';

// Elementwise fusion: groups of unary/binary/comparison/convertDType instructions over operands of one
// element count, whose intermediate values are used only inside the group and are not program outputs,
// become one step with one generated loop. Each intermediate goes through its dtype's `wrap` (Math.fround
// for float32, |0 for int32, …), exactly what storing and reloading it would do, so a fused step gives
// the same bits as the unfused kernels (NaN payloads aside).
//
// A `broadcastInDim` that repeats its operand (a one-element value, or one filling the trailing axes: a
// bias over the channels) read by a group is folded into it: the group reads element `i mod p` of the
// operand (a one-element value once, before the loop) instead of a materialized full-size copy, and the
// broadcast is dropped when nothing else reads it. A single instruction reading one is a group of its own.

/** A step replacing a fused group, placed where the group's last instruction was. */
export interface FusedStep {
  /** `fused(op+op+…)`. */
  readonly label: string;
  /** The generated kernel. */
  readonly run: KernelRun;
  /** Value ids read (the group's external inputs). */
  readonly operands: readonly number[];
  /** Value ids written (the last instruction's result). */
  readonly outputs: readonly number[];
}

/** Result of {@link planFusion}. */
export interface FusionPlan {
  /** Fused step to run in place of each group's last instruction. */
  readonly steps: ReadonlyMap<Instruction, FusedStep>;
  /** Instructions folded into a fused step (not run on their own). */
  readonly absorbed: ReadonlySet<Instruction>;
}

const fusibleOps = new Set<string>([...EXPRESSION_OPS, 'where']);

/** Value dtypes `where` (select) is fused for: decoding and re-encoding them keeps every bit but NaN payloads. */
const whereDTypes = new Set<string>(['float32', 'float64', 'int32']);

/** The raw element expression of a fusible op ({@link elementExpression}, plus `where` on one-bit conditions). */
function fusedExpression(
  op: Instruction['op'],
  attrs: unknown,
  dtypes: readonly DType[],
  names: readonly string[],
): string | undefined {
  if (op !== 'where') return elementExpression(op, attrs, dtypes, names);
  const [c, a, b] = dtypes;
  if (c !== 'bool' || a !== b || !whereDTypes.has(a!)) return undefined;
  return `(${names[0]} !== 0 ? ${names[1]} : ${names[2]})`;
}

type Loop = (inputs: readonly AnyStorageArray[], out: AnyStorageArray, n: number) => void;

function isCandidate(program: Program, instruction: Instruction): boolean {
  if (!fusibleOps.has(instruction.op) || instruction.outputs.length !== 1) return false;
  const out = instruction.shapes[0]!;
  if (!typeInfo(out.dtype)) return false;
  const shapes = instruction.operands.map((id) => program.valueShapes[id]!);
  if (shapes.some((s) => s.size !== out.size || !typeInfo(s.dtype))) return false;
  const names = shapes.map((_s, i) => `v${i}`);
  return (
    fusedExpression(
      instruction.op,
      instruction.attrs,
      shapes.map((s) => s.dtype),
      names,
    ) !== undefined
  );
}

/** Largest repeated operand folded (a power of two: it divides the chunks of the wasm chains). */
const MAX_PERIOD = 4096;

/** Whether `b` repeats its operand: one element, or the result's trailing dims (size a power of two). */
function isRepeat(program: Program, b: Instruction<'broadcastInDim'>): boolean {
  const operand = program.valueShapes[b.operands[0]!]!;
  const out = b.shapes[0]!;
  if (!typeInfo(operand.dtype)) return false;
  if (operand.size === 1) return true;
  const p = operand.size;
  if (p > MAX_PERIOD || (p & (p - 1)) !== 0) return false;
  // The trailing result axes the operand fills whole; every other axis it maps has size 1.
  const mapped = new Map(b.attrs.axesMapping.map((axis, i) => [axis, operand.dims[i]!]));
  let a = out.rank - 1;
  let filled = 1;
  for (; a >= 0; a--) {
    if (out.dims[a] === 1) continue;
    if (mapped.get(a) !== out.dims[a]) break;
    filled *= out.dims[a]!;
  }
  for (let axis = 0; axis <= a; axis++) {
    const d = mapped.get(axis);
    if (d !== undefined && d !== 1) return false;
  }
  return filled === p;
}

/** Repeating broadcasts of `program`: the output id of each (see {@link isRepeat}) → its operand's id. */
function repeatBroadcasts(program: Program): Map<number, number> {
  const alias = new Map<number, number>();
  for (const instruction of program.instructions) {
    if (instruction.op !== 'broadcastInDim') continue;
    if (isRepeat(program, instruction as Instruction<'broadcastInDim'>)) {
      alias.set(instruction.outputs[0]!, instruction.operands[0]!);
    }
  }
  return alias;
}

/** Finds the fusible groups of a program (at least two instructions each) and generates their steps. */
export function planFusion(program: Program): FusionPlan {
  const { instructions } = program;
  const definer = new Map<number, number>();
  const users = new Map<number, number[]>();
  instructions.forEach((instruction, index) => {
    for (const id of instruction.outputs) definer.set(id, index);
    for (const id of instruction.operands) {
      const list = users.get(id) ?? [];
      list.push(index);
      users.set(id, list);
    }
  });
  const outputs = new Set(program.outputs);
  const candidate = instructions.map((instruction) => isCandidate(program, instruction));
  const assigned = new Uint8Array(instructions.length);
  const steps = new Map<Instruction, FusedStep>();
  const absorbed = new Set<Instruction>();
  const alias = repeatBroadcasts(program);
  const fusedMembers = new Set<number>();
  // Several results per group: only where the group runs as a wasm chain (fusionGroups.ts).
  const multiOutput = activeKernelVariant() === 'wasm';

  const context: GroupContext = { program, definer, users, outputs, candidate, assigned, alias };
  for (let root = instructions.length - 1; root >= 0; root--) {
    if (!candidate[root] || assigned[root]) continue;
    let group = growGroup(context, root, new Set<number>([root]));
    if (multiOutput) group = withSiblingOutputs(context, root, group);
    for (const member of group) assigned[member] = 1;
    if (group.size < 2 && !instructions[root]!.operands.some((id) => alias.has(id))) continue;
    const members = [...group].sort((a, b) => a - b).map((index) => instructions[index]!);
    const results = groupResults(context, group, root);
    steps.set(instructions[root]!, fusedStep(program, members, alias, results));
    for (const member of members.slice(0, -1)) absorbed.add(member);
    for (const member of group) fusedMembers.add(member);
  }
  // Transposed matrix products computed directly (plan/dotTranspose.ts).
  const transposes = foldDotTransposes(program);
  for (const [instruction, step] of transposes.steps) steps.set(instruction, step);
  for (const instruction of transposes.absorbed) absorbed.add(instruction);
  // Repeating broadcasts read only by fused steps (which read the operand itself) are not run.
  instructions.forEach((instruction) => {
    const id = instruction.outputs[0]!;
    if (instruction.op !== 'broadcastInDim' || !alias.has(id) || outputs.has(id)) return;
    const readers = users.get(id) ?? [];
    if (readers.every((user) => fusedMembers.has(user))) absorbed.add(instruction);
  });
  return { steps, absorbed };
}

/**
 * Generates the single loop of a group (members in execution order, the last one is the root) writing the
 * results of `results` (member indices in the program, root last; several only for wasm chains).
 */
function fusedStep(
  program: Program,
  members: readonly Instruction[],
  alias: ReadonlyMap<number, number>,
  results: readonly number[],
): FusedStep {
  const internalIds = members.map((m) => m.outputs[0]!);
  const internal = new Set(internalIds);
  // Operands that are repeating broadcasts read the repeated operand itself.
  const source = (id: number) => alias.get(id) ?? id;
  const external = groupExternals(members, alias);
  const root = members[members.length - 1]!;
  const resultMembers = results.map((index) => program.instructions[index]!);
  const outputs = resultMembers.map((m) => m.outputs[0]!);
  const shape = root.shapes[0]!;
  const n = shape.size;
  const label = `fused(${members.map((m) => m.op).join('+')})`;
  // WebAssembly SIMD for float32/float64 chains of the ops it has, where it is faster. It reads arena
  // operands in place and splits the work across the backend's threads itself.
  const wasm = wasmChainFor(program, members, external, n, alias, resultMembers);
  if (wasm) return { label, run: wasm.kernel(), operands: external, outputs };
  if (outputs.length > 1) throw new Error(`fusion: ${label} has several results but no wasm chain`);
  // Externals smaller than the loop repeat (a power-of-two period); one-element ones are read before it.
  const period = external.map((id) => {
    const size = program.valueShapes[id]!.size;
    return size < n ? size : 0;
  });
  // Names depend only on positions, so identical chains share one compiled loop.
  const name = (id: number) =>
    internal.has(id) ? `t${internalIds.indexOf(id)}` : `e${external.indexOf(source(id))}`;
  const hoisted: string[] = [];
  const lines: string[] = [];
  external.forEach((id, k) => {
    const t = typeInfo(program.valueShapes[id]!.dtype)!;
    const p = period[k]!;
    if (p === 1) hoisted.push(`const e${k} = ${t.decode(`x${k}[0]`)};`);
    else lines.push(`const e${k} = ${t.decode(p > 1 ? `x${k}[i & ${p - 1}]` : `x${k}[i]`)};`);
  });
  members.forEach((m, k) => {
    const dtypes = m.operands.map((id) => program.valueShapes[id]!.dtype);
    const raw = fusedExpression(m.op, m.attrs, dtypes, m.operands.map(name))!;
    const out = typeInfo(m.shapes[0]!.dtype)!;
    lines.push(m === root ? `out[i] = ${out.encode(raw)};` : `const t${k} = ${out.wrap(raw)};`);
  });
  const header = [...external.map((_id, k) => `const x${k} = inputs[${k}];`), ...hoisted].join('\n');
  const body = `${header}\nfor (let i = 0; i < n; i++) {\n${lines.join('\n')}\n}`;
  const repeats = period.some((p) => p > 0);
  const loop = compileLoop<Loop>(['inputs', 'out', 'n'], body);
  const parallel = repeats ? undefined : threadedLoop(body, shape.dtype, n);
  return {
    label,
    run: (inputs) => {
      const out = acquireStorage(shape.dtype, n);
      if (!parallel?.(inputs, out)) loop(inputs, out, n);
      return [out];
    },
    operands: external,
    outputs,
  };
}
