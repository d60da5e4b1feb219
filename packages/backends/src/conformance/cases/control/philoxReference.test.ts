import { describe, expect, it } from 'vitest';
import { philox4x32, refRandomWords } from './philoxReference.js';

describe('reference philox4x32_10', () => {
  it('matches the Random123 known-answer vectors', () => {
    expect(philox4x32([0n, 0n, 0n, 0n], [0n, 0n])).toEqual([
      0x6627e8d5n,
      0xe169c58dn,
      0xbc57ac4cn,
      0x9b00dbd8n,
    ]);
    const ones = 0xffffffffn;
    expect(philox4x32([ones, ones, ones, ones], [ones, ones])).toEqual([
      0x408f276dn,
      0x41c83b0en,
      0xa20bc7c6n,
      0x6d5451fdn,
    ]);
    expect(
      philox4x32([0x243f6a88n, 0x85a308d3n, 0x13198a2en, 0x03707344n], [0xa4093822n, 0x299f31d0n]),
    ).toEqual([0xd16cfe09n, 0x94fdccebn, 0x5001e420n, 0x24126ea1n]);
  });

  it('lays out the state as [key, counterHigh, counterLow] and advances by blocks', () => {
    const key = (0x299f31d0n << 32n) | 0xa4093822n;
    const state = [key, (0x03707344n << 32n) | 0x13198a2en, (0x85a308d3n << 32n) | 0x243f6a88n];
    const { words, state: next } = refRandomWords(state, 5);
    expect(words.slice(0, 4)).toEqual([0xd16cfe09n, 0x94fdccebn, 0x5001e420n, 0x24126ea1n]);
    expect(next).toEqual([key, state[1], state[2]! + 2n]);
    const wrap = refRandomWords([0n, 2n ** 64n - 1n, 2n ** 64n - 1n], 8);
    expect(wrap.words.slice(4)).toEqual([0x6627e8d5n, 0xe169c58dn, 0xbc57ac4cn, 0x9b00dbd8n]);
    expect(wrap.state).toEqual([0n, 0n, 1n]);
  });
});
