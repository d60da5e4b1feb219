import { isInteger } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import { OpError } from '../errors.js';
import type { SelectAndScatterAttrs } from './attrs.js';
import { type DTypeClass, expectAxes, expectAxis, expectCount, expectDType, expectIntList } from './check.js';
import type { OpName } from './opAttrs.js';
import { defineOp, type OpSpec } from './spec.js';

function reduction<N extends OpName>(name: N, cls: DTypeClass, doc: string): OpSpec<N> {
  return defineOp({
    name,
    category: 'reduce',
    doc,
    operands: ['x'],
    multiOutput: false,
    infer(shapes: readonly Shape[], attrs: { axes: readonly number[] }) {
      expectCount(name, shapes, 1);
      const x = shapes[0]!;
      expectDType(name, x, cls);
      expectAxes(name, attrs.axes, x.rank);
      return [x.withDims(x.dims.filter((_, i) => !attrs.axes.includes(i)))];
    },
  } as unknown as OpSpec<N>);
}

/** Reductions over a set of axes (the axes are removed from the result). */
export const reduceOps = [
  reduction('reduceSum', 'numeric', 'sum over attrs.axes (0 for empty)'),
  reduction('reduceProduct', 'numeric', 'product over attrs.axes (1 for empty)'),
  reduction(
    'reduceMax',
    'numeric',
    'maximum over attrs.axes (lowest value or -Infinity for empty; NaN propagates)',
  ),
  reduction(
    'reduceMin',
    'numeric',
    'minimum over attrs.axes (largest value or +Infinity for empty; NaN propagates)',
  ),
  reduction('reduceBitwiseAnd', 'integer', 'bitwise and over attrs.axes (all ones for empty)'),
  reduction('reduceBitwiseOr', 'integer', 'bitwise or over attrs.axes (0 for empty)'),
  reduction('reduceBitwiseXor', 'integer', 'bitwise xor over attrs.axes (0 for empty)'),
  reduction('reduceLogicalAnd', 'bool', 'logical and over attrs.axes (true for empty)'),
  reduction('reduceLogicalOr', 'bool', 'logical or over attrs.axes (false for empty)'),
  reduction('reduceLogicalXor', 'bool', 'logical xor (parity) over attrs.axes (false for empty)'),
  defineOp({
    name: 'argMinMax',
    category: 'reduce',
    doc: 'index of the minimum or maximum along attrs.axis; the first one wins ties; NaN counts as the extreme',
    operands: ['x'],
    multiOutput: false,
    infer(shapes, attrs) {
      expectCount('argMinMax', shapes, 1);
      const x = shapes[0]!;
      expectDType('argMinMax', x, 'numeric');
      expectAxis('argMinMax', attrs.axis, x.rank);
      if (!isInteger(attrs.outputDType)) {
        throw new OpError('argMinMax', `outputDType must be an integer dtype, got ${attrs.outputDType}`);
      }
      if (x.dims[attrs.axis] === 0) throw new OpError('argMinMax', `axis ${attrs.axis} of ${x} is empty`);
      return [x.withDType(attrs.outputDType).withDims(x.dims.filter((_, i) => i !== attrs.axis))];
    },
  }),
] as const;

/** Output size of a window sweep along one axis. */
export function windowOutputSize(
  size: number,
  window: number,
  stride: number,
  padLow: number,
  padHigh: number,
  baseDilation = 1,
  windowDilation = 1,
): number {
  const dilated = size === 0 ? 0 : (size - 1) * baseDilation + 1;
  const padded = dilated + padLow + padHigh;
  const effective = (window - 1) * windowDilation + 1;
  return padded < effective ? 0 : Math.floor((padded - effective) / stride) + 1;
}

function checkPadding(op: string, padding: ReadonlyArray<readonly [number, number]>, rank: number): void {
  if (
    !Array.isArray(padding) ||
    padding.length !== rank ||
    padding.some((p) => !Array.isArray(p) || p.length !== 2 || !p.every(Number.isInteger))
  ) {
    throw new OpError(
      op,
      `padding must list ${rank} [low, high] integer pairs, got ${JSON.stringify(padding)}`,
    );
  }
}

function windowDims(
  op: string,
  x: Shape,
  attrs: SelectAndScatterAttrs & { baseDilations?: readonly number[]; windowDilations?: readonly number[] },
): number[] {
  const rank = x.rank;
  expectIntList(op, attrs.windowDims, rank, 'windowDims', 1);
  expectIntList(op, attrs.strides, rank, 'strides', 1);
  checkPadding(op, attrs.padding, rank);
  const base = attrs.baseDilations ?? new Array<number>(rank).fill(1);
  const win = attrs.windowDilations ?? new Array<number>(rank).fill(1);
  expectIntList(op, base, rank, 'baseDilations', 1);
  expectIntList(op, win, rank, 'windowDilations', 1);
  return x.dims.map((d, i) =>
    windowOutputSize(
      d,
      attrs.windowDims[i]!,
      attrs.strides[i]!,
      attrs.padding[i]![0],
      attrs.padding[i]![1],
      base[i],
      win[i],
    ),
  );
}

function selectAndScatter<N extends OpName>(name: N, doc: string): OpSpec<N> {
  return defineOp({
    name,
    category: 'window',
    doc,
    operands: ['x', 'source'],
    multiOutput: false,
    infer(shapes: readonly Shape[], attrs: SelectAndScatterAttrs) {
      expectCount(name, shapes, 2);
      const [x, source] = shapes as [Shape, Shape];
      expectDType(name, x, 'numeric');
      const expected = windowDims(name, x, attrs);
      if (
        source.dtype !== x.dtype ||
        source.rank !== x.rank ||
        source.dims.some((d, i) => d !== expected[i])
      ) {
        throw new OpError(
          name,
          `source ${source} must have the shape of the windowed output, (${x.dtype})[${expected.join(', ')}]`,
        );
      }
      return [x];
    },
  } as unknown as OpSpec<N>);
}

/** Window ops: pooling and its gradients. */
export const windowOps = [
  defineOp({
    name: 'reduceWindow',
    category: 'window',
    doc: 'reduces each (strided, dilated, padded) window with attrs.reduction',
    operands: ['x'],
    multiOutput: false,
    infer(shapes, attrs) {
      expectCount('reduceWindow', shapes, 1);
      const x = shapes[0]!;
      expectDType('reduceWindow', x, 'numeric');
      if (!['sum', 'product', 'max', 'min'].includes(attrs.reduction)) {
        throw new OpError(
          'reduceWindow',
          `reduction must be sum, product, max or min, got ${String(attrs.reduction)}`,
        );
      }
      return [x.withDims(windowDims('reduceWindow', x, attrs))];
    },
  }),
  selectAndScatter(
    'selectAndScatterMax',
    'adds each source value at the position of the max of its window of x (max-pool gradient)',
  ),
  selectAndScatter(
    'selectAndScatterMin',
    'adds each source value at the position of the min of its window of x',
  ),
  selectAndScatter(
    'selectAndScatterSum',
    'adds each source value to every position of its window of x (sum-pool gradient)',
  ),
] as const;
