import type { Instruction, OpAttrs, Program } from '@tsmlx/backends';
import { kernelFor } from '../kernels/registry.js';
import type { FusedStep } from './fusion.js';

// `transpose(dotGeneral(a, b), [1, 0])` of matrices (gradients of dense layers come out this way) is
// `dotGeneral(b, a)` with the contracting axes swapped: the transposed product is computed directly and
// the transpose kernel (a full strided copy) is skipped. Each element is the same dot product over the
// same contraction, so results agree with the two-step form within float rounding of the summation order.

/** A step per `transpose` folded into the matrix product it reads, and the products absorbed. */
export interface DotTransposes {
  /** Step to run in place of each folded transpose. */
  readonly steps: Map<Instruction, FusedStep>;
  /** The products folded away. */
  readonly absorbed: Set<Instruction>;
}

/** Finds the `transpose` of 2-D `dotGeneral` results (read by nothing else) and prepares swapped products. */
export function foldDotTransposes(program: Program): DotTransposes {
  const { instructions } = program;
  const definer = new Map<number, Instruction>();
  const readers = new Map<number, number>();
  for (const instruction of instructions) {
    for (const id of instruction.outputs) definer.set(id, instruction);
    for (const id of instruction.operands) readers.set(id, (readers.get(id) ?? 0) + 1);
  }
  const outputs = new Set(program.outputs);
  const steps = new Map<Instruction, FusedStep>();
  const absorbed = new Set<Instruction>();
  const factory = kernelFor('dotGeneral');
  if (!factory) return { steps, absorbed };
  for (const t of instructions) {
    if (t.op !== 'transpose') continue;
    const perm = (t as Instruction<'transpose'>).attrs.permutation;
    if (perm.length !== 2 || perm[0] !== 1 || perm[1] !== 0) continue;
    const id = t.operands[0]!;
    const producer = definer.get(id);
    if (producer?.op !== 'dotGeneral' || outputs.has(id) || readers.get(id) !== 1) continue;
    const dot = producer as Instruction<'dotGeneral'>;
    const attrs = dot.attrs;
    const [lhs, rhs] = dot.operands.map((v) => program.valueShapes[v]!);
    if (attrs.lhsBatchAxes.length > 0 || lhs!.rank !== 2 || rhs!.rank !== 2) continue;
    const swapped: OpAttrs['dotGeneral'] = {
      ...attrs,
      lhsContractingAxes: attrs.rhsContractingAxes,
      rhsContractingAxes: attrs.lhsContractingAxes,
    };
    const run = factory({
      op: 'dotGeneral',
      attrs: swapped,
      inputShapes: [rhs!, lhs!],
      outputShapes: t.shapes,
      compileSub: () => {
        throw new Error('dotGeneral has no sub-programs');
      },
    });
    steps.set(t, {
      label: 'dotGeneral^T',
      run,
      operands: [dot.operands[1]!, dot.operands[0]!],
      outputs: t.outputs,
    });
    absorbed.add(dot);
  }
  return { steps, absorbed };
}
