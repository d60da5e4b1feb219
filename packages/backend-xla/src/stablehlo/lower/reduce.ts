import type { Instruction, OpName } from '@tsmlx/backends';
import { isFloat, maxValue } from '@tsmlx/dtypes';
import type { Emitter } from '../emitter.js';
import type { Val } from '../printer.js';
import { COMBINER_OPS, type Combiner, identityOf } from './identities.js';
import type { Lowering, LoweringTable } from './types.js';

// Reductions: `stablehlo.reduce` with the combiner in its region and the combiner's identity as init value.
// argMinMax: a variadic reduce over (values, iota indices) whose region keeps the better (value, index) pair
// under a total order, so XLA may combine in any order: NaN beats every number (two NaNs: the lower index),
// then the larger (argMax) or smaller (argMin) value, then on equal values the lower index. The init pair is
// (-Infinity or the lowest value for argMax / +Infinity or the highest for argMin, the index dtype's maximum),
// which loses to every element.

const REDUCTIONS: Partial<Record<OpName, Combiner>> = {
  reduceSum: 'add',
  reduceProduct: 'mul',
  reduceMax: 'max',
  reduceMin: 'min',
  reduceBitwiseAnd: 'and',
  reduceBitwiseOr: 'or',
  reduceBitwiseXor: 'xor',
  reduceLogicalAnd: 'and',
  reduceLogicalOr: 'or',
  reduceLogicalXor: 'xor',
};

/** Reduces `x` over `axes` with a combiner, starting from its identity. */
export function reduceWith(e: Emitter, x: Val, axes: readonly number[], combiner: Combiner): Val {
  const init = e.scalar(x.shape.dtype, identityOf(combiner, x.shape.dtype));
  return e.reduce([x], [init], axes, ([a], [b], r) => [r.binary(COMBINER_OPS[combiner], a!, b!)])[0]!;
}

function reductionLowering(combiner: Combiner): Lowering<'reduceSum'> {
  return (e, instr, [x]) => [reduceWith(e, x!, instr.attrs.axes, combiner)];
}

/** True when (av, ai) should be kept over (bv, bi); see the file comment for the order. */
function keepsFirst(r: Emitter, av: Val, ai: Val, bv: Val, bi: Val, isMin: boolean): Val {
  const better = r.compare(isMin ? 'LT' : 'GT', av, bv);
  const lowerIndex = r.compare('LT', ai, bi);
  let tie = r.compare('EQ', av, bv);
  let wins = better;
  if (isFloat(av.shape.dtype)) {
    const aNaN = r.compare('NE', av, av);
    const bNaN = r.compare('NE', bv, bv);
    tie = r.binary('stablehlo.or', tie, r.binary('stablehlo.and', aNaN, bNaN));
    wins = r.binary('stablehlo.or', wins, r.binary('stablehlo.and', aNaN, r.unary('stablehlo.not', bNaN)));
  }
  return r.binary('stablehlo.or', wins, r.binary('stablehlo.and', tie, lowerIndex));
}

function argMinMax(e: Emitter, instr: Instruction<'argMinMax'>, [x]: Val[]): Val[] {
  const { axis, isMin, outputDType } = instr.attrs;
  const dtype = x!.shape.dtype;
  const indices = e.iota(x!.shape.withDType(outputDType), axis);
  const initValue = e.scalar(dtype, identityOf(isMin ? 'min' : 'max', dtype));
  const initIndex = e.scalar(outputDType, maxValue(outputDType));
  const [, index] = e.reduce([x!, indices], [initValue, initIndex], [axis], ([av, ai], [bv, bi], r) => {
    const keep = keepsFirst(r, av!, ai!, bv!, bi!, isMin);
    return [r.select(keep, av!, bv!), r.select(keep, ai!, bi!)];
  });
  return [index!];
}

const table: { [N in OpName]?: Lowering<N> } = { argMinMax };
for (const [op, combiner] of Object.entries(REDUCTIONS))
  table[op as 'reduceSum'] = reductionLowering(combiner);

/** Lowerings of the reductions and argMinMax. */
export const reduceLowerings: LoweringTable = table;
