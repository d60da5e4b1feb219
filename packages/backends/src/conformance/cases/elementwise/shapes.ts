import type { ConformanceCase } from '../../types.js';
import { opCase } from './tensors.js';

// Elementwise ops on zero-size, rank-0 and rank-6 operands (hand-computed).

const rank6 = [2, 1, 2, 1, 2, 2];

/** Shape edge cases of the elementwise ops. */
export function shapeEdgeCases(): ConformanceCase[] {
  const n6 = 16;
  const xs = Array.from({ length: n6 }, (_, i) => i - 8);
  const ys = Array.from({ length: n6 }, (_, i) => (i * 3) % 7);
  return [
    opCase('add', 'float32: zero-size [0]', 'float32', [[], []], 'float32', [], { dims: [0] }),
    opCase('exp', 'float64: zero-size [2, 0, 3]', 'float64', [[]], 'float64', [], { dims: [2, 0, 3] }),
    opCase('equal', 'int32: zero-size [0, 4]', 'int32', [[], []], 'bool', [], { dims: [0, 4] }),
    opCase('convertDType', 'zero-size float32 → int64', 'float32', [[]], 'int64', [], {
      dims: [3, 0],
      attrs: { dtype: 'int64' },
    }),
    opCase('mul', 'int32: rank 0', 'int32', [[-7], [6]], 'int32', [-42], { dims: [] }),
    opCase('sqrt', 'float32: rank 0', 'float32', [[2.25]], 'float32', [1.5], { dims: [] }),
    opCase('lessThan', 'uint8: rank 0', 'uint8', [[3], [200]], 'bool', [true], { dims: [] }),
    opCase('convertDType', 'rank 0 float64 → int8', 'float64', [[-7.9]], 'int8', [-7], {
      dims: [],
      attrs: { dtype: 'int8' },
    }),
    opCase(
      'sub',
      'int32: rank 6',
      'int32',
      [xs, ys],
      'int32',
      xs.map((x, i) => x - ys[i]!),
      { dims: rank6 },
    ),
    opCase(
      'neg',
      'float64: rank 6',
      'float64',
      [xs],
      'float64',
      xs.map((x) => -x),
      { dims: rank6 },
    ),
    opCase(
      'greaterThan',
      'int64: rank 6',
      'int64',
      [xs.map(BigInt), ys.map(BigInt)],
      'bool',
      xs.map((x, i) => x > ys[i]!),
      {
        dims: rank6,
      },
    ),
    opCase('convertDType', 'rank 6 int32 → float16', 'int32', [xs], 'float16', xs, {
      dims: rank6,
      attrs: { dtype: 'float16' },
    }),
  ];
}
