import { type AnyStorageArray, bfloat16ToNumber, type DType, float16ToNumber, isFloat } from '@tsmlx/dtypes';
import type { ExpectedTensor, Tolerance } from './types.js';

/** Default float tolerances per dtype: a few units of the dtype's precision. */
export function defaultTolerance(dtype: DType): Tolerance {
  switch (dtype) {
    case 'float16':
      return { rtol: 2e-3, atol: 1e-3 };
    case 'bfloat16':
      return { rtol: 1.6e-2, atol: 1e-2 };
    case 'float32':
      return { rtol: 2e-6, atol: 1e-6 };
    default:
      return { rtol: 1e-12, atol: 1e-12 };
  }
}

/** Reads element `i` of a storage array as a number, bigint or boolean-as-number. */
export function elementAt(data: AnyStorageArray, dtype: DType, i: number): number | bigint {
  const raw = data[i]!;
  if (dtype === 'float16') return float16ToNumber(raw as number);
  if (dtype === 'bfloat16') return bfloat16ToNumber(raw as number);
  return raw;
}

/**
 * Compares actual output data with expected values; returns a description of the first mismatches, or
 * undefined when everything matches. NaN matches NaN; infinities must match exactly.
 */
export function compareOutput(
  actual: AnyStorageArray,
  dtype: DType,
  expected: ExpectedTensor,
  tolerance: Tolerance = defaultTolerance(dtype),
): string | undefined {
  const n = expected.values.length;
  if (actual.length !== n) return `expected ${n} elements, got ${actual.length}`;
  const problems: string[] = [];
  for (let i = 0; i < n && problems.length < 5; i++) {
    const got = elementAt(actual, dtype, i);
    const raw = expected.values[i]!;
    const want = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
    if (typeof got === 'bigint' || typeof want === 'bigint') {
      if (BigInt(got) !== BigInt(want)) problems.push(`[${i}] got ${got}, expected ${want}`);
      continue;
    }
    if (!isFloat(dtype)) {
      if (got !== want) problems.push(`[${i}] got ${got}, expected ${want}`);
      continue;
    }
    if (Number.isNaN(want)) {
      if (!Number.isNaN(got)) problems.push(`[${i}] got ${got}, expected NaN`);
      continue;
    }
    if (!Number.isFinite(want)) {
      if (got !== want) problems.push(`[${i}] got ${got}, expected ${want}`);
      continue;
    }
    if (!(Math.abs(got - want) <= tolerance.atol + tolerance.rtol * Math.abs(want))) {
      problems.push(`[${i}] got ${got}, expected ${want} (rtol ${tolerance.rtol}, atol ${tolerance.atol})`);
    }
  }
  return problems.length ? problems.join('; ') : undefined;
}
