import {
  type AnyStorageArray,
  allocateStorage,
  bfloat16ArrayToFloat32,
  bfloat16FromNumber,
  type DType,
  float16ArrayToFloat32,
  float16FromNumber,
  is64BitInteger,
  isBool,
  isFloat,
  maxValue,
  minValue,
} from '@tsmlx/dtypes';
import { maxBigint, minBigint, productBigint, sumBigint } from './kits/bigintArith.js';
import { andBigint, orBigint, xorBigint } from './kits/bigintBits.js';
import { productFloat, productInt, sumFloat, sumInt } from './kits/numberArith.js';
import { andNumber, orNumber, xorNumber } from './kits/numberBits.js';
import { maxNumber, minNumber } from './kits/numberOrder.js';
import type { Elements, ReduceKit } from './kits/types.js';

/** The associative combinations the reduce and window kernels apply. */
export type Combination = 'sum' | 'product' | 'max' | 'min' | 'and' | 'or' | 'xor';

/** An element of either family. */
export type Scalar = number | bigint;

/** The identity of a combination for a dtype (0, 1, lowest, highest, all ones; `true` for bool and). */
export function identityOf(combination: Combination, dtype: DType): Scalar {
  const big = is64BitInteger(dtype);
  switch (combination) {
    case 'sum':
    case 'or':
    case 'xor':
      return big ? 0n : 0;
    case 'product':
      return big ? 1n : 1;
    case 'max':
      return isFloat(dtype) ? Number.NEGATIVE_INFINITY : minValue(dtype);
    case 'min':
      return isFloat(dtype) ? Number.POSITIVE_INFINITY : maxValue(dtype);
    case 'and':
      return big ? -1n : isBool(dtype) ? 1 : -1;
  }
}

function numberKit(combination: Combination, float: boolean): ReduceKit<number> {
  switch (combination) {
    case 'sum':
      return float ? sumFloat : sumInt;
    case 'product':
      return float ? productFloat : productInt;
    case 'max':
      return maxNumber;
    case 'min':
      return minNumber;
    case 'and':
      return andNumber;
    case 'or':
      return orNumber;
    case 'xor':
      return xorNumber;
  }
}

function bigintKit(combination: Combination): ReduceKit<bigint> {
  switch (combination) {
    case 'sum':
      return sumBigint;
    case 'product':
      return productBigint;
    case 'max':
      return maxBigint;
    case 'min':
      return minBigint;
    case 'and':
      return andBigint;
    case 'or':
      return orBigint;
    case 'xor':
      return xorBigint;
  }
}

/**
 * How one combination accumulates for one dtype, decided at compile time:
 * - 64-bit integers accumulate as bigints straight into the output array (stores wrap modulo 2⁶⁴);
 * - every other dtype accumulates in a float64 array: floats (float16/bfloat16 widened to float32 on input)
 *   are rounded once to the output dtype at the end; integers up to 32 bits wrap modulo 2³² at every step
 *   and modulo their width when stored; bools are 0/1.
 */
export class Accumulation {
  /** The inner loops. */
  readonly kit: ReduceKit<Scalar>;
  /** The identity the accumulator starts from. */
  readonly identity: Scalar;
  private readonly big: boolean;

  constructor(
    /** Element dtype of operand and result. */
    readonly dtype: DType,
    /** The combination. */
    readonly combination: Combination,
    /** Number of results. */
    readonly size: number,
  ) {
    this.big = is64BitInteger(dtype);
    this.identity = identityOf(combination, dtype);
    this.kit = (
      this.big ? bigintKit(combination) : numberKit(combination, isFloat(dtype))
    ) as ReduceKit<Scalar>;
  }

  /** A fresh accumulator of `size` elements holding the identity. */
  start(): Elements<Scalar> {
    if (this.big) {
      const out = allocateStorage(this.dtype, this.size) as BigInt64Array;
      out.fill(this.identity as bigint);
      return out as Elements<Scalar>;
    }
    const acc = new Float64Array(this.size);
    if (this.identity !== 0) acc.fill(this.identity as number);
    return acc as Elements<Scalar>;
  }

  /** The operand as the kit reads it (float16/bfloat16 widened to float32, others as they are). */
  input(x: AnyStorageArray): Elements<Scalar> {
    return widen(x, this.dtype) as Elements<Scalar>;
  }

  /** Converts the accumulator into the result storage (rounding floats once). */
  finish(acc: Elements<Scalar>): AnyStorageArray {
    return narrow(acc, this.dtype);
  }
}

/** A storage array as the kits read it: float16/bfloat16 widened to float32 (a copy), others as they are. */
export function widen(x: AnyStorageArray, dtype: DType): Elements<Scalar> {
  if (dtype === 'float16') return float16ArrayToFloat32(x as Uint16Array);
  if (dtype === 'bfloat16') return bfloat16ArrayToFloat32(x as Uint16Array);
  return x as Elements<Scalar>;
}

/**
 * Converts a float64 accumulator (or a bigint one, returned as is) into result storage of `dtype`: floats
 * are rounded once, integers wrap modulo their width.
 */
export function narrow(acc: Elements<Scalar>, dtype: DType): AnyStorageArray {
  if (is64BitInteger(dtype) || dtype === 'float64') return acc as AnyStorageArray;
  const source = acc as Float64Array;
  const out = allocateStorage(dtype, source.length);
  if (dtype === 'float16' || dtype === 'bfloat16') {
    const bits = out as Uint16Array;
    const convert = dtype === 'float16' ? float16FromNumber : bfloat16FromNumber;
    for (let i = 0; i < source.length; i++) bits[i] = convert(source[i]!);
    return bits;
  }
  (out as Float32Array).set(source);
  return out;
}
