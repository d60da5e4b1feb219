import { type DType, isBool, isFloat, isInteger, isUnsigned } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { OpError } from '../errors.js';

// Validation helpers shared by the shape-inference functions of the op table.

/** Readable list of shapes for error messages. */
export function showShapes(shapes: readonly Shape[]): string {
  return shapes.map((s) => s.toString()).join(', ');
}

/** Throws unless exactly `count` operands were given. */
export function expectCount(op: string, shapes: readonly Shape[], count: number): void {
  if (shapes.length !== count) {
    throw new OpError(
      op,
      `takes ${count} operand${count === 1 ? '' : 's'}, got ${shapes.length} (${showShapes(shapes)})`,
    );
  }
}

/** Throws unless at least `count` operands were given. */
export function expectAtLeast(op: string, shapes: readonly Shape[], count: number): void {
  if (shapes.length < count) {
    throw new OpError(op, `takes at least ${count} operand(s), got ${shapes.length} (${showShapes(shapes)})`);
  }
}

/** Dtype classes op declarations accept. */
export type DTypeClass = 'any' | 'numeric' | 'float' | 'integer' | 'integerOrBool' | 'bool' | 'signedOrFloat';

const classDescriptions: Record<DTypeClass, string> = {
  any: 'any dtype',
  numeric: 'a numeric dtype (integer or float, not bool)',
  float: 'a float dtype (float16, bfloat16, float32, float64)',
  integer: 'an integer dtype',
  integerOrBool: 'an integer dtype or bool',
  bool: 'bool',
  signedOrFloat: 'a signed integer or float dtype',
};

/** Tells whether `dtype` belongs to the class. Complex dtypes belong only to `any` for now. */
export function inClass(dtype: DType, cls: DTypeClass): boolean {
  if (dtype === 'complex64' || dtype === 'complex128') return cls === 'any';
  switch (cls) {
    case 'any':
      return true;
    case 'numeric':
      return !isBool(dtype);
    case 'float':
      return isFloat(dtype);
    case 'integer':
      return isInteger(dtype);
    case 'integerOrBool':
      return isInteger(dtype) || isBool(dtype);
    case 'bool':
      return isBool(dtype);
    case 'signedOrFloat':
      return isFloat(dtype) || (isInteger(dtype) && !isUnsigned(dtype));
  }
}

/** Throws unless `shape.dtype` is in the class. */
export function expectDType(op: string, shape: Shape, cls: DTypeClass, what = 'operand'): void {
  if (!inClass(shape.dtype, cls)) {
    throw new OpError(op, `${what} ${shape} has dtype ${shape.dtype}; expected ${classDescriptions[cls]}`);
  }
}

/** Throws unless all shapes are equal (dtype and dims). */
export function expectSameShapes(op: string, shapes: readonly Shape[]): void {
  const first = shapes[0];
  if (!first) return;
  for (const s of shapes) {
    if (!s.equals(first)) {
      throw new OpError(
        op,
        `operands must have equal shapes (use broadcastInDim/convertDType first), got ${showShapes(shapes)}`,
      );
    }
  }
}

/** Throws unless `axis` is an integer in `[0, rank)`. */
export function expectAxis(op: string, axis: number, rank: number, what = 'axis'): void {
  if (!Number.isInteger(axis) || axis < 0 || axis >= rank) {
    throw new OpError(op, `${what} ${axis} is out of range for rank ${rank} (valid: 0..${rank - 1})`);
  }
}

/** Throws unless `axes` are distinct valid axes. */
export function expectAxes(op: string, axes: readonly number[], rank: number, what = 'axes'): void {
  if (!Array.isArray(axes)) throw new OpError(op, `${what} must be an array of axes, got ${String(axes)}`);
  const seen = new Set<number>();
  for (const axis of axes) {
    expectAxis(op, axis, rank, `${what} entry`);
    if (seen.has(axis)) throw new OpError(op, `${what} [${axes.join(', ')}] repeat axis ${axis}`);
    seen.add(axis);
  }
}

/** Throws unless `list` has `length` integers, each at least `min`. */
export function expectIntList(
  op: string,
  list: readonly number[],
  length: number,
  what: string,
  min = Number.NEGATIVE_INFINITY,
): void {
  if (!Array.isArray(list) || list.length !== length) {
    throw new OpError(
      op,
      `${what} must list ${length} integers (one per axis), got [${Array.isArray(list) ? list.join(', ') : String(list)}]`,
    );
  }
  for (const v of list) {
    if (!Number.isInteger(v) || v < min) {
      throw new OpError(
        op,
        `${what} [${list.join(', ')}] must hold integers${min > Number.NEGATIVE_INFINITY ? ` ≥ ${min}` : ''}`,
      );
    }
  }
}

/** Builds a shape, turning invalid dims into an OpError. */
export function resultShape(op: string, dtype: DType, dims: readonly number[]): Shape {
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new OpError(op, `the result would have invalid dims [${dims.join(', ')}]`);
    }
  }
  return new Shape(dtype, dims);
}
