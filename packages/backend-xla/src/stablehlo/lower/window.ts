import type { Instruction, SelectAndScatterAttrs, WindowReduction } from '@tsmlx/backends';
import { isFloat } from '@tsmlx/dtypes';
import { type Emitter, i64Array, paddingAttr } from '../emitter.js';
import type { Val } from '../printer.js';
import { scalarShape } from '../shapes.js';
import { COMBINER_OPS, type Combiner, identityOf } from './identities.js';
import type { LoweringTable } from './types.js';

// Window ops.
// - reduceWindow: `stablehlo.reduce_window`; init value (which also fills padding and base-dilation holes)
//   is the reduction's identity.
// - selectAndScatterMax/Min: `stablehlo.select_and_scatter` whose select region keeps the current pick when
//   it is GE (LE) the candidate or is NaN (so the first maximum / first NaN of each window wins), scatter
//   region `add`, init 0.
// - selectAndScatterSum (every position of a window receives the window's source value) is the transpose of
//   a sum pool, written as pad + reduce_window: per axis with operand size N, window K, stride S, padding
//   (pl, ph) and M windows, the source is dilated by S (interior padding S - 1), padded by
//   low = K - 1 - pl and high = N + K - 1 - low - ((M - 1)·S + 1) (either may be negative, which crops), and
//   summed over windows of size K at stride 1, giving exactly N outputs where output p sums the source of
//   every window w with wS ≤ p + pl < wS + K. No windows (M = 0) gives zeros.

const REDUCTION_COMBINER: Record<WindowReduction, Combiner> = {
  sum: 'add',
  product: 'mul',
  max: 'max',
  min: 'min',
};

function reduceWindow(e: Emitter, instr: Instruction<'reduceWindow'>, [x]: Val[]): Val[] {
  const a = instr.attrs;
  const combiner = REDUCTION_COMBINER[a.reduction];
  const dtype = x!.shape.dtype;
  const init = e.scalar(dtype, identityOf(combiner, dtype));
  const scalar = scalarShape(dtype);
  const region = e.region(
    'stablehlo.reduce_window',
    [scalar, scalar],
    ([p, q], r) => [r.binary(COMBINER_OPS[combiner], p!, q!)],
    [scalar],
  );
  return [windowOp(e, 'stablehlo.reduce_window', [x!, init], instr.shapes[0]!, [region], a)];
}

function windowOp(
  e: Emitter,
  name: string,
  operands: Val[],
  result: Val['shape'],
  regions: string[],
  a: SelectAndScatterAttrs & { baseDilations?: readonly number[]; windowDilations?: readonly number[] },
): Val {
  const attrs = [`window_dimensions = ${i64Array(a.windowDims)}`, `window_strides = ${i64Array(a.strides)}`];
  if (a.baseDilations) attrs.push(`base_dilations = ${i64Array(a.baseDilations)}`);
  if (a.windowDilations) attrs.push(`window_dilations = ${i64Array(a.windowDilations)}`);
  if (a.padding.length) attrs.push(`padding = ${paddingAttr(a.padding)}`);
  return e.op1(name, operands, result, { regions, attrs });
}

function selectAndScatter(isMin: boolean) {
  return (
    e: Emitter,
    instr: Instruction<'selectAndScatterMax' | 'selectAndScatterMin'>,
    [x, source]: Val[],
  ): Val[] => {
    const dtype = x!.shape.dtype;
    const scalar = scalarShape(dtype);
    const bool = scalarShape('bool');
    const select = e.region(
      'stablehlo.select_and_scatter',
      [scalar, scalar],
      ([cur, cand], r) => {
        const keep = r.compare(isMin ? 'LE' : 'GE', cur!, cand!);
        return [isFloat(dtype) ? r.binary('stablehlo.or', keep, r.compare('NE', cur!, cur!)) : keep];
      },
      [bool],
    );
    const scatter = e.region(
      'stablehlo.select_and_scatter',
      [scalar, scalar],
      ([p, q], r) => [r.binary('stablehlo.add', p!, q!)],
      [scalar],
    );
    const init = e.scalar(dtype, 0);
    return [
      windowOp(
        e,
        'stablehlo.select_and_scatter',
        [x!, source!, init],
        instr.shapes[0]!,
        [select, scatter],
        instr.attrs,
      ),
    ];
  };
}

function selectAndScatterSum(
  e: Emitter,
  instr: Instruction<'selectAndScatterSum'>,
  [, source]: Val[],
): Val[] {
  const { windowDims, strides, padding } = instr.attrs;
  const out = instr.shapes[0]!;
  const dtype = out.dtype;
  if (source!.shape.size === 0 || out.size === 0) return [e.splat(dtype, out.dims, 0)];
  const low: number[] = [];
  const high: number[] = [];
  out.dims.forEach((n, i) => {
    const k = windowDims[i]!;
    const dilated = (source!.shape.dims[i]! - 1) * strides[i]! + 1;
    low.push(k - 1 - padding[i]![0]);
    high.push(n + k - 1 - low[i]! - dilated);
  });
  const zero = e.scalar(dtype, 0);
  const spread = e.pad(
    source!,
    zero,
    low,
    high,
    strides.map((s) => s - 1),
  );
  const scalar = scalarShape(dtype);
  const region = e.region(
    'stablehlo.reduce_window',
    [scalar, scalar],
    ([p, q], r) => [r.binary('stablehlo.add', p!, q!)],
    [scalar],
  );
  const ones = windowDims.map(() => 1);
  const zeros = windowDims.map(() => [0, 0] as const);
  return [
    windowOp(e, 'stablehlo.reduce_window', [spread, zero], out, [region], {
      windowDims,
      strides: ones,
      padding: zeros,
    }),
  ];
}

/** Lowerings of reduceWindow and the select-and-scatter ops. */
export const windowLowerings: LoweringTable = {
  reduceWindow,
  selectAndScatterMax: selectAndScatter(false),
  selectAndScatterMin: selectAndScatter(true),
  selectAndScatterSum,
};
