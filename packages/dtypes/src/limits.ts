import { type DType, describe } from './dtype.js';

const integerLimits: Partial<Record<DType, readonly [number | bigint, number | bigint]>> = {
  bool: [0, 1],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  uint64: [0n, 2n ** 64n - 1n],
};

interface FloatLimits {
  readonly max: number;
  readonly epsilon: number;
  readonly smallestNormal: number;
  readonly smallestSubnormal: number;
  readonly mantissaBits: number;
}

const floatLimits: Partial<Record<DType, FloatLimits>> = {
  float16: {
    max: 65504,
    epsilon: 2 ** -10,
    smallestNormal: 2 ** -14,
    smallestSubnormal: 2 ** -24,
    mantissaBits: 10,
  },
  bfloat16: {
    max: (2 - 2 ** -7) * 2 ** 127,
    epsilon: 2 ** -7,
    smallestNormal: 2 ** -126,
    smallestSubnormal: 2 ** -133,
    mantissaBits: 7,
  },
  float32: {
    max: (2 - 2 ** -23) * 2 ** 127,
    epsilon: 2 ** -23,
    smallestNormal: 2 ** -126,
    smallestSubnormal: 2 ** -149,
    mantissaBits: 23,
  },
  float64: {
    max: Number.MAX_VALUE,
    epsilon: Number.EPSILON,
    smallestNormal: 2 ** -1022,
    smallestSubnormal: Number.MIN_VALUE,
    mantissaBits: 52,
  },
};

/**
 * The largest finite value of `dtype`: a `bigint` for int64/uint64, a number otherwise (1 for bool).
 *
 * @throws RangeError for complex dtypes, which have no order.
 * @example
 * ```ts
 * maxValue('float16'); // 65504
 * maxValue('uint64');  // 18446744073709551615n
 * ```
 */
export function maxValue(dtype: DType): number | bigint {
  const ints = integerLimits[dtype];
  if (ints) return ints[1];
  return floatInfo(dtype, 'maxValue').max;
}

/**
 * The lowest finite value of `dtype` (`-maxValue` for floats, 0 for unsigned types and bool).
 *
 * @throws RangeError for complex dtypes.
 */
export function minValue(dtype: DType): number | bigint {
  const ints = integerLimits[dtype];
  if (ints) return ints[0];
  return -floatInfo(dtype, 'minValue').max;
}

/**
 * Machine epsilon of a float dtype: the gap between 1 and the next representable value.
 *
 * @throws RangeError for non-float dtypes.
 * @example
 * ```ts
 * epsilon('bfloat16'); // 0.0078125
 * ```
 */
export function epsilon(dtype: DType): number {
  return floatInfo(dtype, 'epsilon').epsilon;
}

/** Smallest positive normal value of a float dtype. @throws RangeError for non-float dtypes. */
export function smallestNormal(dtype: DType): number {
  return floatInfo(dtype, 'smallestNormal').smallestNormal;
}

/** Smallest positive subnormal value of a float dtype. @throws RangeError for non-float dtypes. */
export function smallestSubnormal(dtype: DType): number {
  return floatInfo(dtype, 'smallestSubnormal').smallestSubnormal;
}

/** Number of explicitly stored mantissa bits of a float dtype (10 for float16, 7 for bfloat16). */
export function mantissaBits(dtype: DType): number {
  return floatInfo(dtype, 'mantissaBits').mantissaBits;
}

function floatInfo(dtype: DType, fn: string): FloatLimits {
  const info = floatLimits[dtype];
  if (!info) {
    throw new RangeError(
      `${fn}: dtype ${describe(dtype)} has no such limit; valid: float16, bfloat16, float32, float64${fn === 'maxValue' || fn === 'minValue' ? ', bool and the integer types' : ''}`,
    );
  }
  return info;
}
