import type { Shape } from '@tsmlx/shapes';
import type { OpAttrs, OpName } from './optable/opAttrs.js';

/** Index of a value (an op result or parameter) inside one {@link Program}. */
export type ValueId = number;

/**
 * One op applied to earlier values. `outputs` are the ids it defines, `shapes` their shapes (most ops
 * define exactly one value).
 */
export interface Instruction<N extends OpName = OpName> {
  /** The op, a key of the op table. */
  readonly op: N;
  /** Ids of the operand values, all defined earlier. */
  readonly operands: readonly ValueId[];
  /** The op's attributes. */
  readonly attrs: OpAttrs[N];
  /** Ids of the values this instruction defines. */
  readonly outputs: readonly ValueId[];
  /** Shapes of the values this instruction defines. */
  readonly shapes: readonly Shape[];
}

/**
 * A closed, shape-checked computation: what a backend compiles. Instructions are in a valid execution
 * order; `parameter` instructions define the inputs (in `parameters` order); sub-computations of
 * control-flow ops are nested `Program`s in their attributes and capture nothing.
 */
export interface Program {
  /** Name for debugging and emitted code. */
  readonly name: string;
  /** Shapes of the inputs, in order. */
  readonly parameters: readonly Shape[];
  /** Value id of each input, in order. */
  readonly parameterIds: readonly ValueId[];
  /** Every instruction, dependencies first. */
  readonly instructions: readonly Instruction[];
  /** Ids of the result values, in order. */
  readonly outputs: readonly ValueId[];
  /** Shape of every value id. */
  readonly valueShapes: readonly Shape[];
}

/** Shapes of a program's outputs. */
export function programOutputShapes(program: Program): Shape[] {
  return program.outputs.map((id) => program.valueShapes[id]!);
}

/** Every op used by a program, its sub-programs included. */
export function opsUsed(program: Program, into: Set<OpName> = new Set()): Set<OpName> {
  for (const instruction of program.instructions) {
    into.add(instruction.op);
    for (const sub of subPrograms(instruction)) opsUsed(sub, into);
  }
  return into;
}

/** The nested programs in an instruction's attributes (control-flow ops), in attribute order. */
export function subPrograms(instruction: Instruction): Program[] {
  const found: Program[] = [];
  for (const value of Object.values(instruction.attrs as Record<string, unknown>)) {
    if (isProgram(value)) found.push(value);
  }
  return found;
}

/** Tells whether a value is a {@link Program}. */
export function isProgram(value: unknown): value is Program {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as Program).instructions) &&
    Array.isArray((value as Program).valueShapes)
  );
}
