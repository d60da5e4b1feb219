import type { DType } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';

// Shape and type inference for the StableHLO ops the lowering itself creates (intermediates such as the index
// iota and variadic reduce of argMinMax, splat constants, Philox arithmetic). Every mismatch throws a
// StableHLOError naming the StableHLO op, so a lowering bug is caught while emitting, not by XLA.

/** Error for an ill-typed StableHLO op built by the emitter; the message starts with the op's name. */
export class StableHLOError extends Error {
  /** The StableHLO op at fault, e.g. `stablehlo.add`. */
  readonly op: string;
  /**
   * @param op - the StableHLO op's name.
   * @param message - what is wrong.
   */
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.name = 'StableHLOError';
    this.op = op;
  }
}

function list(shapes: readonly Shape[]): string {
  return shapes.map(String).join(', ');
}

/** Result of an elementwise op: all operands must have equal shapes (dtype and dims). */
export function inferElementwise(op: string, operands: readonly Shape[]): Shape {
  const first = operands[0];
  if (!first) throw new StableHLOError(op, 'needs at least one operand');
  for (const s of operands) {
    if (!s.equals(first))
      throw new StableHLOError(op, `operands must have equal types, got ${list(operands)}`);
  }
  return first;
}

/** Result of `stablehlo.compare`: equal operand types, bool result of the same dims. */
export function inferCompare(lhs: Shape, rhs: Shape): Shape {
  return inferElementwise('stablehlo.compare', [lhs, rhs]).withDType('bool');
}

/** Result of `stablehlo.select`: bool predicate (scalar or same dims), equal branch types. */
export function inferSelect(pred: Shape, onTrue: Shape, onFalse: Shape): Shape {
  const op = 'stablehlo.select';
  if (pred.dtype !== 'bool') throw new StableHLOError(op, `predicate must be bool, got ${pred}`);
  const out = inferElementwise(op, [onTrue, onFalse]);
  if (pred.rank !== 0 && !pred.sameDims(out))
    throw new StableHLOError(op, `predicate ${pred} must be a scalar or match ${out}`);
  return out;
}

/** Result of `stablehlo.convert`: same dims, new dtype. */
export function inferConvert(x: Shape, dtype: DType): Shape {
  return x.withDType(dtype);
}

function checkInts(op: string, what: string, values: readonly number[], length: number, min: number): void {
  if (values.length !== length || values.some((v) => !Number.isInteger(v) || v < min)) {
    throw new StableHLOError(op, `${what} [${values.join(', ')}] must list ${length} integers ≥ ${min}`);
  }
}

/** Result of `stablehlo.broadcast_in_dim`: operand axis i goes to result axis `mapping[i]` (size 1 or equal). */
export function inferBroadcastInDim(x: Shape, dims: readonly number[], mapping: readonly number[]): Shape {
  const op = 'stablehlo.broadcast_in_dim';
  checkInts(op, 'broadcast_dimensions', mapping, x.rank, 0);
  mapping.forEach((target, axis) => {
    const size = x.dims[axis]!;
    if (target >= dims.length || (size !== 1 && size !== dims[target]))
      throw new StableHLOError(
        op,
        `cannot broadcast ${x} to [${dims.join(', ')}] with [${mapping.join(', ')}]`,
      );
  });
  return x.withDims(dims);
}

/** Result of `stablehlo.reshape`: same element count. */
export function inferReshape(x: Shape, dims: readonly number[]): Shape {
  const out = x.withDims(dims);
  if (out.size !== x.size)
    throw new StableHLOError('stablehlo.reshape', `cannot reshape ${x} to [${dims.join(', ')}]`);
  return out;
}

/** Result of `stablehlo.slice`. */
export function inferSlice(
  x: Shape,
  start: readonly number[],
  limit: readonly number[],
  strides: readonly number[],
): Shape {
  const op = 'stablehlo.slice';
  checkInts(op, 'start_indices', start, x.rank, 0);
  checkInts(op, 'limit_indices', limit, x.rank, 0);
  checkInts(op, 'strides', strides, x.rank, 1);
  return x.withDims(
    x.dims.map((d, i) => {
      if (start[i]! > limit[i]! || limit[i]! > d)
        throw new StableHLOError(op, `axis ${i} of ${x}: need start ${start[i]} ≤ limit ${limit[i]} ≤ ${d}`);
      return Math.ceil((limit[i]! - start[i]!) / strides[i]!);
    }),
  );
}

