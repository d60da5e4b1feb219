import { describe, expect, it } from 'vitest';
import { seededPermutation, Xoshiro128 } from './random.js';

// Independent BigInt reference of xoshiro128** (https://prng.di.unimi.it/xoshiro128starstar.c).
function referenceXoshiro(state: bigint[], count: number): number[] {
  const s = [...state];
  const m = 0xffffffffn;
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & m;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(Number((rotl((s[1]! * 5n) & m, 7n) * 9n) & m));
    const t = (s[1]! << 9n) & m;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11n);
  }
  return out;
}

describe('Xoshiro128', () => {
  it('matches hand-computed first outputs for state (1, 2, 3, 4)', () => {
    // rotl(2*5, 7)*9 = 1280*9 = 11520; after one step s1 = 0, so the second output is 0.
    const rng = new Xoshiro128(1, 2, 3, 4);
    expect(rng.nextUint32()).toBe(11520);
    expect(rng.nextUint32()).toBe(0);
  });

  it('matches a BigInt reference for 1000 outputs', () => {
    const state = [0x12345678n, 0x9abcdef0n, 0xdeadbeefn, 0x01020304n];
    const rng = new Xoshiro128(...(state.map(Number) as [number, number, number, number]));
    const got = Array.from({ length: 1000 }, () => rng.nextUint32());
    expect(got).toEqual(referenceXoshiro(state, 1000));
  });

  it('derives its state from SplitMix64 (known outputs for seed 0)', () => {
    // SplitMix64 from state 0 yields 0xe220a8397b1dcdaf, then 0x6e789e6aa1b965f4.
    const expected = new Xoshiro128(0x7b1dcdaf, 0xe220a839, 0xa1b965f4, 0x6e789e6a);
    const got = Xoshiro128.fromSeed(0, 0);
    for (let i = 0; i < 10; i++) expect(got.nextUint32()).toBe(expected.nextUint32());
  });

  it('nextInt stays in range and covers every value', () => {
    const rng = Xoshiro128.fromSeed(7);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 7000; i++) counts[rng.nextInt(7)]++;
    for (const c of counts) expect(c).toBeGreaterThan(800); // expected 1000 each
    expect(Xoshiro128.fromSeed(1).nextInt(1)).toBe(0);
    expect(() => rng.nextInt(0)).toThrow(RangeError);
    expect(() => new Xoshiro128(0, 0, 0, 0)).toThrow(/all zero/);
  });
});

describe('seededPermutation', () => {
  it('is a permutation, reproducible, and differs between seeds and streams', () => {
    for (const n of [0, 1, 2, 10, 1001]) {
      const p = seededPermutation(n, 42, 3);
      expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(seededPermutation(n, 42, 3)).toEqual(p);
    }
    const a = [...seededPermutation(100, 42, 0)];
    expect([...seededPermutation(100, 42, 1)]).not.toEqual(a);
    expect([...seededPermutation(100, 43, 0)]).not.toEqual(a);
    expect([...seededPermutation(100, 42n, 0n)]).toEqual(a);
  });

  it('follows Fisher-Yates with nextInt(i + 1) from fromSeed(seed, stream)', () => {
    const rng = Xoshiro128.fromSeed(5, 2);
    const expected = [0, 1, 2, 3, 4, 5];
    for (let i = 5; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [expected[i], expected[j]] = [expected[j]!, expected[i]!];
    }
    expect([...seededPermutation(6, 5, 2)]).toEqual(expected);
  });
});
