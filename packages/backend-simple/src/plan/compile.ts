import { type Instruction, OpError, type Program, UnsupportedError } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import { type CompiledSubProgram, type KernelRun, kernelFor } from '../kernels/registry.js';
import { releaseStorage } from '../storagePool.js';
import { planFusion } from './fusion.js';
import { profiled, profiling } from './profile.js';

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
  /** Slots of the parameters, in order. */
  private readonly parameterSlots: readonly number[];
  /** Slots of the constants and their values (parallel arrays, for a fast preset per run). */
  private readonly constantSlots: readonly number[];
  private readonly constantValues: readonly AnyStorageArray[];
  private readonly ownedSet: ReadonlySet<AnyStorageArray>;

  constructor(
    /** Program compiled. */
    readonly program: Program,
    /** Steps in order. */
    readonly steps: readonly PlanStep[],
    /** Constant values, preset in their slots. */
    private readonly constants: ReadonlyMap<number, AnyStorageArray>,
  ) {
    this.parameterSlots = [...program.parameterIds];
    this.constantSlots = [...constants.keys()];
    this.constantValues = [...constants.values()];
    this.ownedSet = new Set(constants.values());
  }

  /** Arrays the plan owns across runs (constants): outputs must not hand them out. */
  ownedArrays(): Iterable<AnyStorageArray> {
    return this.constants.values();
  }

  /** Whether `array` is one of {@link Plan.ownedArrays}. */
  owns(array: AnyStorageArray): boolean {
    return this.ownedSet.has(array);
  }

  run(inputs: readonly AnyStorageArray[]): AnyStorageArray[] {
    const { program, parameterSlots, constantSlots, constantValues } = this;
    const slots = new Array<AnyStorageArray | undefined>(program.valueShapes.length);
    for (let i = 0; i < parameterSlots.length; i++) slots[parameterSlots[i]!] = inputs[i];
    for (let i = 0; i < constantSlots.length; i++) slots[constantSlots[i]!] = constantValues[i];
    // Arrays this run produced, with the number of live slots holding each (views like reshape share one).
    const holders = new Map<AnyStorageArray, number>();
    for (const step of this.steps) {
      const operands = step.operands;
      const args = new Array<AnyStorageArray>(operands.length);
      for (let i = 0; i < operands.length; i++) args[i] = slots[operands[i]!]!;
      const results = step.run(args);
      for (let i = 0; i < step.outputs.length; i++) {
        const array = results[i]!;
        slots[step.outputs[i]!] = array;
        if (!args.includes(array)) holders.set(array, (holders.get(array) ?? 0) + 1);
        else if (holders.has(array)) holders.set(array, holders.get(array)! + 1);
      }
      for (const slot of step.release) {
        const array = slots[slot]!;
        slots[slot] = undefined;
        const count = holders.get(array);
        if (count === undefined) continue; // an input or constant: not ours to reuse
        if (count > 1) holders.set(array, count - 1);
        else {
          holders.delete(array);
          releaseStorage(array);
        }
      }
    }
    const outputs = program.outputs;
    const result = new Array<AnyStorageArray>(outputs.length);
    for (let i = 0; i < outputs.length; i++) result[i] = slots[outputs[i]!]!;
    return result;
  }
}

/** Options of {@link compilePlan}. */
export interface PlanOptions {
  /** Fuse chains of elementwise instructions into single loops (default true). */
  fuse?: boolean;
}

/**
 * Compiles a program into a plan: kernels prepared per instruction (shapes and strides precomputed),
 * and every intermediate value released right after its last use.
 */
export function compilePlan(program: Program, options: PlanOptions = {}): Plan {
  const constants = new Map<number, AnyStorageArray>();
  const steps: Array<Omit<PlanStep, 'release'>> = [];
  const fusion = options.fuse === false ? undefined : planFusion(program);
  for (const instruction of program.instructions) {
    if (instruction.op === 'parameter') continue;
    if (instruction.op === 'constant') {
      constants.set(instruction.outputs[0]!, (instruction as Instruction<'constant'>).attrs.value);
      continue;
    }
    if (fusion?.absorbed.has(instruction)) continue;
    const fused = fusion?.steps.get(instruction);
    if (fused) {
      steps.push(fused);
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
      compileSub: (sub) => compilePlan(sub),
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
    // TSMLX_PROFILE=1: time each step under its label and output shape (plan/profile.ts).
    run: profiling ? profiled(`${step.label} ${program.valueShapes[step.outputs[0]!]}`, step.run) : step.run,
    release: [...new Set(step.operands)].filter((slot) => lastUse.get(slot) === index && !keep.has(slot)),
  }));
}
