import type { Instruction } from '@tsmlx/backends';
import type { Emitter } from '../emitter.js';
import { i64Array } from '../emitter.js';
import type { Val } from '../printer.js';
import type { LoweringTable } from './types.js';

// Leaves and layout ops: one StableHLO op each (parameters are bound by the program lowering).

/**
 * Start indices of dynamic_slice/dynamic_update_slice must share one integer type in StableHLO; mixed types
 * are converted to int64 (a uint64 index above 2^63 - 1 would then wrap negative and clamp to 0).
 */
function commonIndexType(e: Emitter, starts: readonly Val[]): Val[] {
  const first = starts[0];
  if (!first || starts.every((s) => s.shape.dtype === first.shape.dtype)) return [...starts];
  return starts.map((s) => e.convert(s, 'int64'));
}

function dynamicSlice(e: Emitter, instr: Instruction<'dynamicSlice'>, [x, ...starts]: Val[]): Val[] {
  return [
    e.op1('stablehlo.dynamic_slice', [x!, ...commonIndexType(e, starts)], instr.shapes[0]!, {
      attrs: [`slice_sizes = ${i64Array(instr.attrs.sizes)}`],
    }),
  ];
}

function dynamicUpdateSlice(e: Emitter, instr: Instruction<'dynamicUpdateSlice'>, operands: Val[]): Val[] {
  const [x, update, ...starts] = operands;
  return [
    e.op1('stablehlo.dynamic_update_slice', [x!, update!, ...commonIndexType(e, starts)], instr.shapes[0]!),
  ];
}

/** Lowerings of parameter, constant, iota and the layout ops. */
export const shapeLowerings: LoweringTable = {
  parameter: () => {
    throw new Error('stablehlo: parameter instructions are bound by the program lowering');
  },
  constant: (e, instr) => [e.constant(instr.attrs.shape, instr.attrs.value)],
  iota: (e, instr) => [e.iota(instr.attrs.shape, instr.attrs.axis)],
  broadcastInDim: (e, instr, [x]) => [e.broadcastInDim(x!, instr.attrs.dims, instr.attrs.axesMapping)],
  reshape: (e, instr, [x]) => [e.op1('stablehlo.reshape', [x!], instr.shapes[0]!)],
  transpose: (e, instr, [x]) => [
    e.op1('stablehlo.transpose', [x!], instr.shapes[0]!, {
      attrs: [`permutation = ${i64Array(instr.attrs.permutation)}`],
    }),
  ],
  reverse: (e, instr, [x]) => [
    e.op1('stablehlo.reverse', [x!], instr.shapes[0]!, {
      attrs: [`dimensions = ${i64Array(instr.attrs.axes)}`],
    }),
  ],
  concatenate: (e, instr, xs) => [e.concatenate(xs, instr.attrs.axis)],
  slice: (e, instr, [x]) => [e.slice(x!, instr.attrs.start, instr.attrs.limit, instr.attrs.strides)],
  dynamicSlice,
  dynamicUpdateSlice,
  pad: (e, instr, [x, v]) => [e.pad(x!, v!, instr.attrs.low, instr.attrs.high, instr.attrs.interior)],
  where: (e, _instr, [c, a, b]) => [e.select(c!, a!, b!)],
  clamp: (e, instr, [lo, x, hi]) => [e.op1('stablehlo.clamp', [lo!, x!, hi!], instr.shapes[0]!)],
};
