import type { CallAttrs, IfAttrs, Instruction, Program, WhileAttrs } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import type { KernelRun, KernelSpec } from '../registry.js';

/** The literal arrays of a program's `constant` instructions: a sub-program may return one as an output. */
function constantArrays(programs: readonly Program[]): Set<AnyStorageArray> {
  const found = new Set<AnyStorageArray>();
  for (const program of programs) {
    for (const instruction of program.instructions) {
      if (instruction.op === 'constant') found.add((instruction as Instruction<'constant'>).attrs.value);
    }
  }
  return found;
}

/**
 * Makes results safe to hand out: a sub-program may return its parameters (the kernel's operands), its
 * constants, or one array twice; those are copied so that a kernel result never aliases anything else.
 */
function owned(
  results: AnyStorageArray[],
  inputs: readonly AnyStorageArray[],
  constants: ReadonlySet<AnyStorageArray>,
): AnyStorageArray[] {
  const seen = new Set<AnyStorageArray>();
  return results.map((array) => {
    const copy = seen.has(array) || constants.has(array) || inputs.includes(array);
    const out = copy ? (array.slice() as AnyStorageArray) : array;
    seen.add(out);
    return out;
  });
}

/** Prepares `while`: runs the compiled `body` on the state as long as the compiled `cond` returns true. */
export function whileKernel(spec: KernelSpec<'while'>): KernelRun {
  const { cond, body }: WhileAttrs = spec.attrs;
  const condPlan = spec.compileSub(cond);
  const bodyPlan = spec.compileSub(body);
  const constants = constantArrays([body]);
  return (inputs) => {
    let state: AnyStorageArray[] = [...inputs];
    while (condPlan.run(state)[0]![0]) state = bodyPlan.run(state);
    return owned(state, inputs, constants);
  };
}

/** Prepares `if`: runs one compiled branch on the operands after the predicate. */
export function ifKernel(spec: KernelSpec<'if'>): KernelRun {
  const { trueBranch, falseBranch }: IfAttrs = spec.attrs;
  const whenTrue = spec.compileSub(trueBranch);
  const whenFalse = spec.compileSub(falseBranch);
  const constants = constantArrays([trueBranch, falseBranch]);
  return (inputs) => {
    const args = inputs.slice(1);
    const results = (inputs[0]![0] ? whenTrue : whenFalse).run(args);
    return owned(results, args, constants);
  };
}

/** Prepares `call`: runs the compiled `fn` on the operands. */
export function callKernel(spec: KernelSpec<'call'>): KernelRun {
  const { fn }: CallAttrs = spec.attrs;
  const plan = spec.compileSub(fn);
  const constants = constantArrays([fn]);
  return (inputs) => owned(plan.run(inputs), inputs, constants);
}
