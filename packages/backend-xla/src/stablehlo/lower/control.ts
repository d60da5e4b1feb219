import type { Instruction } from '@tsmlx/backends';
import type { Emitter } from '../emitter.js';
import type { Val } from '../printer.js';
import { scalarShape } from '../shapes.js';
import type { LoweringTable } from './types.js';

// Control flow. Sub-programs are lowered into regions (while: cond/body take the loop state as block
// arguments; sort: the comparator takes 2n scalars) or, for `if`, inlined into argument-less regions of
// stablehlo.if with the branch parameters bound to the if's operands (captured from the enclosing block).
// `call` becomes func.call of a private func.func emitted once per sub-program.

function whileLoop(e: Emitter, instr: Instruction<'while'>, state: Val[]): Val[] {
  const shapes = state.map((v) => v.shape);
  const { cond, body } = instr.attrs;
  const op = 'stablehlo.while';
  const condRegion = e.region(op, shapes, (args, r) => r.module.lowerInto(r, cond, args), [
    scalarShape('bool'),
  ]);
  const bodyRegion = e.region(op, shapes, (args, r) => r.module.lowerInto(r, body, args), shapes);
  return e.op(op, state, shapes, { regions: [condRegion, bodyRegion] });
}

function ifElse(e: Emitter, instr: Instruction<'if'>, [pred, ...args]: Val[]): Val[] {
  const op = 'stablehlo.if';
  const outs = instr.shapes;
  const branch = (program: typeof instr.attrs.trueBranch) =>
    e.region(op, [], (_none, r) => r.module.lowerInto(r, program, args), outs);
  return e.op(op, [pred!], outs, {
    regions: [branch(instr.attrs.trueBranch), branch(instr.attrs.falseBranch)],
  });
}

function sort(e: Emitter, instr: Instruction<'sort'>, operands: Val[]): Val[] {
  const op = 'stablehlo.sort';
  const scalars = operands.flatMap((v) => [v.shape.withDims([]), v.shape.withDims([])]);
  const comparator = e.region(op, scalars, (args, r) => r.module.lowerInto(r, instr.attrs.comparator, args), [
    scalarShape('bool'),
  ]);
  return e.op(
    op,
    operands,
    operands.map((v) => v.shape),
    {
      regions: [comparator],
      attrs: [`dimension = ${instr.attrs.axis} : i64`, `is_stable = ${instr.attrs.stable}`],
    },
  );
}

function call(e: Emitter, instr: Instruction<'call'>, args: Val[]): Val[] {
  return e.op('func.call', args, instr.shapes, { attrs: [`callee = @${e.module.callee(instr.attrs.fn)}`] });
}

/** Lowerings of while, if, sort and call. */
export const controlLowerings: LoweringTable = { while: whileLoop, if: ifElse, sort, call };
