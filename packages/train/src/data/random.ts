// A small, fully specified PRNG for shuffling, so a seed gives the same order on every platform.

const MASK64 = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;

/** One SplitMix64 step: returns [output, next state]. Used only to derive xoshiro states from (seed, stream). */
function splitMix64(state: bigint): [bigint, bigint] {
  const next = (state + GOLDEN) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [z ^ (z >> 31n), next];
}

/**
 * The xoshiro128** generator (Blackman and Vigna, https://prng.di.unimi.it/xoshiro128starstar.c): 128 bits of
 * state, 32-bit outputs, computed with exact 32-bit integer arithmetic (`Math.imul`, shifts), so every
 * platform draws the same numbers.
 *
 * {@link Xoshiro128.fromSeed} derives the state from a 64-bit seed and a stream number (e.g. the epoch) with
 * SplitMix64, as the authors recommend: state words are the low and high halves of two SplitMix64 outputs
 * started at `seed + stream * 0x9E3779B97F4A7C15` (mod 2^64).
 */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Starts from four 32-bit state words (not all zero). */
  constructor(s0: number, s1: number, s2: number, s3: number) {
    if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('Xoshiro128: the state must not be all zero');
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
  }

  /** A generator for `seed` (an integer, taken mod 2^64) and `stream` (e.g. the epoch number). */
  static fromSeed(seed: number | bigint, stream: number | bigint = 0): Xoshiro128 {
    const start = (BigInt.asUintN(64, BigInt(seed)) + BigInt.asUintN(64, BigInt(stream)) * GOLDEN) & MASK64;
    const [a, st] = splitMix64(start);
    const [b] = splitMix64(st);
    const words = [a & 0xffffffffn, a >> 32n, b & 0xffffffffn, b >> 32n].map(Number) as [
      number,
      number,
      number,
      number,
    ];
    if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
    return new Xoshiro128(...words);
  }

  /** The next 32-bit output, in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform integer in [0, n), without modulo bias (rejection sampling). `n` in [1, 2^32]. */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32)
      throw new RangeError(`Xoshiro128.nextInt: n must be in [1, 2^32], got ${n}`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const r = this.nextUint32();
      if (r < limit) return r % n;
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * A random permutation of 0..n-1 (Fisher–Yates, drawing `j = nextInt(i + 1)` for i = n-1 down to 1) from
 * `Xoshiro128.fromSeed(seed, stream)`: the same (seed, stream, n) gives the same permutation everywhere.
 */
export function seededPermutation(
  n: number,
  seed: number | bigint,
  stream: number | bigint = 0,
): Uint32Array {
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const rng = Xoshiro128.fromSeed(seed, stream);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const tmp = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = tmp;
  }
  return perm;
}
