import { type DType, isFloat, maxValue, minValue } from '@tsmlx/dtypes';

/** The combining ops of reductions, windows and scatters. */
export type Combiner = 'add' | 'mul' | 'max' | 'min' | 'and' | 'or' | 'xor';

/** The StableHLO op of each combiner. */
export const COMBINER_OPS: Record<Combiner, string> = {
  add: 'stablehlo.add',
  mul: 'stablehlo.multiply',
  max: 'stablehlo.maximum',
  min: 'stablehlo.minimum',
  and: 'stablehlo.and',
  or: 'stablehlo.or',
  xor: 'stablehlo.xor',
};

/**
 * The identity of a combiner for a dtype (the init value of reductions and the padding of windows):
 * add/or/xor 0 (false), mul 1, and all ones (true), max the lowest value (-Infinity for floats), min the
 * highest (+Infinity for floats).
 */
export function identityOf(combiner: Combiner, dtype: DType): number | bigint | boolean {
  const bool = dtype === 'bool';
  switch (combiner) {
    case 'add':
    case 'or':
    case 'xor':
      return bool ? false : 0;
    case 'mul':
      return 1;
    case 'and':
      return bool ? true : allOnes(dtype);
    case 'max':
      return isFloat(dtype) ? Number.NEGATIVE_INFINITY : minValue(dtype);
    case 'min':
      return isFloat(dtype) ? Number.POSITIVE_INFINITY : maxValue(dtype);
  }
}

function allOnes(dtype: DType): number | bigint {
  if (dtype.startsWith('uint')) return maxValue(dtype);
  return dtype === 'int64' ? -1n : -1;
}
