import type { OpAttrs, OpName, Program } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';

/** A compiled sub-program, for control-flow kernels. */
export interface CompiledSubProgram {
  /** Runs it on input storage arrays (one per parameter) and returns one array per output. */
  run(inputs: readonly AnyStorageArray[]): AnyStorageArray[];
}

/** What a kernel factory learns at compile time: everything static about one instruction. */
export interface KernelSpec<N extends OpName = OpName> {
  /** The op. */
  readonly op: N;
  /** Its attributes. */
  readonly attrs: OpAttrs[N];
  /** Operand shapes. */
  readonly inputShapes: readonly Shape[];
  /** Result shapes. */
  readonly outputShapes: readonly Shape[];
  /** Compiles a nested program (control flow). */
  compileSub(program: Program): CompiledSubProgram;
}

/**
 * Runs one instruction: takes operand storage arrays, returns one storage array per result. A kernel may
 * return an operand array itself only when the op is a pure view (reshape); it must never write into its
 * operands.
 */
export type KernelRun = (inputs: readonly AnyStorageArray[]) => AnyStorageArray[];

/**
 * Prepares a kernel for one instruction at compile time (precomputing strides, index maps, specialized
 * loops) and returns the function that runs it.
 */
export type KernelFactory<N extends OpName = OpName> = (spec: KernelSpec<N>) => KernelRun;

const kernels = new Map<OpName, KernelFactory>();

/** Registers the kernel factory of an op (replacing any earlier one). */
export function registerKernel<N extends OpName>(op: N, factory: KernelFactory<N>): void {
  kernels.set(op, factory as unknown as KernelFactory);
}

/** The kernel factory of an op, if registered. */
export function kernelFor(op: OpName): KernelFactory | undefined {
  return kernels.get(op);
}

/** Every op with a registered kernel. */
export function kernelOps(): OpName[] {
  return [...kernels.keys()];
}
