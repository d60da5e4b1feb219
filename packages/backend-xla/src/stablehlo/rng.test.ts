import { Builder } from '@tsmlx/backends';
import type { DType } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { emitStableHLO } from './index.js';
import { evaluateMain, type IntTensor } from './testing/miniInterpreter.js';

// The Philox-4x32-10 lowering of rngBitGenerator, evaluated op by op on its emitted text, against a bigint
// Philox written here from the Random123 description and checked on Random123's known-answer vectors.

const M32 = 0xffffffffn;
const M64 = (1n << 64n) - 1n;

function philox(c: bigint[], k: bigint[]): bigint[] {
  let [c0, c1, c2, c3] = c as [bigint, bigint, bigint, bigint];
  let [k0, k1] = k as [bigint, bigint];
  for (let r = 0; r < 10; r++) {
    if (r > 0) [k0, k1] = [(k0 + 0x9e3779b9n) & M32, (k1 + 0xbb67ae85n) & M32];
    const p0 = 0xd2511f53n * c0;
    const p1 = 0xcd9e8d57n * c2;
    [c0, c1, c2, c3] = [((p1 >> 32n) ^ c1 ^ k0) & M32, p1 & M32, ((p0 >> 32n) ^ c3 ^ k1) & M32, p0 & M32];
  }
  return [c0, c1, c2, c3];
}

/** The op doc's rule: words of consecutive blocks, element layout by dtype, counter advanced by the blocks. */
function expected(state: bigint[], dtype: DType, n: number): { state: bigint[]; bits: bigint[] } {
  const [key, hi, lo] = state as [bigint, bigint, bigint];
  const words = dtype === 'uint64' ? 2 * n : n;
  const blocks = Math.ceil(words / 4);
  const counter = (hi << 64n) | lo;
  const stream: bigint[] = [];
  for (let j = 0; j < blocks; j++) {
    const c = (counter + BigInt(j)) & ((1n << 128n) - 1n);
    stream.push(
      ...philox(
        [0, 1, 2, 3].map((w) => (c >> BigInt(32 * w)) & M32),
        [key & M32, key >> 32n],
      ),
    );
  }
  const bits = Array.from({ length: n }, (_, i) => {
    if (dtype === 'uint64') return stream[2 * i]! | (stream[2 * i + 1]! << 32n);
    if (dtype === 'uint16') return stream[i]! & 0xffffn;
    if (dtype === 'uint8') return stream[i]! & 0xffn;
    return stream[i]!;
  });
  const next = (counter + BigInt(blocks)) & ((1n << 128n) - 1n);
  return { state: [key, next >> 64n, next & M64], bits };
}

function run(state: bigint[], dtype: DType, dims: number[]): IntTensor[] {
  const b = new Builder('rng');
  const [s, bits] = b.rngBitGenerator(b.parameter(new Shape('uint64', [3])), {
    shape: new Shape(dtype, dims),
  });
  const text = emitStableHLO(b.build([s!, bits!]));
  return evaluateMain(text, [{ type: 'ui64', dims: [3], data: state }]);
}

describe('rngBitGenerator lowering (Philox-4x32-10 in primitive ops)', () => {
  it('the reference matches Random123 known-answer vectors', () => {
    expect(philox([0n, 0n, 0n, 0n], [0n, 0n])).toEqual([0x6627e8d5n, 0xe169c58dn, 0xbc57ac4cn, 0x9b00dbd8n]);
    expect(philox([M32, M32, M32, M32], [M32, M32])).toEqual([
      0x408f276dn,
      0x41c83b0en,
      0xa20bc7c6n,
      0x6d5451fdn,
    ]);
  });

  it('reproduces the pi-digits known-answer vector through the emitted program', () => {
    // Counter words 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344; key words 0xa4093822, 0x299f31d0.
    const state = [0x299f31d0_a4093822n, 0x03707344_13198a2en, 0x85a308d3_243f6a88n];
    const [next, bits] = run(state, 'uint32', [4]);
    expect(bits!.data).toEqual([0xd16cfe09n, 0x94fdccebn, 0x5001e420n, 0x24126ea1n]);
    expect(next!.data).toEqual([state[0], state[1], state[2]! + 1n]);
  });

  const cases: Array<[string, bigint[], DType, number[]]> = [
    ['uint32 [2,3], low counter wraps into high', [0x0123456789abcdefn, 5n, M64 - 1n], 'uint32', [2, 3]],
    ['uint64 [3], 128-bit counter wraps to 0', [42n, M64, M64 - 1n], 'uint64', [3]],
    ['uint8 [5]', [7n, 0n, 0n], 'uint8', [5]],
    ['uint16 [2,2]', [M64, 1n, 2n], 'uint16', [2, 2]],
    ['uint32 [9] (partial last block)', [3n, 0n, 100n], 'uint32', [9]],
  ];
  for (const [name, state, dtype, dims] of cases) {
    it(`matches the op doc's rule: ${name}`, () => {
      const n = dims.reduce((a, d) => a * d, 1);
      const want = expected(state, dtype, n);
      const [next, bits] = run(state, dtype, dims);
      expect(bits!.dims).toEqual(dims);
      expect(bits!.data).toEqual(want.bits);
      expect(next!.data).toEqual(want.state);
    });
  }

  it('returns the state unchanged for a zero-size result', () => {
    const [next, bits] = run([1n, 2n, 3n], 'uint32', [0, 4]);
    expect(next!.data).toEqual([1n, 2n, 3n]);
    expect(bits!.data).toEqual([]);
  });
});
