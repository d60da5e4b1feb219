import { describe, expect, it } from 'vitest';
import { planStridedCopy, runStridedCopy } from './stridedCopy.js';
import { wordsPerElement, wordView } from './words.js';

describe('planStridedCopy', () => {
  it('fuses a contiguous copy into one axis', () => {
    const plan = planStridedCopy([2, 3, 4], [12, 4, 1], [12, 4, 1]);
    expect([...plan.dims]).toEqual([24]);
    expect(plan.count).toBe(24);
  });

  it('drops unit axes and keeps a transposed pair apart', () => {
    const plan = planStridedCopy([3, 1, 2], [1, 99, 3], [2, 2, 1]);
    expect([...plan.dims]).toEqual([3, 2]);
    expect([...plan.srcStrides]).toEqual([1, 3]);
    expect([...plan.dstStrides]).toEqual([2, 1]);
  });

  it('splits 8-byte elements into word pairs that fuse with contiguous axes', () => {
    const plan = planStridedCopy([2, 5], [5, 1], [5, 1], 2);
    expect([...plan.dims]).toEqual([20]);
    expect(plan.count).toBe(20);
  });

  it('plans nothing for a zero-size copy', () => {
    const plan = planStridedCopy([3, 0, 2], [0, 1, 1], [0, 2, 1]);
    expect(plan.dims.length).toBe(0);
    expect(plan.count).toBe(0);
  });
});

describe('runStridedCopy', () => {
  it('transposes a [2, 3] matrix', () => {
    const src = new Int32Array([1, 2, 3, 4, 5, 6]);
    const dst = new Int32Array(6);
    runStridedCopy(planStridedCopy([3, 2], [1, 3], [2, 1]), src, 0, dst, 0);
    expect([...dst]).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('reads backwards with a negative stride from an offset', () => {
    const src = new Uint8Array([1, 2, 3, 4]);
    const dst = new Uint8Array(4);
    runStridedCopy(planStridedCopy([4], [-1], [1]), src, 3, dst, 0);
    expect([...dst]).toEqual([4, 3, 2, 1]);
  });

  it('broadcasts with a zero stride (native fill for long runs)', () => {
    const src = new Uint16Array([7, 9]);
    const dst = new Uint16Array(160);
    runStridedCopy(planStridedCopy([2, 80], [1, 0], [80, 1]), src, 0, dst, 0);
    expect([...dst]).toEqual([...new Array(80).fill(7), ...new Array(80).fill(9)]);
  });

  it('moves int64 elements exactly as word pairs, into a strided destination', () => {
    const values = [2n ** 62n + 1n, -(2n ** 60n) - 7n, -1n];
    const src = new BigInt64Array(values);
    const dst = new BigInt64Array(7);
    const plan = planStridedCopy([3], [1], [3], wordsPerElement('int64'));
    runStridedCopy(plan, wordView(src), 0, wordView(dst), 0);
    expect([...dst]).toEqual([values[0], 0n, 0n, values[1], 0n, 0n, values[2]]);
  });

  it('keeps NaN payload bits of float32 elements', () => {
    const bits = new Uint32Array([0x7fa00001, 0xffc00000, 0x7f800001]);
    const src = new Float32Array(bits.buffer);
    const dst = new Float32Array(3);
    runStridedCopy(
      planStridedCopy([3], [-1], [1], wordsPerElement('float32')),
      wordView(src),
      2,
      wordView(dst),
      0,
    );
    expect([...new Uint32Array(dst.buffer)]).toEqual([0x7f800001, 0xffc00000, 0x7fa00001]);
  });

  it('copies long contiguous rows of a rank-3 window with native set', () => {
    const src = Float64Array.from({ length: 2 * 3 * 20 }, (_, i) => i);
    const dst = new Float64Array(2 * 2 * 18);
    // window [0:2, 1:3, 2:20] of [2, 3, 20]
    const plan = planStridedCopy([2, 2, 18], [60, 20, 1], [36, 18, 1], wordsPerElement('float64'));
    runStridedCopy(plan, wordView(src), 22, wordView(dst), 0);
    const want: number[] = [];
    for (let a = 0; a < 2; a++)
      for (let b = 1; b < 3; b++) for (let c = 2; c < 20; c++) want.push(a * 60 + b * 20 + c);
    expect([...dst]).toEqual(want);
  });

  it('transposes a large matrix tile by tile (single words and word pairs)', () => {
    const rows = 70;
    const cols = 45;
    const want: number[] = [];
    for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) want.push(r * cols + c);
    const plan32 = planStridedCopy([cols, rows], [1, cols], [rows, 1]);
    expect(plan32.mode).toBe('tile');
    const src32 = Int32Array.from({ length: rows * cols }, (_, i) => i);
    const dst32 = new Int32Array(rows * cols);
    runStridedCopy(plan32, src32, 0, dst32, 0);
    expect([...dst32]).toEqual(want);
    const plan64 = planStridedCopy([cols, rows], [1, cols], [rows, 1], 2);
    expect(plan64.mode).toBe('tile');
    const src64 = BigInt64Array.from({ length: rows * cols }, (_, i) => BigInt(i) - (1n << 62n));
    const dst64 = new BigInt64Array(rows * cols);
    runStridedCopy(plan64, wordView(src64), 0, wordView(dst64), 0);
    expect([...dst64]).toEqual(want.map((v) => BigInt(v) - (1n << 62n)));
  });

  it('moves word pairs along a strided axis', () => {
    const plan = planStridedCopy([2, 3], [1, 2], [3, 1], 2);
    expect(plan.mode).toBe('pairs');
    const src = new BigInt64Array([-1n, 2n ** 63n - 1n, 3n, -4n, 5n, -(2n ** 63n)]);
    const dst = new BigInt64Array(6);
    runStridedCopy(plan, wordView(src), 0, wordView(dst), 0);
    expect([...dst]).toEqual([-1n, 3n, 5n, 2n ** 63n - 1n, -4n, -(2n ** 63n)]);
  });
});
