import type { DType } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import type { ConformanceCase } from '../../types.js';
import { expected, type Scalar, tensor } from '../shape/tensors.js';
import { refRandomWords } from './philoxReference.js';

const ONES64 = 2n ** 64n - 1n;

/** Random123 known-answer vectors of philox4x32_10: counter words c0..c3, key words k0, k1, outputs x0..x3. */
const KAT: Array<{ counter: bigint[]; key: bigint[]; out: bigint[] }> = [
  {
    counter: [0n, 0n, 0n, 0n],
    key: [0n, 0n],
    out: [0x6627e8d5n, 0xe169c58dn, 0xbc57ac4cn, 0x9b00dbd8n],
  },
  {
    counter: [0xffffffffn, 0xffffffffn, 0xffffffffn, 0xffffffffn],
    key: [0xffffffffn, 0xffffffffn],
    out: [0x408f276dn, 0x41c83b0en, 0xa20bc7c6n, 0x6d5451fdn],
  },
  {
    counter: [0x243f6a88n, 0x85a308d3n, 0x13198a2en, 0x03707344n],
    key: [0xa4093822n, 0x299f31d0n],
    out: [0xd16cfe09n, 0x94fdccebn, 0x5001e420n, 0x24126ea1n],
  },
];

/** The op's state `[key, counterHigh, counterLow]` for Random123 counter and key words. */
function stateOf(counter: readonly bigint[], key: readonly bigint[]): bigint[] {
  return [(key[1]! << 32n) | key[0]!, (counter[3]! << 32n) | counter[2]!, (counter[1]! << 32n) | counter[0]!];
}

const hex = (v: bigint) => v.toString(16);

function rngCase(
  name: string,
  state: bigint[],
  bits: Shape,
  newState: Scalar[],
  want: Scalar[],
): ConformanceCase {
  return {
    op: 'rngBitGenerator',
    name,
    inputs: [tensor('uint64', [3], state)],
    build: (b, [s]) => b.rngBitGenerator(s!, { shape: bits }),
    expected: [expected('uint64', [3], newState), expected(bits.dtype, bits.dims, want)],
  };
}

/** One element per word for uint8..uint32 (low bits), two words (low first) per uint64 element. */
function fromWords(dtype: DType, words: readonly bigint[]): bigint[] {
  if (dtype === 'uint64')
    return words.filter((_, i) => i % 2 === 0).map((w, i) => w | (words[2 * i + 1]! << 32n));
  const mask = dtype === 'uint8' ? 0xffn : dtype === 'uint16' ? 0xffffn : 0xffffffffn;
  return words.map((w) => w & mask);
}

/** A case whose bits come from the reference Philox (itself checked by the known-answer cases). */
function refCase(name: string, state: bigint[], dtype: DType, dims: number[]): ConformanceCase {
  const size = dims.reduce((p, d) => p * d, 1);
  const ref = refRandomWords(state, dtype === 'uint64' ? 2 * size : size);
  return rngCase(name, state, new Shape(dtype, dims), ref.state, fromWords(dtype, ref.words));
}

const [kat0, kat1, kat2] = KAT as [(typeof KAT)[0], (typeof KAT)[0], (typeof KAT)[0]];

/** Conformance cases of rngBitGenerator. */
export const rngOpCases: ConformanceCase[] = [
  ...KAT.map(({ counter, key, out }) => {
    const state = stateOf(counter, key);
    const next = (((state[1]! << 64n) | state[2]!) + 1n) & ((1n << 128n) - 1n);
    return rngCase(
      `Random123 known answer: counter ${counter.map(hex).join(' ')}, key ${key.map(hex).join(' ')}`,
      state,
      new Shape('uint32', [4]),
      [state[0]!, next >> 64n, next & ONES64],
      out,
    );
  }),
  rngCase(
    'uint64 bits take two words, low word first',
    [0n, 0n, 0n],
    new Shape('uint64', [2]),
    [0n, 0n, 1n],
    [(kat0.out[1]! << 32n) | kat0.out[0]!, (kat0.out[3]! << 32n) | kat0.out[2]!],
  ),
  rngCase(
    'uint16 bits are the low 16 bits of one word each',
    [0n, 0n, 0n],
    new Shape('uint16', [4]),
    [0n, 0n, 1n],
    kat0.out.map((w) => w & 0xffffn),
  ),
  rngCase(
    'uint8 bits are the low 8 bits of one word each',
    [0n, 0n, 0n],
    new Shape('uint8', [2, 2]),
    [0n, 0n, 1n],
    kat0.out.map((w) => w & 0xffn),
  ),
  rngCase('zero-size bits use no block', [1n, 2n, 3n], new Shape('uint32', [0, 5]), [1n, 2n, 3n], []),
  rngCase(
    'two blocks across the 2^128 counter wrap: the second is known answer 0',
    [0n, ONES64, ONES64],
    new Shape('uint32', [2, 3]),
    [0n, 0n, 1n],
    [...refRandomWords([0n, ONES64, ONES64], 4).words, kat0.out[0]!, kat0.out[1]!],
  ),
  refCase(
    'uint64 from two blocks (first block = known answer 2)',
    stateOf(kat2.counter, kat2.key),
    'uint64',
    [3],
  ),
  refCase('counter low word carries into the high word', [5n, 7n, ONES64], 'uint32', [5]),
  refCase('uint8 bits over three blocks', stateOf(kat1.counter, kat1.key), 'uint8', [3, 3]),
];
