import { Shape } from '@tsmlx/shapes';
import type { ConformanceCase } from '../types.js';

const f32 = new Shape('float32', [2, 2]);
const i64 = new Shape('int64', [3]);
const u8 = new Shape('bool', []);

/** Conformance cases of parameters and constants (an identity program, literal outputs). */
export const leafCases: ConformanceCase[] = [
  {
    op: 'parameter',
    name: 'returns its inputs unchanged (float32, int64 beyond 2^53, bool scalar)',
    inputs: [
      { shape: f32, data: new Float32Array([1.5, -0, Number.NaN, Number.POSITIVE_INFINITY]) },
      { shape: i64, data: new BigInt64Array([2n ** 62n + 1n, -1n, 0n]) },
      { shape: u8, data: new Uint8Array([1]) },
    ],
    build: (_b, params) => params,
    expected: [
      { shape: f32, values: [1.5, -0, Number.NaN, Number.POSITIVE_INFINITY] },
      { shape: i64, values: [2n ** 62n + 1n, -1n, 0n] },
      { shape: u8, values: [true] },
    ],
  },
  {
    op: 'constant',
    name: 'returns literal tensors (float64, uint64, float16 bits)',
    inputs: [],
    build: (b) => [
      b.constant(new Float64Array([0.1, -2]), new Shape('float64', [2])),
      b.constant(new BigUint64Array([2n ** 64n - 1n]), new Shape('uint64', [1])),
      b.constant(new Uint16Array([0x3c00, 0xc000]), new Shape('float16', [2])),
    ],
    expected: [
      { shape: new Shape('float64', [2]), values: [0.1, -2] },
      { shape: new Shape('uint64', [1]), values: [2n ** 64n - 1n] },
      { shape: new Shape('float16', [2]), values: [1, -2] },
    ],
  },
];
