import type { Instruction } from '@tsmlx/backends';
import type { Emitter } from '../emitter.js';
import { i64Array } from '../emitter.js';
import type { Val } from '../printer.js';
import { scalarShape } from '../shapes.js';
import { COMBINER_OPS, type Combiner } from './identities.js';
import type { LoweringTable } from './types.js';

// gather and scatter with XLA's dimension numbers (empty lists are omitted, as StableHLO prints them).

function field(name: string, values: readonly number[]): string[] {
  return values.length ? [`${name} = [${values.join(', ')}]`] : [];
}

function gather(e: Emitter, instr: Instruction<'gather'>, [x, indices]: Val[]): Val[] {
  const a = instr.attrs;
  const dims = [
    ...field('offset_dims', a.offsetAxes),
    ...field('collapsed_slice_dims', a.collapsedSliceAxes),
    ...field('operand_batching_dims', a.operandBatchingAxes),
    ...field('start_indices_batching_dims', a.startIndicesBatchingAxes),
    ...field('start_index_map', a.startIndexMap),
    `index_vector_dim = ${a.indexVectorAxis}`,
  ];
  return [
    e.op1('stablehlo.gather', [x!, indices!], instr.shapes[0]!, {
      attrs: [
        `dimension_numbers = #stablehlo.gather<${dims.join(', ')}>`,
        `slice_sizes = ${i64Array(a.sliceSizes)}`,
        `indices_are_sorted = ${a.indicesAreSorted}`,
      ],
    }),
  ];
}

function scatter(combiner: Combiner) {
  return (
    e: Emitter,
    instr: Instruction<'scatterSum' | 'scatterMax' | 'scatterMin'>,
    [x, indices, updates]: Val[],
  ): Val[] => {
    const a = instr.attrs;
    const scalar = scalarShape(x!.shape.dtype);
    const region = e.region(
      'stablehlo.scatter',
      [scalar, scalar],
      ([p, q], r) => [r.binary(COMBINER_OPS[combiner], p!, q!)],
      [scalar],
    );
    const dims = [
      ...field('update_window_dims', a.updateWindowAxes),
      ...field('inserted_window_dims', a.insertedWindowAxes),
      ...field('input_batching_dims', a.inputBatchingAxes),
      ...field('scatter_indices_batching_dims', a.scatterIndicesBatchingAxes),
      ...field('scatter_dims_to_operand_dims', a.scatterAxesToOperandAxes),
      `index_vector_dim = ${a.indexVectorAxis}`,
    ];
    return [
      e.op1('stablehlo.scatter', [x!, indices!, updates!], instr.shapes[0]!, {
        regions: [region],
        attrs: [
          `scatter_dimension_numbers = #stablehlo.scatter<${dims.join(', ')}>`,
          `indices_are_sorted = ${a.indicesAreSorted}`,
          `unique_indices = ${a.uniqueIndices}`,
        ],
      }),
    ];
  };
}

/** Lowerings of gather and the scatters. */
export const gatherLowerings: LoweringTable = {
  gather,
  scatterSum: scatter('add'),
  scatterMax: scatter('max'),
  scatterMin: scatter('min'),
};
