import type { Instruction, Program } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import { compileLoop } from '../kernels/elementwise/codegen.js';
import { EXPRESSION_OPS, elementExpression } from '../kernels/elementwise/expressions.js';
import { typeInfo } from '../kernels/elementwise/typeInfo.js';
import { wasmChainFor } from '../kernels/elementwise/wasmChain.js';
import type { KernelRun } from '../kernels/registry.js';
import { acquireStorage } from '../storagePool.js';
import { threadedChainKernel, threadedLoop } from '../threads/loops.js';

// Elementwise fusion: groups of unary/binary/comparison/convertDType instructions over operands of one
// element count, whose intermediate values are used only inside the group and are not program outputs,
// become one step with one generated loop. Each intermediate goes through its dtype's `wrap` (Math.fround
// for float32, |0 for int32, …), exactly what storing and reloading it would do, so a fused step gives
// the same bits as the unfused kernels (NaN payloads aside).

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

const fusibleOps = new Set<string>(EXPRESSION_OPS);

type Loop = (inputs: readonly AnyStorageArray[], out: AnyStorageArray, n: number) => void;

function isCandidate(program: Program, instruction: Instruction): boolean {
  if (!fusibleOps.has(instruction.op) || instruction.outputs.length !== 1) return false;
  const out = instruction.shapes[0]!;
  if (!typeInfo(out.dtype)) return false;
  const shapes = instruction.operands.map((id) => program.valueShapes[id]!);
  if (shapes.some((s) => s.size !== out.size || !typeInfo(s.dtype))) return false;
  const names = shapes.map((_s, i) => `v${i}`);
  return (
    elementExpression(
      instruction.op,
      instruction.attrs,
      shapes.map((s) => s.dtype),
      names,
    ) !== undefined
  );
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

  for (let root = instructions.length - 1; root >= 0; root--) {
    if (!candidate[root] || assigned[root]) continue;
    const size = instructions[root]!.shapes[0]!.size;
    const group = new Set<number>([root]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const member of [...group]) {
        for (const id of instructions[member]!.operands) {
          const producer = definer.get(id);
          if (producer === undefined || group.has(producer) || assigned[producer] || !candidate[producer])
            continue;
          if (outputs.has(id) || instructions[producer]!.shapes[0]!.size !== size) continue;
          if (!(users.get(id) ?? []).every((user) => group.has(user))) continue;
          group.add(producer);
          grew = true;
        }
      }
    }
    for (const member of group) assigned[member] = 1;
    if (group.size < 2) continue;
    const members = [...group].sort((a, b) => a - b).map((index) => instructions[index]!);
    steps.set(instructions[root]!, fusedStep(program, members));
    for (const member of members.slice(0, -1)) absorbed.add(member);
  }
  return { steps, absorbed };
}

/** Generates the single loop of a group (members in execution order, the last one is the result). */
function fusedStep(program: Program, members: readonly Instruction[]): FusedStep {
  const internalIds = members.map((m) => m.outputs[0]!);
  const internal = new Set(internalIds);
  const external: number[] = [];
  for (const m of members) {
    for (const id of m.operands) if (!internal.has(id) && !external.includes(id)) external.push(id);
  }
  // Names depend only on positions, so identical chains share one compiled loop.
  const name = (id: number) =>
    internal.has(id) ? `t${internalIds.indexOf(id)}` : `e${external.indexOf(id)}`;
  const lines = external.map((id, k) => {
    const t = typeInfo(program.valueShapes[id]!.dtype)!;
    return `const e${k} = ${t.decode(`x${k}[i]`)};`;
  });
  const root = members[members.length - 1]!;
  members.forEach((m, k) => {
    const dtypes = m.operands.map((id) => program.valueShapes[id]!.dtype);
    const raw = elementExpression(m.op, m.attrs, dtypes, m.operands.map(name))!;
    const out = typeInfo(m.shapes[0]!.dtype)!;
    lines.push(m === root ? `out[i] = ${out.encode(raw)};` : `const t${k} = ${out.wrap(raw)};`);
  });
  const header = external.map((_id, k) => `const x${k} = inputs[${k}];`).join('\n');
  const body = `${header}\nfor (let i = 0; i < n; i++) {\n${lines.join('\n')}\n}`;
  const shape = root.shapes[0]!;
  const n = shape.size;
  const label = `fused(${members.map((m) => m.op).join('+')})`;
  // WebAssembly SIMD for float32/float64 chains of the ops it has, where it is faster.
  const wasm = wasmChainFor(program, members, external, n);
  if (wasm) {
    // Multi-threaded backends split the chain across workers (threads/loops.ts).
    const run = wasm.kernel();
    return {
      label,
      run: threadedChainKernel(wasm.spec, n, run) ?? run,
      operands: external,
      outputs: root.outputs,
    };
  }
  const loop = compileLoop<Loop>(['inputs', 'out', 'n'], body);
  const parallel = threadedLoop(body, shape.dtype, n);
  return {
    label,
    run: (inputs) => {
      const out = acquireStorage(shape.dtype, n);
      if (!parallel?.(inputs, out)) loop(inputs, out, n);
      return [out];
    },
    operands: external,
    outputs: root.outputs,
  };
}
