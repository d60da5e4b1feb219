import { type Instruction, OpError, type Program, UnsupportedError } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import { type CompiledSubProgram, type KernelRun, kernelFor } from '../kernels/registry.js';

/** One step of a plan: a prepared kernel with the slots it reads and writes. */
export interface PlanStep {
  /** The op (or `fused` for fused chains), for profiling and errors. */
  readonly label: string;
  /** The prepared kernel. */
  readonly run: KernelRun;
  /** Slots read. */
  readonly operands: readonly number[];
  /** Slots written. */
  readonly outputs: readonly number[];
  /** Slots whose last use is this step: dropped right after it. */
  readonly release: readonly number[];
}

/** A compiled program: steps in execution order over numbered value slots. */
export class Plan implements CompiledSubProgram {
  constructor(
    /** Program compiled. */
    readonly program: Program,
    /** Steps in order. */
    readonly steps: readonly PlanStep[],
    /** Constant values, preset in their slots. */
    private readonly constants: ReadonlyMap<number, AnyStorageArray>,
  ) {}

  run(inputs: readonly AnyStorageArray[]): AnyStorageArray[] {
    const { program } = this;
    const slots = new Array<AnyStorageArray | undefined>(program.valueShapes.length);
    program.parameterIds.forEach((id, i) => {
      slots[id] = inputs[i];
    });
    for (const [id, value] of this.constants) slots[id] = value;
    for (const step of this.steps) {
      const args = step.operands.map((slot) => slots[slot]!);
      const results = step.run(args);
      for (let i = 0; i < step.outputs.length; i++) slots[step.outputs[i]!] = results[i];
      for (const slot of step.release) slots[slot] = undefined;
    }
    return program.outputs.map((id) => slots[id]!);
  }
}

/**
 * Compiles a program into a plan: kernels prepared per instruction (shapes and strides precomputed),
 * and every intermediate value released right after its last use.
 */
export function compilePlan(program: Program): Plan {
  const constants = new Map<number, AnyStorageArray>();
  const steps: Array<Omit<PlanStep, 'release'>> = [];
  for (const instruction of program.instructions) {
    if (instruction.op === 'parameter') continue;
    if (instruction.op === 'constant') {
      constants.set(instruction.outputs[0]!, (instruction as Instruction<'constant'>).attrs.value);
      continue;
    }
    steps.push({
      label: instruction.op,
      run: prepare(program, instruction),
      operands: instruction.operands,
      outputs: instruction.outputs,
    });
  }
  return new Plan(program, withReleases(program, steps), constants);
}

function prepare(program: Program, instruction: Instruction): KernelRun {
  const factory = kernelFor(instruction.op);
  if (!factory) {
    throw new UnsupportedError('simple', `op "${instruction.op}" has no kernel`, instruction.op);
  }
  try {
    return factory({
      op: instruction.op,
      attrs: instruction.attrs,
      inputShapes: instruction.operands.map((id) => program.valueShapes[id]!),
      outputShapes: instruction.shapes,
      compileSub: compilePlan,
    });
  } catch (error) {
    if (error instanceof OpError || error instanceof UnsupportedError) throw error;
    throw new OpError(
      instruction.op,
      `backend simple could not prepare the kernel: ${(error as Error).message}`,
    );
  }
}

/** Adds liveness: each step releases the slots it reads for the last time (never program outputs). */
export function withReleases(program: Program, steps: ReadonlyArray<Omit<PlanStep, 'release'>>): PlanStep[] {
  const keep = new Set(program.outputs);
  const lastUse = new Map<number, number>();
  steps.forEach((step, index) => {
    for (const slot of step.operands) lastUse.set(slot, index);
  });
  return steps.map((step, index) => ({
    ...step,
    release: [...new Set(step.operands)].filter((slot) => lastUse.get(slot) === index && !keep.has(slot)),
  }));
}
