import type { ConvGeneralAttrs, Instruction } from '@tsmlx/backends';
import { type Emitter, i64Array, paddingAttr } from '../emitter.js';
import type { Val } from '../printer.js';
import type { LoweringTable } from './types.js';

// dot_general and convolution. Both carry `precision_config` from the emit options (default HIGHEST, so float32
// products are not silently computed in TF32/bf16 passes on GPUs).

function list(values: readonly number[]): string {
  return `[${values.join(', ')}]`;
}

function precision(e: Emitter): string {
  const p = e.module.precision;
  return `precision_config = [#stablehlo<precision ${p}>, #stablehlo<precision ${p}>]`;
}

function dotGeneral(e: Emitter, instr: Instruction<'dotGeneral'>, [lhs, rhs]: Val[]): Val[] {
  const a = instr.attrs;
  const fields: string[] = [];
  if (a.lhsBatchAxes.length) {
    fields.push(`lhs_batching_dimensions = ${list(a.lhsBatchAxes)}`);
    fields.push(`rhs_batching_dimensions = ${list(a.rhsBatchAxes)}`);
  }
  if (a.lhsContractingAxes.length) {
    fields.push(`lhs_contracting_dimensions = ${list(a.lhsContractingAxes)}`);
    fields.push(`rhs_contracting_dimensions = ${list(a.rhsContractingAxes)}`);
  }
  return [
    e.op1('stablehlo.dot_general', [lhs!, rhs!], instr.shapes[0]!, {
      attrs: [`dot_dimension_numbers = #stablehlo.dot<${fields.join(', ')}>`, precision(e)],
    }),
  ];
}

/** Labels of each axis of a layout: `b`/`f` (or `i`/`o`) and spatial numbers, e.g. `[b, 0, 1, f]`. */
function layout(
  rank: number,
  first: [number, string],
  second: [number, string],
  spatial: readonly number[],
): string {
  const labels = new Array<string>(rank).fill('?');
  labels[first[0]] = first[1];
  labels[second[0]] = second[1];
  spatial.forEach((axis, i) => {
    labels[axis] = String(i);
  });
  return `[${labels.join(', ')}]`;
}

/** The `#stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>` dimension numbers of a convolution. */
export function convDimensionNumbers(a: ConvGeneralAttrs, rank: number): string {
  const input = layout(rank, [a.inputBatchAxis, 'b'], [a.inputChannelsAxis, 'f'], a.inputSpatialAxes);
  const kernel = layout(
    rank,
    [a.kernelInputChannelsAxis, 'i'],
    [a.kernelOutputChannelsAxis, 'o'],
    a.kernelSpatialAxes,
  );
  const output = layout(rank, [a.outputBatchAxis, 'b'], [a.outputChannelsAxis, 'f'], a.outputSpatialAxes);
  return `#stablehlo.conv<${input}x${kernel}->${output}>`;
}

function convGeneral(e: Emitter, instr: Instruction<'convGeneral'>, [input, kernel]: Val[]): Val[] {
  const a = instr.attrs;
  return [
    e.op1('stablehlo.convolution', [input!, kernel!], instr.shapes[0]!, {
      attrs: [
        `dimension_numbers = ${convDimensionNumbers(a, input!.shape.rank)}`,
        `window_strides = ${i64Array(a.strides)}`,
        `padding = ${paddingAttr(a.padding)}`,
        `lhs_dilation = ${i64Array(a.inputDilations)}`,
        `rhs_dilation = ${i64Array(a.kernelDilations)}`,
        `feature_group_count = ${a.featureGroupCount} : i64`,
        `batch_group_count = ${a.batchGroupCount} : i64`,
        precision(e),
      ],
    }),
  ];
}

/** Lowerings of dotGeneral and convGeneral. */
export const linalgLowerings: LoweringTable = { dotGeneral, convGeneral };
