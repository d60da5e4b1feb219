// Inputs, deterministic sample values and integer wrapping for the linalg conformance cases.
import {
  type AnyStorageArray,
  allocateStorage,
  bfloat16FromNumber,
  type DType,
  float16FromNumber,
  is64BitInteger,
  isFloat,
} from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import type { CaseTensor, ExpectedTensor } from '../../types.js';

/** An element of a linalg case: a number, or a bigint for 64-bit integers. */
export type Num = number | bigint;

/** Number of elements of `dims`. */
export function sizeOf(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Encodes values into the storage array of `dtype` (half floats as raw bits, 64-bit ints as bigint). */
export function toStorage(dtype: DType, values: readonly Num[]): AnyStorageArray {
  const out = allocateStorage(dtype, values.length);
  values.forEach((v, i) => {
    if (is64BitInteger(dtype)) (out as BigInt64Array)[i] = BigInt(v);
    else if (dtype === 'float16') (out as Uint16Array)[i] = float16FromNumber(Number(v));
    else if (dtype === 'bfloat16') (out as Uint16Array)[i] = bfloat16FromNumber(Number(v));
    else (out as Float64Array)[i] = Number(v);
  });
  return out;
}

/** A case input. */
export function tensor(dtype: DType, dims: readonly number[], values: readonly Num[]): CaseTensor {
  const shape = new Shape(dtype, dims);
  if (values.length !== shape.size) throw new Error(`case tensor ${shape} given ${values.length} values`);
  return { shape, data: toStorage(dtype, values) };
}

/** An expected output. */
export function expected(dtype: DType, dims: readonly number[], values: readonly Num[]): ExpectedTensor {
  const shape = new Shape(dtype, dims);
  if (values.length !== shape.size) throw new Error(`expected ${shape} given ${values.length} values`);
  return { shape, values };
}

/** A small deterministic generator (mulberry32) of floats in [0, 1). */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const intRanges: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

/**
 * `n` sample values of `dtype` that the dtype stores exactly: float32-rounded values in [-2, 2) for
 * float32, multiples of 1/8 (float16) or 1/4 (bfloat16) in [-2, 2], the full range for integers (so that
 * products overflow and wraparound is exercised).
 */
export function samples(dtype: DType, n: number, seed: number): Num[] {
  const next = random(seed);
  const out: Num[] = [];
  for (let i = 0; i < n; i++) {
    const u = next();
    if (dtype === 'float64') out.push(u * 4 - 2);
    else if (dtype === 'float32') out.push(Math.fround(u * 4 - 2));
    else if (dtype === 'float16') out.push(Math.floor(u * 33) / 8 - 2);
    else if (dtype === 'bfloat16') out.push(Math.floor(u * 17) / 4 - 2);
    else if (dtype === 'int64' || dtype === 'uint64') {
      const hi = BigInt(Math.floor(u * 2 ** 32));
      const lo = BigInt(Math.floor(next() * 2 ** 32));
      const bits = (hi << 32n) | lo;
      out.push(dtype === 'int64' ? BigInt.asIntN(64, bits) : bits);
    } else {
      const [lo, hi] = intRanges[dtype]!;
      out.push(lo + Math.floor(u * (hi - lo + 1)));
    }
  }
  return out;
}

/** Bit width of an integer dtype and whether it is signed. */
const intBits: Partial<Record<DType, [number, boolean]>> = {
  int8: [8, true],
  int16: [16, true],
  int32: [32, true],
  int64: [64, true],
  uint8: [8, false],
  uint16: [16, false],
  uint32: [32, false],
  uint64: [64, false],
};

/**
 * An exact sum in the arithmetic of `dtype`: integers are accumulated as bigint and wrapped to the dtype's
 * width at the end (two's complement), floats are summed as float64 numbers.
 */
export class Accumulator {
  private float = 0;
  private int = 0n;
  private readonly isFloatType: boolean;

  /** @param dtype - the result dtype. */
  constructor(private readonly dtype: DType) {
    this.isFloatType = isFloat(dtype);
  }

  /** Adds `x * y`. */
  addProduct(x: Num, y: Num): void {
    if (this.isFloatType) this.float += Number(x) * Number(y);
    else this.int += BigInt(x) * BigInt(y);
  }

  /** The sum, wrapped to the dtype (bigint for 64-bit integers). */
  value(): Num {
    if (this.isFloatType) return this.float;
    const [bits, signed] = intBits[this.dtype]!;
    const wrapped = signed ? BigInt.asIntN(bits, this.int) : BigInt.asUintN(bits, this.int);
    return bits === 64 ? wrapped : Number(wrapped);
  }
}
