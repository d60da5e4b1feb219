/** Philox-4x32 multipliers and Weyl key increments (Salmon et al., SC'11; Random123). */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** Number of rounds of Philox-4x32-10. */
export const PHILOX_ROUNDS = 10;

/** High 32 bits of the unsigned 64-bit product `a * b` (exact: partial products stay below 2^53). */
function mulHi(a: number, b: number): number {
  const low = a * (b & 0xffff);
  const high = a * (b >>> 16);
  return Math.floor((high + Math.floor(low / 65536)) / 65536) >>> 0;
}

/** The round keys of Philox-4x32-10 for key `(k0, k1)`: pairs, round `r` at `[2r, 2r + 1]`. */
export function philoxRoundKeys(k0: number, k1: number): Uint32Array {
  const keys = new Uint32Array(2 * PHILOX_ROUNDS);
  for (let r = 0; r < PHILOX_ROUNDS; r++) {
    keys[2 * r] = k0 + r * W0;
    keys[2 * r + 1] = k1 + r * W1;
  }
  return keys;
}

/**
 * Philox-4x32-10 of counter blocks: fills `blocks` consecutive blocks of 4 words into `out` starting at word
 * `at`, with the 128-bit counter `counter` (4 words, least significant first) incremented after each block
 * (wrapping modulo 2^128). `counter` is updated in place to the next unused value.
 */
export function philoxBlocks(
  roundKeys: Uint32Array,
  counter: Uint32Array,
  out: Uint32Array,
  at: number,
  blocks: number,
): void {
  for (let b = 0; b < blocks; b++) {
    let c0 = counter[0]!;
    let c1 = counter[1]!;
    let c2 = counter[2]!;
    let c3 = counter[3]!;
    for (let r = 0; r < PHILOX_ROUNDS; r++) {
      const lo0 = Math.imul(M0, c0) >>> 0;
      const hi0 = mulHi(M0, c0);
      const lo1 = Math.imul(M1, c2) >>> 0;
      const hi1 = mulHi(M1, c2);
      c0 = (hi1 ^ c1 ^ roundKeys[2 * r]!) >>> 0;
      c1 = lo1;
      c2 = (hi0 ^ c3 ^ roundKeys[2 * r + 1]!) >>> 0;
      c3 = lo0;
    }
    const o = at + 4 * b;
    out[o] = c0;
    out[o + 1] = c1;
    out[o + 2] = c2;
    out[o + 3] = c3;
    // 128-bit increment with carry (Uint32Array stores wrap).
    for (let w = 0; w < 4; w++) {
      counter[w] = counter[w]! + 1;
      if (counter[w] !== 0) break;
    }
  }
}
