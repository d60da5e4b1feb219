import { type AnyStorageArray, allocateStorage } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import type { KernelRun } from '../registry.js';
import { wordsPerElement, wordView } from './words.js';

/**
 * `where` (select): element `i` from `onTrue` where `condition[i]` is true (any non-zero byte), else from
 * `onFalse`. A scalar condition picks a whole operand (copied: kernels never return operands). Elements are
 * moved as raw words, so every dtype works and bits are kept.
 */
export function whereKernel(condition: Shape, out: Shape): KernelRun {
  if (condition.rank === 0 && out.rank !== 0) {
    return (inputs) => {
      const chosen = (inputs[0]![0] ? inputs[1] : inputs[2])!;
      return [chosen.slice() as AnyStorageArray];
    };
  }
  const n = out.size;
  const wide = wordsPerElement(out.dtype) === 2;
  return (inputs) => {
    const cond = inputs[0] as Uint8Array;
    const a = wordView(inputs[1]!);
    const b = wordView(inputs[2]!);
    const result = allocateStorage(out.dtype, n);
    const dst = wordView(result);
    if (wide) {
      for (let i = 0, j = 0; i < n; i++, j += 2) {
        const src = cond[i] ? a : b;
        dst[j] = src[j]!;
        dst[j + 1] = src[j + 1]!;
      }
    } else {
      for (let i = 0; i < n; i++) dst[i] = cond[i] ? a[i]! : b[i]!;
    }
    return [result];
  };
}