/** Result of `stablehlo.concatenate` along `axis`. */
export function inferConcatenate(xs: readonly Shape[], axis: number): Shape {
  const op = 'stablehlo.concatenate';
  const first = xs[0];
  if (!first || axis < 0 || axis >= first.rank)
    throw new StableHLOError(op, `needs operands and a valid dimension, got ${axis} for (${list(xs)})`);
  let total = 0;
  for (const s of xs) {
    if (
      s.dtype !== first.dtype ||
      s.rank !== first.rank ||
      s.dims.some((d, i) => i !== axis && d !== first.dims[i])
    )
      throw new StableHLOError(op, `operands must match except on dimension ${axis}, got ${list(xs)}`);
    total += s.dims[axis]!;
  }
  const dims = [...first.dims];
  dims[axis] = total;
  return first.withDims(dims);
}

/** Result of `stablehlo.pad`: scalar padding value of the operand's dtype. */
export function inferPad(
  x: Shape,
  value: Shape,
  low: readonly number[],
  high: readonly number[],
  interior: readonly number[],
): Shape {
  const op = 'stablehlo.pad';
  if (value.rank !== 0 || value.dtype !== x.dtype)
    throw new StableHLOError(op, `padding value must be a scalar of ${x.dtype}, got ${value}`);
  checkInts(op, 'edge_padding_low', low, x.rank, Number.MIN_SAFE_INTEGER);
  checkInts(op, 'edge_padding_high', high, x.rank, Number.MIN_SAFE_INTEGER);
  checkInts(op, 'interior_padding', interior, x.rank, 0);
  return x.withDims(
    x.dims.map((d, i) => {
      const size = (d === 0 ? 0 : d + (d - 1) * interior[i]!) + low[i]! + high[i]!;
      if (size < 0) throw new StableHLOError(op, `axis ${i} of ${x} would have negative size ${size}`);
      return size;
    }),
  );
}

/** Result of `stablehlo.iota`: a numeric shape and an axis inside it. */
export function inferIota(shape: Shape, axis: number): Shape {
  if (shape.dtype === 'bool' || !Number.isInteger(axis) || axis < 0 || axis >= shape.rank)
    throw new StableHLOError('stablehlo.iota', `iota_dimension ${axis} invalid for ${shape}`);
  return shape;
}

/**
 * Results of a (variadic) `stablehlo.reduce`: inputs of equal dims, one scalar init per input with the
 * input's dtype; the results drop `dims`.
 */
export function inferReduce(
  op: string,
  inputs: readonly Shape[],
  inits: readonly Shape[],
  dims: readonly number[],
): Shape[] {
  const first = inputs[0];
  if (!first || inputs.length !== inits.length)
    throw new StableHLOError(
      op,
      `needs as many init values as inputs, got (${list(inputs)}) and (${list(inits)})`,
    );
  inputs.forEach((s, i) => {
    if (!s.sameDims(first)) throw new StableHLOError(op, `inputs must have equal dims, got ${list(inputs)}`);
    const init = inits[i]!;
    if (init.rank !== 0 || init.dtype !== s.dtype)
      throw new StableHLOError(op, `init value ${i} must be a scalar of ${s.dtype}, got ${init}`);
  });
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0 || d >= first.rank)
      throw new StableHLOError(op, `dimension ${d} out of range for ${first}`);
  }
  return inputs.map((s) => s.withDims(s.dims.filter((_, i) => !dims.includes(i))));
}

/** Checks that a region returns exactly the expected types (reduce bodies, comparators, loop bodies). */
export function checkRegionResults(op: string, got: readonly Shape[], want: readonly Shape[]): void {
  if (got.length !== want.length || got.some((s, i) => !s.equals(want[i]!)))
    throw new StableHLOError(op, `region must return (${list(want)}), returns (${list(got)})`);
}

/** A scalar shape of `dtype`. */
export function scalarShape(dtype: DType): Shape {
  return new Shape(dtype, []);
}
