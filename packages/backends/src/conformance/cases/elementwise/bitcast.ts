import type { DType } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import type { ConformanceCase } from '../../types.js';
import { opCase } from './tensors.js';

// bitcast: hand-computed IEEE bit patterns; width changes split/join the trailing axis in memory order
// (least significant byte first, as on little-endian hosts and XLA CPU).

/** bitcast cases. */
export function bitcastCases(): ConformanceCase[] {
  const f32Bits: Array<[number, number]> = [
    [1, 0x3f800000],
    [-2, -0x40000000], // 0xc0000000
    [-0, -0x80000000],
    [Number.POSITIVE_INFINITY, 0x7f800000],
    [2 ** -149, 1],
  ];
  return [
    opCase(
      'bitcast',
      'float32 → int32',
      'float32',
      [f32Bits.map(([x]) => x)],
      'int32',
      f32Bits.map(([, b]) => b),
      {
        attrs: { dtype: 'int32' },
      },
    ),
    opCase(
      'bitcast',
      'int32 → float32',
      'int32',
      [f32Bits.map(([, b]) => b)],
      'float32',
      f32Bits.map(([x]) => x),
      {
        attrs: { dtype: 'float32' },
      },
    ),
    opCase('bitcast', 'uint32 → float32 (0xbf800000 = -1)', 'uint32', [[0xbf800000]], 'float32', [-1], {
      attrs: { dtype: 'float32' },
    }),
    opCase(
      'bitcast',
      'float64 → int64',
      'float64',
      [[1, -0, 2 ** -1074]],
      'int64',
      [0x3ff0000000000000n, -(2n ** 63n), 1n],
      {
        attrs: { dtype: 'int64' },
      },
    ),
    opCase(
      'bitcast',
      'uint64 → float64',
      'uint64',
      [[0x4000000000000000n, 0xfff0000000000000n]],
      'float64',
      [2, Number.NEGATIVE_INFINITY],
      { attrs: { dtype: 'float64' } },
    ),
    opCase('bitcast', 'float16 → uint16', 'float16', [[1, -2, 65504]], 'uint16', [0x3c00, 0xc000, 0x7bff], {
      attrs: { dtype: 'uint16' },
    }),
    opCase('bitcast', 'int16 → bfloat16', 'int16', [[0x3f80, -0x4080]], 'bfloat16', [1, -1], {
      attrs: { dtype: 'bfloat16' },
    }),
    opCase('bitcast', 'int8 → uint8', 'int8', [[-1, -128, 5]], 'uint8', [255, 128, 5], {
      attrs: { dtype: 'uint8' },
    }),
    {
      ...opCase(
        'bitcast',
        'int32 [2] → uint8 [2, 4] (low byte first)',
        'int32',
        [[0x04030201, -1]],
        'uint8',
        [],
        {
          attrs: { dtype: 'uint8' },
          dims: [2],
        },
      ),
      expected: [{ shape: shapeOf('uint8', [2, 4]), values: [1, 2, 3, 4, 255, 255, 255, 255] }],
    },
    {
      ...opCase('bitcast', 'uint8 [1, 4] → float32 [1]', 'uint8', [[0, 0, 0x80, 0x3f]], 'float32', [], {
        attrs: { dtype: 'float32' },
        dims: [1, 4],
      }),
      expected: [{ shape: shapeOf('float32', [1]), values: [1] }],
    },
    {
      ...opCase('bitcast', 'scalar float64 → uint32 [2]', 'float64', [[1]], 'uint32', [], {
        attrs: { dtype: 'uint32' },
        dims: [],
      }),
      expected: [{ shape: shapeOf('uint32', [2]), values: [0, 0x3ff00000] }],
    },
  ];
}

function shapeOf(dtype: DType, dims: number[]): Shape {
  return new Shape(dtype, dims);
}
