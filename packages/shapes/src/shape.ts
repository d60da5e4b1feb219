import { assertDType, type DType, describe, byteSize as dtypeByteSize } from '@tsmlx/dtypes';

/**
 * The static shape of a tensor: an element dtype and a list of dimensions. Immutable; a scalar has no
 * dimensions. Dimensions are non-negative safe integers (zero-size dims are allowed).
 *
 * @example
 * ```ts
 * const s = new Shape('float32', [2, 3]);
 * s.rank;        // 2
 * s.size;        // 6
 * s.strides;     // [3, 1]
 * `${s}`;        // '(float32)[2, 3]'
 * ```
 */
export class Shape {
  /** The element type. */
  readonly dtype: DType;
  /** The dimensions, outermost first (row-major). Frozen. */
  readonly dims: readonly number[];
  /** Number of elements: the product of the dims (1 for a scalar). */
  readonly size: number;

  /**
   * @param dtype - a canonical dtype name.
   * @param dims - non-negative integer dimensions; omit or pass `[]` for a scalar.
   * @throws TypeError for an unknown dtype or non-array dims; RangeError for a negative, fractional,
   * NaN or unsafe dimension (naming the axis and the value).
   */
  constructor(dtype: DType, dims: readonly number[] = []) {
    this.dtype = assertDType(dtype, 'Shape');
    this.dims = Object.freeze(checkDims(dims, 'Shape'));
    let size = 1;
    for (const d of this.dims) size *= d;
    if (!Number.isSafeInteger(size)) {
      throw new RangeError(
        `Shape: dims [${this.dims.join(', ')}] have ${size} elements, more than can be indexed`,
      );
    }
    this.size = size;
    Object.freeze(this);
  }

  /** A scalar shape of the given dtype. */
  static scalar(dtype: DType): Shape {
    return new Shape(dtype, []);
  }

  /** Number of dimensions (0 for a scalar). */
  get rank(): number {
    return this.dims.length;
  }

  /** Bytes needed to store all elements. */
  get byteSize(): number {
    return this.size * dtypeByteSize(this.dtype);
  }

  /** Row-major strides in elements: the last axis has stride 1. */
  get strides(): number[] {
    return stridesOf(this.dims);
  }

  /** True when the shape has no dimensions. */
  isScalar(): boolean {
    return this.dims.length === 0;
  }

  /** The size of `axis`; negative axes count from the end. @throws RangeError for an invalid axis. */
  dim(axis: number): number {
    return this.dims[normalizeAxis(axis, this.rank, `Shape${this.toString()}.dim`)]!;
  }

  /** True when dtype and dims are equal. */
  equals(other: Shape): boolean {
    return this.dtype === other.dtype && sameDims(this.dims, other.dims);
  }

  /** True when dims are equal, whatever the dtypes. */
  sameDims(other: Shape): boolean {
    return sameDims(this.dims, other.dims);
  }

  /** The same dims with another dtype. */
  withDType(dtype: DType): Shape {
    return dtype === this.dtype ? this : new Shape(dtype, this.dims);
  }

  /** The same dtype with other dims. */
  withDims(dims: readonly number[]): Shape {
    return new Shape(this.dtype, dims);
  }

  /** Readable form, e.g. `(float32)[2, 3]`; a scalar prints as `(float32)[]`. */
  toString(): string {
    return `(${this.dtype})[${this.dims.join(', ')}]`;
  }

  /** Plain JSON form `{ dtype, dims }`. */
  toJSON(): { dtype: DType; dims: number[] } {
    return { dtype: this.dtype, dims: [...this.dims] };
  }
}

/**
 * Builds a shape from a dtype and dims given as arguments.
 *
 * @example
 * ```ts
 * makeShape('int32', 4, 5).toString(); // '(int32)[4, 5]'
 * ```
 */
export function makeShape(dtype: DType, ...dims: number[]): Shape {
  return new Shape(dtype, dims);
}

/** Row-major strides (in elements) of the given dims. */
export function stridesOf(dims: readonly number[]): number[] {
  const strides = new Array<number>(dims.length);
  let stride = 1;
  for (let axis = dims.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= dims[axis]!;
  }
  return strides;
}

/** Product of the dims (1 for none). */
export function sizeOf(dims: readonly number[]): number {
  let size = 1;
  for (const d of dims) size *= d;
  return size;
}

/** True when two dim lists are equal. */
export function sameDims(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Validates a list of dimensions and returns a copy.
 *
 * @param where - names the caller in error messages.
 * @throws TypeError when `dims` is not an array; RangeError naming the axis and value of a bad dim.
 */
export function checkDims(dims: readonly number[], where: string): number[] {
  if (!Array.isArray(dims)) {
    throw new TypeError(`${where}: dims must be an array of non-negative integers, got ${describe(dims)}`);
  }
  return dims.map((d, axis) => {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new RangeError(
        `${where}: dimension ${axis} must be a non-negative integer, got ${describe(d)} in [${dims.map(describe).join(', ')}]`,
      );
    }
    return d;
  });
}

/**
 * Turns a possibly negative axis into one in `[0, rank)`.
 *
 * @param where - names the caller in the error message.
 * @throws RangeError naming the axis and the valid range.
 * @example
 * ```ts
 * normalizeAxis(-1, 3); // 2
 * ```
 */
export function normalizeAxis(axis: number, rank: number, where = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new RangeError(
      `${where}: axis ${describe(axis)} is out of range for rank ${rank}; valid axes are ${rank === 0 ? 'none (scalar)' : `${-rank}..${rank - 1}`}`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}
