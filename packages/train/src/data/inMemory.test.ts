import { float16FromNumber } from '@tsmlx/dtypes';
import { Tensor } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import { inMemoryDataset } from './inMemory.js';
import type { Batch } from './types.js';

const iota = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

async function collect(ds: AsyncIterable<Batch>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const b of ds) out.push([...(b.labels[0]!.dataSync() as Int32Array)]);
  return out;
}

describe('inMemoryDataset', () => {
  it('serves examples in order, in batches, with a short last batch', async () => {
    const ds = inMemoryDataset({ inputs: [iota(7)], labels: [iota(7)] }, { batchSize: 3 });
    expect(await collect(ds)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(ds.batchesPerEpoch).toBe(3);
    expect(ds.epoch).toBe(1);
  });

  it('drops the remainder when asked', async () => {
    const ds = inMemoryDataset(
      { inputs: [iota(7)], labels: [iota(7)] },
      { batchSize: 3, dropRemainder: true },
    );
    expect(await collect(ds)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(ds.batchesPerEpoch).toBe(2);
    const exact = inMemoryDataset(
      { inputs: [iota(6)], labels: [iota(6)] },
      { batchSize: 3, dropRemainder: true },
    );
    expect((await collect(exact)).flat()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('shuffles: each epoch is a permutation covering every example once, new order per epoch', async () => {
    const n = 103;
    const ds = inMemoryDataset(
      { inputs: [iota(n)], labels: [iota(n)] },
      { batchSize: 10, shuffle: true, seed: 9 },
    );
    const orders: number[][] = [];
    for (let e = 0; e < 3; e++) {
      const batches = await collect(ds);
      expect(batches.map((b) => b.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
      const flat = batches.flat();
      expect([...flat].sort((a, b) => a - b)).toEqual([...iota(n)]);
      orders.push(flat);
    }
    expect(orders[1]).not.toEqual(orders[0]);
    expect(orders[2]).not.toEqual(orders[1]);
    expect(orders[0]).not.toEqual([...iota(n)]);
    // Same seed → same orders; reset() → back to epoch 0.
    const again = inMemoryDataset(
      { inputs: [iota(n)], labels: [iota(n)] },
      { batchSize: 10, shuffle: true, seed: 9 },
    );
    expect((await collect(again)).flat()).toEqual(orders[0]);
    expect((await collect(again)).flat()).toEqual(orders[1]);
    again.reset();
    expect((await collect(again)).flat()).toEqual(orders[0]);
    expect(ds.order(2)).toEqual(Uint32Array.from(orders[2]!));
    const other = inMemoryDataset(
      { inputs: [iota(n)], labels: [iota(n)] },
      { batchSize: 10, shuffle: true, seed: 10 },
    );
    expect((await collect(other)).flat()).not.toEqual(orders[0]);
  });

  it('runs several epochs per pass, or endlessly', async () => {
    const ds = inMemoryDataset({ inputs: [iota(4)], labels: [iota(4)] }, { batchSize: 4, epochs: 3 });
    expect(await collect(ds)).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2, 3],
      [0, 1, 2, 3],
    ]);
    const endless = inMemoryDataset(
      { inputs: [iota(5)], labels: [iota(5)] },
      { batchSize: 2, epochs: Infinity },
    );
    expect(await collect(endless.take(7))).toEqual([[0, 1], [2, 3], [4], [0, 1], [2, 3], [4], [0, 1]]);
    const none = inMemoryDataset(
      { inputs: [iota(1)] },
      { batchSize: 2, dropRemainder: true, epochs: Infinity },
    );
    await expect(none.toArray()).rejects.toThrow(/never yield/);
  });

  it('gathers rows of multi-dimensional arrays of every dtype family', async () => {
    const n = 5;
    const images = Float32Array.from({ length: n * 2 * 3 }, (_, i) => i * 0.5);
    const big = BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 10n ** 15n - 7n);
    const half = Uint16Array.from({ length: n * 2 }, (_, i) => float16FromNumber(i - 3));
    const flags = Array.from({ length: n }, (_, i) => i % 2 === 0);
    const ds = inMemoryDataset(
      {
        inputs: [
          Tensor.from(images, { shape: [n, 2, 3] }),
          Tensor.from(half, { dtype: 'float16', shape: [n, 2] }),
        ],
        labels: [big, flags, iota(n)],
      },
      { batchSize: 2, shuffle: true, seed: 3 },
    );
    const order = ds.order(0);
    const batches = await ds.toArray();
    let k = 0;
    for (const b of batches) {
      const m = b.inputs[0]!.dims[0]!;
      expect(b.inputs[0]!.dims).toEqual([m, 2, 3]);
      expect(b.inputs[1]!.shape.toString()).toBe(`(float16)[${m}, 2]`);
      expect(b.labels[1]!.dtype).toBe('bool');
      const img = b.inputs[0]!.dataSync();
      const h = b.inputs[1]!.dataSync();
      const bg = b.labels[0]!.dataSync();
      const fl = b.labels[1]!.dataSync();
      for (let r = 0; r < m; r++, k++) {
        const src = order[k]!;
        for (let j = 0; j < 6; j++) expect(img[r * 6 + j]).toBe((src * 6 + j) * 0.5);
        expect(h[r * 2]).toBe(float16FromNumber(src * 2 - 3));
        expect(bg[r]).toBe(BigInt(src) * 10n ** 15n - 7n);
        expect(fl[r]).toBe(src % 2 === 0 ? 1 : 0);
      }
    }
    expect(k).toBe(n);
  });

  it('handles zero examples and zero-size rows', async () => {
    const empty = inMemoryDataset({ inputs: [new Float32Array(0)] }, { batchSize: 4 });
    expect(await empty.toArray()).toEqual([]);
    const flat = inMemoryDataset(
      { inputs: [Tensor.from(new Float32Array(0), { shape: [3, 0] })] },
      { batchSize: 2 },
    );
    const b = await flat.toArray();
    expect(b.map((x) => x.inputs[0]!.dims)).toEqual([
      [2, 0],
      [1, 0],
    ]);
  });

  it('reports bad arguments', () => {
    expect(() =>
      inMemoryDataset({ inputs: [iota(3)], labels: [iota(4)] }, { batchSize: 1, name: 'toy' }),
    ).toThrow(/"toy": labels\[0\] has 4 examples along axis 0, inputs\[0\] has 3/);
    expect(() => inMemoryDataset({ inputs: [iota(3)] }, { batchSize: 0 })).toThrow(/batchSize/);
    expect(() => inMemoryDataset({ inputs: [iota(3)] }, { batchSize: 1, epochs: 0 })).toThrow(/epochs/);
    expect(() => inMemoryDataset({ inputs: [] }, { batchSize: 1 })).toThrow(/non-empty/);
    expect(() => inMemoryDataset({ inputs: [5] }, { batchSize: 1 })).toThrow(/scalar/);
  });
});
