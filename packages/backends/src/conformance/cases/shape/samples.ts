import type { DType } from '@tsmlx/dtypes';
import type { Scalar } from './tensors.js';

/**
 * `n` distinct-ish sample values of `dtype` that the dtype holds exactly: wide 64-bit patterns beyond 2^53 for
 * int64/uint64, signed values, fractions for floats (integers only for bfloat16, which has 8 significant bits),
 * alternating 0/1 for bool. Element moves must reproduce them exactly.
 */
export function sample(dtype: DType, n: number): Scalar[] {
  return Array.from({ length: n }, (_, i) => sampleAt(dtype, i));
}

function sampleAt(dtype: DType, i: number): Scalar {
  switch (dtype) {
    case 'bool':
      return i % 3 !== 1;
    case 'int8':
      return ((i * 37) % 256) - 128;
    case 'uint8':
      return (i * 37 + 5) % 256;
    case 'int16':
      return ((i * 1237) % 65536) - 32768;
    case 'uint16':
      return (i * 1237 + 11) % 65536;
    case 'int32':
      return (i % 2 === 0 ? 1 : -1) * (i * 100_003 + 7);
    case 'uint32':
      return 4_000_000_000 - i * 1_000_003;
    case 'int64':
      return (i % 2 === 0 ? 1n : -1n) * ((1n << 60n) + BigInt(i) * 1_234_567_891n);
    case 'uint64':
      return (1n << 63n) + BigInt(i) * 98_765_432_123n;
    case 'float16':
      return (i % 2 === 0 ? 1 : -1) * (i * 0.25 + 0.5); // exact while i·0.25 < 512
    case 'bfloat16':
      return (i % 2 === 0 ? 1 : -1) * ((i % 250) + 1); // integers up to 256 are exact
    case 'float32':
      return i * 0.75 - 10.125;
    default:
      return i * 1.0009765625 - 3.5;
  }
}
