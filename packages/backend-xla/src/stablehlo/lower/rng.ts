import type { Instruction } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import type { Emitter } from '../emitter.js';
import type { Val } from '../printer.js';
import type { LoweringTable } from './types.js';

// rngBitGenerator as Philox-4x32-10 written in primitive StableHLO ops, bit for bit the rule of the op's doc
// (stablehlo.rng_bit_generator is not used: its PHILOX output layout is implementation-defined).
// State [key, counterHigh, counterLow] (uint64). All B blocks are computed at once on tensors of [B]:
//   counter of block j = C + j mod 2^128: lo_j = lo + j (wrapping), hi_j = hi + (lo_j < lo);
//   words c0..c3 = lo_j low/high 32 bits, hi_j low/high 32 bits;
//   10 rounds with keys (k0 + r·0x9E3779B9, k1 + r·0xBB67AE85) mod 2^32, where (k0, k1) = key low/high bits:
//     p0 = c0·0xD2511F53, p1 = c2·0xCD9E8D57 as exact uint64 products of uint32 values;
//     (c0, c1, c2, c3) = (hi(p1) ^ c1 ^ kr0, lo(p1), hi(p0) ^ c3 ^ kr1, lo(p0)).
// The words w[4j + i] = c_i of block j are laid out row-major, then uint32 takes w[i], uint64 w[2i] +
// w[2i+1]·2^32, uint16/uint8 the low bits of w[i]. The new state advances the counter by B.
// Every narrowing masks first, so each uint64→uint32 convert is in range (no implementation-defined wrap).

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const ROUNDS = 10;

function rngBitGenerator(e: Emitter, instr: Instruction<'rngBitGenerator'>, [state]: Val[]): Val[] {
  const bits = instr.attrs.shape;
  const words = bits.dtype === 'uint64' ? 2 * bits.size : bits.size;
  const blocks = Math.ceil(words / 4);
  if (blocks === 0) return [state!, e.splat(bits.dtype, bits.dims, 0)];
  const B = [blocks];
  const at = (i: number) => e.reshape(e.slice(state!, [i], [i + 1]), []);
  const key = at(0);
  const hi = at(1);
  const lo = at(2);

  const mask64 = e.splat('uint64', B, 0xffffffff);
  const shift64 = e.splat('uint64', B, 32);
  const low32 = (v: Val) => e.convert(e.binary('stablehlo.and', v, mask64), 'uint32');
  const high32 = (v: Val) => e.convert(e.binary('stablehlo.shift_right_logical', v, shift64), 'uint32');

  const loB = e.broadcastScalar(lo, B);
  const loJ = e.binary('stablehlo.add', loB, e.iota(new Shape('uint64', B), 0));
  const hiJ = e.binary(
    'stablehlo.add',
    e.broadcastScalar(hi, B),
    e.convert(e.compare('LT', loJ, loB), 'uint64'),
  );
  let c0 = low32(loJ);
  let c1 = high32(loJ);
  let c2 = low32(hiJ);
  let c3 = high32(hiJ);

  const keyB = e.broadcastScalar(key, B);
  const k0 = low32(keyB);
  const k1 = high32(keyB);
  const m0 = e.splat('uint64', B, M0);
  const m1 = e.splat('uint64', B, M1);
  for (let r = 0; r < ROUNDS; r++) {
    const kr0 = r === 0 ? k0 : e.binary('stablehlo.add', k0, e.splat('uint32', B, (r * W0) >>> 0));
    const kr1 = r === 0 ? k1 : e.binary('stablehlo.add', k1, e.splat('uint32', B, (r * W1) >>> 0));
    const p0 = e.binary('stablehlo.multiply', e.convert(c0, 'uint64'), m0);
    const p1 = e.binary('stablehlo.multiply', e.convert(c2, 'uint64'), m1);
    const next0 = e.binary('stablehlo.xor', e.binary('stablehlo.xor', high32(p1), c1), kr0);
    const next2 = e.binary('stablehlo.xor', e.binary('stablehlo.xor', high32(p0), c3), kr1);
    c1 = low32(p1);
    c3 = low32(p0);
    c0 = next0;
    c2 = next2;
  }
  const stacked = e.concatenate(
    [c0, c1, c2, c3].map((c) => e.reshape(c, [blocks, 1])),
    1,
  );
  const stream = e.slice(e.reshape(stacked, [4 * blocks]), [0], [words]);
  return [advance(e, key, hi, lo, blocks), shapeBits(e, stream, bits)];
}

function shapeBits(e: Emitter, stream: Val, bits: Shape): Val {
  const n = bits.size;
  if (bits.dtype === 'uint32') return e.reshape(stream, bits.dims);
  if (bits.dtype === 'uint64') {
    const pairs = e.reshape(stream, [n, 2]);
    const low = e.convert(e.reshape(e.slice(pairs, [0, 0], [n, 1]), [n]), 'uint64');
    const high = e.convert(e.reshape(e.slice(pairs, [0, 1], [n, 2]), [n]), 'uint64');
    const shifted = e.binary('stablehlo.shift_left', high, e.splat('uint64', [n], 32));
    return e.reshape(e.binary('stablehlo.or', shifted, low), bits.dims);
  }
  const mask = e.splat('uint32', [n], bits.dtype === 'uint16' ? 0xffff : 0xff);
  return e.reshape(e.convert(e.binary('stablehlo.and', stream, mask), bits.dtype), bits.dims);
}

/** [key, counter + blocks] as the new uint64[3] state. */
function advance(e: Emitter, key: Val, hi: Val, lo: Val, blocks: number): Val {
  const lo2 = e.binary('stablehlo.add', lo, e.scalar('uint64', blocks));
  const hi2 = e.binary('stablehlo.add', hi, e.convert(e.compare('LT', lo2, lo), 'uint64'));
  return e.concatenate(
    [key, hi2, lo2].map((v) => e.reshape(v, [1])),
    0,
  );
}

/** Lowering of rngBitGenerator. */
export const rngLowerings: LoweringTable = { rngBitGenerator };
