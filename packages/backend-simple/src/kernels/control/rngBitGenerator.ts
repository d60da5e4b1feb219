import { OpError } from '@tsmlx/backends';
import { allocateStorage } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import type { KernelRun } from '../registry.js';
import { philoxBlocks, philoxRoundKeys } from './philox.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const MASK32 = 0xffffffffn;

/**
 * Prepares `rngBitGenerator` (the rule is the op's doc in the op table): state `[key, counterHigh,
 * counterLow]`; Philox-4x32-10 blocks from consecutive 128-bit counters give 32-bit words in order; uint32
 * elements take one word, uint64 two (low word first), uint8/uint16 the low bits of one word; the new state's
 * counter is advanced by the number of blocks used.
 */
export function rngBitGeneratorKernel(bits: Shape): KernelRun {
  const n = bits.size;
  const wordsPerElement = bits.dtype === 'uint64' ? 2 : 1;
  const words = n * wordsPerElement;
  const blocks = Math.ceil(words / 4);
  if (!['uint8', 'uint16', 'uint32', 'uint64'].includes(bits.dtype)) {
    throw new OpError('rngBitGenerator', `bits must be uint8/16/32/64, got ${bits}`);
  }
  return (inputs) => {
    const state = inputs[0] as BigUint64Array;
    const key = state[0]!;
    const roundKeys = philoxRoundKeys(Number(key & MASK32), Number(key >> 32n));
    const high = state[1]!;
    const low = state[2]!;
    const counter = new Uint32Array([
      Number(low & MASK32),
      Number(low >> 32n),
      Number(high & MASK32),
      Number(high >> 32n),
    ]);
    const stream = new Uint32Array(blocks * 4);
    philoxBlocks(roundKeys, counter, stream, 0, blocks);
    const newState = new BigUint64Array([
      key,
      (BigInt(counter[3]!) << 32n) | BigInt(counter[2]!),
      (BigInt(counter[1]!) << 32n) | BigInt(counter[0]!),
    ]);
    return [newState, toBits(bits, stream)];
  };
}

function toBits(bits: Shape, stream: Uint32Array): BigUint64Array | Uint32Array | Uint16Array | Uint8Array {
  const n = bits.size;
  switch (bits.dtype) {
    case 'uint32':
      return stream.length === n ? stream : stream.slice(0, n);
    case 'uint64': {
      if (LITTLE_ENDIAN) return new BigUint64Array(stream.buffer, 0, n).slice();
      const out = new BigUint64Array(n);
      for (let i = 0; i < n; i++) out[i] = (BigInt(stream[2 * i + 1]!) << 32n) | BigInt(stream[2 * i]!);
      return out;
    }
    default: {
      // uint8/uint16: the low bits of one word per element (typed-array stores truncate).
      const out = allocateStorage(bits.dtype, n) as Uint8Array | Uint16Array;
      for (let i = 0; i < n; i++) out[i] = stream[i]!;
      return out;
    }
  }
}
