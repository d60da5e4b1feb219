/**
 * Reference Philox-4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as 1, 2, 3",
 * SC'11; the Random123 `philox4x32_10`) in plain bigint arithmetic, and the bit layout `rngBitGenerator`
 * documents in the op table. Checked against Random123's known-answer vectors in the cases.
 */

const MASK32 = 0xffffffffn;
const MASK64 = (1n << 64n) - 1n;
const MASK128 = (1n << 128n) - 1n;

/** One Philox-4x32-10 block: counter words `c` (c0 least significant) and key words `k`; returns x0..x3. */
export function philox4x32(c: readonly bigint[], k: readonly bigint[]): bigint[] {
  let [c0, c1, c2, c3] = c as [bigint, bigint, bigint, bigint];
  let [k0, k1] = k as [bigint, bigint];
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + 0x9e3779b9n) & MASK32;
      k1 = (k1 + 0xbb67ae85n) & MASK32;
    }
    const p0 = 0xd2511f53n * c0;
    const p1 = 0xcd9e8d57n * c2;
    [c0, c1, c2, c3] = [(p1 >> 32n) ^ c1 ^ k0, p1 & MASK32, (p0 >> 32n) ^ c3 ^ k1, p0 & MASK32];
  }
  return [c0, c1, c2, c3];
}

/**
 * `rngBitGenerator` by the op's documented rule: `words` 32-bit words from state `[key, counterHigh,
 * counterLow]`, and the new state.
 */
export function refRandomWords(
  state: readonly bigint[],
  words: number,
): { words: bigint[]; state: bigint[] } {
  const [key, high, low] = state as [bigint, bigint, bigint];
  const k = [key & MASK32, key >> 32n];
  let counter = (high << 64n) | low;
  const out: bigint[] = [];
  const blocks = Math.ceil(words / 4);
  for (let b = 0; b < blocks; b++) {
    const c = [0n, 32n, 64n, 96n].map((shift) => (counter >> shift) & MASK32);
    out.push(...philox4x32(c, k));
    counter = (counter + 1n) & MASK128;
  }
  return { words: out.slice(0, words), state: [key, counter >> 64n, counter & MASK64] };
}
