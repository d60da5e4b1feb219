// Compile-time planning of dotGeneral: bringing both operands to [batch, M, K] and [batch, K, N] views.
import type { OpAttrs } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import { type Shape, stridesOf } from '@tsmlx/shapes';

/**
 * How to read one operand as a 3-D matrix [batch, outer, inner]: element (b, o, i) lives at
 * `b*batchStride + o*outerStride + i*innerStride` of the operand's storage, or of its copy permuted by
 * `permutation` when the axes of a group are not contiguous in memory.
 */
export interface OperandView {
  /** Axis order of a copy to make before reading (undefined: read the operand in place). */
  readonly permutation: readonly number[] | undefined;
  /** Stride of the flattened batch index. */
  readonly batchStride: number;
  /** Stride of the flattened outer index (M for lhs, N for rhs). */
  readonly outerStride: number;
  /** Stride of the flattened inner (contracting) index. */
  readonly innerStride: number;
}

/** A dotGeneral reduced to a batch of plain matrix products. */
export interface DotPlan {
  /** Batch size (product of batch dims). */
  readonly batch: number;
  /** Rows: product of the free lhs dims. */
  readonly m: number;
  /** Columns: product of the free rhs dims. */
  readonly n: number;
  /** Depth: product of the contracting dims. */
  readonly k: number;
  /** lhs read as [batch, M, K]. */
  readonly lhs: OperandView;
  /** rhs read as [batch, N, K]. */
  readonly rhs: OperandView;
}

/**
 * The stride of a group of axes flattened in the given order, or undefined when they cannot be flattened
 * without a copy. Size-1 axes are ignored; an empty group has stride 0.
 */
export function groupStride(
  dims: readonly number[],
  strides: readonly number[],
  axes: readonly number[],
): number | undefined {
  const kept = axes.filter((a) => dims[a] !== 1);
  if (kept.length === 0) return 0;
  for (let i = 0; i + 1 < kept.length; i++) {
    const outer = kept[i]!;
    const inner = kept[i + 1]!;
    if (strides[outer] !== strides[inner]! * dims[inner]!) return undefined;
  }
  return strides[kept[kept.length - 1]!]!;
}

function product(dims: readonly number[], axes: readonly number[]): number {
  let p = 1;
  for (const a of axes) p *= dims[a]!;
  return p;
}

function viewOf(
  dims: readonly number[],
  batchAxes: readonly number[],
  outerAxes: readonly number[],
  innerAxes: readonly number[],
): OperandView {
  const strides = stridesOf(dims);
  const b = groupStride(dims, strides, batchAxes);
  const o = groupStride(dims, strides, outerAxes);
  const i = groupStride(dims, strides, innerAxes);
  if (b !== undefined && o !== undefined && i !== undefined) {
    return { permutation: undefined, batchStride: b, outerStride: o, innerStride: i };
  }
  // Copy to [batch, outer, inner] order, contiguous.
  const outer = product(dims, outerAxes);
  const inner = product(dims, innerAxes);
  return {
    permutation: [...batchAxes, ...outerAxes, ...innerAxes],
    batchStride: outer * inner,
    outerStride: inner,
    innerStride: 1,
  };
}

/** Plans a dotGeneral for operand shapes `lhs` and `rhs`. */
export function planDot(lhs: Shape, rhs: Shape, attrs: OpAttrs['dotGeneral']): DotPlan {
  const { lhsBatchAxes, lhsContractingAxes, rhsBatchAxes, rhsContractingAxes } = attrs;
  const free = (rank: number, used: readonly number[]) =>
    Array.from({ length: rank }, (_, i) => i).filter((i) => !used.includes(i));
  const lhsFree = free(lhs.rank, [...lhsBatchAxes, ...lhsContractingAxes]);
  const rhsFree = free(rhs.rank, [...rhsBatchAxes, ...rhsContractingAxes]);
  return {
    batch: product(lhs.dims, lhsBatchAxes),
    m: product(lhs.dims, lhsFree),
    n: product(rhs.dims, rhsFree),
    k: product(lhs.dims, lhsContractingAxes),
    lhs: viewOf(lhs.dims, lhsBatchAxes, lhsFree, lhsContractingAxes),
    rhs: viewOf(rhs.dims, rhsBatchAxes, rhsFree, rhsContractingAxes),
  };
}

/**
 * Returns a contiguous copy of `src` (row-major over `dims`) with its axes reordered by `permutation`
 * (result axis i = source axis permutation[i]); same storage type.
 */
export function permuteCopy<A extends AnyStorageArray>(
  src: A,
  dims: readonly number[],
  permutation: readonly number[],
): A {
  const n = src.length;
  const out = new (src.constructor as new (length: number) => A)(n);
  if (n === 0 || permutation.length === 0) {
    out.set(src as never);
    return out;
  }
  const srcStrides = stridesOf(dims);
  const rank = permutation.length;
  const pDims = permutation.map((a) => dims[a]!);
  const pStrides = permutation.map((a) => srcStrides[a]!);
  const index = new Array<number>(rank).fill(0);
  const last = rank - 1;
  const lastDim = pDims[last]!;
  const lastStride = pStrides[last]!;
  const source = src as unknown as { [i: number]: number | bigint };
  const target = out as unknown as { [i: number]: number | bigint };
  let o = 0;
  let s = 0;
  for (;;) {
    for (let j = 0, t = s; j < lastDim; j++, t += lastStride) target[o++] = source[t]!;
    let axis = last - 1;
    while (axis >= 0) {
      s += pStrides[axis]!;
      if (++index[axis]! < pDims[axis]!) break;
      s -= pStrides[axis]! * pDims[axis]!;
      index[axis] = 0;
      axis--;
    }
    if (axis < 0) return out;
  }
}
