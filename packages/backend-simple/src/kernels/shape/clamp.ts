import { type AnyStorageArray, allocateStorage, is64BitInteger } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import type { KernelRun } from '../registry.js';
import { halfDecodeTable } from './halfTables.js';

type NumberArray = Exclude<AnyStorageArray, BigInt64Array | BigUint64Array>;
type BigArray = BigInt64Array | BigUint64Array;

/**
 * `clamp(lo, x, hi)` = `min(max(x, lo), hi)` element by element (XLA semantics); `lo` and `hi` are scalars or
 * of the dims of `x`. When `lo > hi` the result is `hi`. NaN in any of the three operands gives NaN (as XLA's
 * NaN-propagating min/max; for float16/bfloat16 the NaN bits of the first NaN operand in the order x, lo, hi).
 */
export function clampKernel(lo: Shape, x: Shape, hi: Shape): KernelRun {
  const n = x.size;
  const loStep = lo.rank === 0 ? 0 : 1;
  const hiStep = hi.rank === 0 ? 0 : 1;
  const { dtype } = x;
  if (is64BitInteger(dtype)) {
    return (inputs) => {
      const [l, v, h] = inputs as [BigArray, BigArray, BigArray];
      const out = allocateStorage(dtype, n) as BigArray;
      for (let i = 0; i < n; i++) {
        const low = l[i * loStep]!;
        const high = h[i * hiStep]!;
        const value = v[i]!;
        // biome-ignore lint/complexity/useMathMinMax: bigint operands (Math.max rejects bigint)
        const raised = value < low ? low : value;
        // biome-ignore lint/complexity/useMathMinMax: bigint operands
        out[i] = raised > high ? high : raised;
      }
      return [out];
    };
  }
  if (dtype === 'float16' || dtype === 'bfloat16') {
    return (inputs) => {
      const table = halfDecodeTable(dtype);
      const [l, v, h] = inputs as [Uint16Array, Uint16Array, Uint16Array];
      const out = allocateStorage(dtype, n) as Uint16Array;
      for (let i = 0; i < n; i++) out[i] = clampHalf(table, l[i * loStep]!, v[i]!, h[i * hiStep]!);
      return [out];
    };
  }
  return (inputs) => {
    const [l, v, h] = inputs as [NumberArray, NumberArray, NumberArray];
    const out = allocateStorage(dtype, n) as NumberArray;
    for (let i = 0; i < n; i++) out[i] = Math.min(Math.max(v[i]!, l[i * loStep]!), h[i * hiStep]!);
    return [out];
  };
}

function clampHalf(table: Float32Array, lowBits: number, valueBits: number, highBits: number): number {
  const value = table[valueBits]!;
  const low = table[lowBits]!;
  const high = table[highBits]!;
  if (Number.isNaN(value)) return valueBits;
  if (Number.isNaN(low)) return lowBits;
  if (Number.isNaN(high)) return highBits;
  if (value < low) return low > high ? highBits : lowBits;
  return value > high ? highBits : valueBits;
}
