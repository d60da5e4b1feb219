import { SimpleBackend } from '@tsmlx/backend-simple';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { Tensor } from './tensor.js';

describe('Tensor', () => {
  it('is made from nested arrays with shape, dtype and data', async () => {
    const t = Tensor.from(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { dtype: 'int32' },
    );
    expect(t.shape.toString()).toBe('(int32)[2, 3]');
    expect(t.dtype).toBe('int32');
    expect(t.rank).toBe(2);
    expect(t.size).toBe(6);
    expect(Array.from((await t.data()) as Int32Array)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(t.dataSync() as Int32Array)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(await t.array()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('returns copies from data(): mutating them does not change the tensor', () => {
    const t = Tensor.from([1, 2]);
    (t.dataSync() as Float32Array)[0] = 99;
    expect(t.toArray()).toEqual([1, 2]);
  });

  it('decodes float16 in toArray and keeps raw bits in data()', () => {
    const t = Tensor.from([0.5, -3], { dtype: 'float16' });
    expect(t.toArray()).toEqual([0.5, -3]);
    // 0.5 = 0x3800, -3 = 0xC200 in IEEE half precision.
    expect(Array.from(t.dataSync() as Uint16Array)).toEqual([0x3800, 0xc200]);
  });

  it('moves data to a backend lazily and reads it back', async () => {
    const backend = new SimpleBackend();
    const t = Tensor.from([1.5, 2.5], { dtype: 'float64' });
    expect(t.onBackend()).toBe(false);
    const buffer = t.bufferFor(backend);
    expect(t.onBackend(backend)).toBe(true);
    expect(t.bufferFor(backend)).toBe(buffer);
    expect(buffer.shape.toString()).toBe('(float64)[2]');
    const fromBuffer = Tensor.fromBuffer(
      backend.bufferFromHost(new Float64Array([7, 8]), new Shape('float64', [2])),
      backend,
    );
    expect(Array.from((await fromBuffer.data()) as Float64Array)).toEqual([7, 8]);
    expect(fromBuffer.toArray()).toEqual([7, 8]);
    fromBuffer.dispose();
    t.dispose();
    expect(buffer.disposed).toBe(true);
  });

  it('throws on use after dispose, and dispose is idempotent', async () => {
    const t = Tensor.from([1]);
    t.dispose();
    t.dispose();
    expect(t.disposed).toBe(true);
    expect(() => t.dataSync()).toThrow(/used after dispose/);
    await expect(t.data()).rejects.toThrow(/used after dispose/);
    expect(t.toString()).toBe('Tensor (float32)[1] (disposed)');
  });

  it('supports using (Symbol.dispose)', () => {
    const t = Tensor.from([1]);
    t[Symbol.dispose]();
    expect(t.disposed).toBe(true);
  });

  it('prints like numpy', () => {
    expect(
      Tensor.from([
        [1, 2.5],
        [-3, 40],
      ]).toString(),
    ).toBe('Tensor (float32)[2, 2]\n[[  1, 2.5],\n [ -3,  40]]');
    expect(Tensor.from(3n).toString()).toBe('Tensor (int64)[]\n3');
    expect(Tensor.from([true, false]).toString()).toBe('Tensor (bool)[2]\n[ true, false]');
    expect(
      Tensor.from(
        [
          [
            [1, 2],
            [3, 4],
          ],
          [
            [5, 6],
            [7, 8],
          ],
        ],
        { dtype: 'int32' },
      ).toString(),
    ).toBe('Tensor (int32)[2, 2, 2]\n[[[1, 2],\n  [3, 4]],\n\n [[5, 6],\n  [7, 8]]]');
    expect(Tensor.from([Number.NaN, Number.POSITIVE_INFINITY], { dtype: 'float64' }).toString()).toBe(
      'Tensor (float64)[2]\n[     NaN, Infinity]',
    );
  });

  it('summarizes large tensors', () => {
    const t = Tensor.from(new Int32Array(2000).map((_, i) => i));
    expect(t.toString()).toBe('Tensor (int32)[2000]\n[   0,    1,    2, ..., 1997, 1998, 1999]');
  });
});
