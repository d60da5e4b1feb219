import { acquireStorage } from '../../storagePool.js';
import type { KernelRun } from '../registry.js';
import type { ReductionLayout } from './layout.js';

// float32 sums over the leading axes (`[r, k] → [k]`, bias gradients) or the trailing axes (`[k, r] → [k]`,
// row sums) in loops of their own: the generic kits serve every dtype, so their element loads are
// polymorphic; these see only Float32Array operands. Same float64 accumulation in the same order, rounded
// once, so results are identical to the generic kernel.

/** A float32 sum kernel for a two-axis (or one-axis) reduction layout, or undefined for other layouts. */
export function float32Sum(layout: ReductionLayout): KernelRun | undefined {
  const { dims, reduced, inputSize } = layout;
  if (inputSize === 0 || dims.length > 2) return undefined;
  if (dims.length === 1 || reduced[0]) {
    // [r, k] → [k] (a single reduced axis is [r, 1]; a single kept one [1, k]).
    const [r, k] = dims.length === 1 ? (reduced[0] ? [dims[0]!, 1] : [1, dims[0]!]) : [dims[0]!, dims[1]!];
    return (inputs) => {
      const x = inputs[0] as Float32Array;
      const acc = new Float64Array(k);
      // Four rows per pass: ((acc + x₀) + x₁) + … adds in the same order as one row at a time.
      let j = 0;
      for (; j + 4 <= r; j += 4) {
        for (let a = 0, i = j * k; a < k; a++, i++) {
          acc[a] = acc[a]! + x[i]! + x[i + k]! + x[i + 2 * k]! + x[i + 3 * k]!;
        }
      }
      for (; j < r; j++) {
        for (let a = 0, i = j * k; a < k; a++, i++) acc[a] = acc[a]! + x[i]!;
      }
      const out = acquireStorage('float32', k) as Float32Array;
      out.set(acc);
      return [out];
    };
  }
  // [k, r] → [k].
  const [k, r] = [dims[0]!, dims[1]!];
  return (inputs) => {
    const x = inputs[0] as Float32Array;
    const out = acquireStorage('float32', k) as Float32Array;
    for (let a = 0, i = 0; a < k; a++) {
      let s = 0;
      for (const stop = i + r; i < stop; i++) s += x[i]!;
      out[a] = s;
    }
    return [out];
  };
}
