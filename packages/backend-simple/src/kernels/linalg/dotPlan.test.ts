import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { groupStride, permuteCopy, planDot } from './dotPlan.js';

describe('dotGeneral planning', () => {
  it('flattens contiguous axis groups and refuses the others', () => {
    // dims [2, 3, 4], strides [12, 4, 1]
    expect(groupStride([2, 3, 4], [12, 4, 1], [1, 2])).toBe(1);
    expect(groupStride([2, 3, 4], [12, 4, 1], [0, 1])).toBe(4);
    expect(groupStride([2, 3, 4], [12, 4, 1], [2, 1])).toBeUndefined();
    expect(groupStride([2, 3, 4], [12, 4, 1], [0, 2])).toBeUndefined();
    expect(groupStride([2, 3, 4], [12, 4, 1], [])).toBe(0);
    // size-1 axes do not matter
    expect(groupStride([2, 1, 4], [4, 4, 1], [0, 1, 2])).toBe(1);
  });

  it('reads a plain matmul in place and copies only non-contiguous operands', () => {
    const plain = planDot(new Shape('float32', [3, 4]), new Shape('float32', [4, 5]), {
      lhsBatchAxes: [],
      lhsContractingAxes: [1],
      rhsBatchAxes: [],
      rhsContractingAxes: [0],
    });
    expect(plain).toMatchObject({ batch: 1, m: 3, n: 5, k: 4 });
    expect(plain.lhs).toEqual({ permutation: undefined, batchStride: 0, outerStride: 4, innerStride: 1 });
    expect(plain.rhs).toEqual({ permutation: undefined, batchStride: 0, outerStride: 1, innerStride: 5 });
    const swapped = planDot(new Shape('float32', [2, 3, 4]), new Shape('float32', [4, 3, 5]), {
      lhsBatchAxes: [],
      lhsContractingAxes: [2, 1],
      rhsBatchAxes: [],
      rhsContractingAxes: [0, 1],
    });
    expect(swapped.lhs.permutation).toEqual([0, 2, 1]);
    expect(swapped.rhs.permutation).toBeUndefined();
  });

  it('permutes a copy like a transpose', () => {
    // x[i][j] = 10 i + j over [2, 3]; transposed to [3, 2]
    const x = Int32Array.from([0, 1, 2, 10, 11, 12]);
    expect(Array.from(permuteCopy(x, [2, 3], [1, 0]))).toEqual([0, 10, 1, 11, 2, 12]);
    const y = BigInt64Array.from([1n, 2n, 3n, 4n]);
    expect(Array.from(permuteCopy(y, [2, 2], [1, 0]))).toEqual([1n, 3n, 2n, 4n]);
  });
});
