import { Tensor } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import { generatorDataset } from './base.js';
import type { Batch } from './types.js';

const batchOf = (v: number): Batch => ({ inputs: [Tensor.from([v])], labels: [Tensor.from([v * 10])] });
const first = (b: Batch) => (b.inputs[0]!.dataSync() as Float32Array)[0]!;

/** A dataset of `n` batches that records what it produced and whether it was closed. */
function tracked(n: number, options: { failAt?: number } = {}) {
  const log = { produced: [] as number[], closed: false, epochs: [] as number[] };
  const ds = generatorDataset('tracked', function* (epoch) {
    log.epochs.push(epoch);
    try {
      for (let i = 0; i < n; i++) {
        if (i === options.failAt) throw new Error(`boom at ${i}`);
        log.produced.push(i);
        yield batchOf(i);
      }
    } finally {
      log.closed = true;
    }
  });
  return { ds, log };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('generatorDataset', () => {
  it('counts epochs across passes and reset() restarts them', async () => {
    const { ds, log } = tracked(2);
    await ds.toArray();
    await ds.toArray();
    ds.reset();
    await ds.toArray();
    expect(log.epochs).toEqual([0, 1, 0]);
  });
});

describe('map', () => {
  it('transforms each batch on the host and disposes replaced tensors', async () => {
    const { ds } = tracked(3);
    const seen: Tensor[] = [];
    const mapped = ds.map((b) => {
      seen.push(b.inputs[0]!, b.labels[0]!);
      return { inputs: [Tensor.from([first(b) + 100])], labels: b.labels };
    });
    const out = await mapped.toArray();
    expect(out.map(first)).toEqual([100, 101, 102]);
    expect(out.map((b) => b.labels[0]!.toArray())).toEqual([[0], [10], [20]]);
    // Inputs were replaced (disposed); labels were kept (alive).
    expect(seen.filter((_, i) => i % 2 === 0).every((t) => t.disposed)).toBe(true);
    expect(seen.filter((_, i) => i % 2 === 1).every((t) => !t.disposed)).toBe(true);
  });

  it('accepts async functions and rejects non-batches', async () => {
    const { ds } = tracked(2);
    expect((await ds.map(async (b) => b).toArray()).map(first)).toEqual([0, 1]);
    await expect(ds.map(() => 5 as unknown as Batch, 'bad').toArray()).rejects.toThrow(
      /dataset bad: the map function must return a Batch/,
    );
  });
});

describe('take', () => {
  it('yields the first n batches of each pass and closes the source', async () => {
    const { ds, log } = tracked(10);
    const t = ds.take(3);
    expect((await t.toArray()).map(first)).toEqual([0, 1, 2]);
    expect(log.produced).toEqual([0, 1, 2]);
    expect(log.closed).toBe(true);
    expect((await ds.take(0).toArray()).length).toBe(0);
    expect((await ds.take(50).toArray()).length).toBe(10);
    expect(() => ds.take(-1)).toThrow(RangeError);
  });
});

describe('prefetch', () => {
  it('keeps order and reads at most n batches ahead', async () => {
    const { ds, log } = tracked(10);
    const it = ds.prefetch(2)[Symbol.asyncIterator]();
    const a = await it.next();
    expect(first(a.value as Batch)).toBe(0);
    await tick();
    // Consumer holds batch 0; the producer read batches 1 and 2 ahead and waits.
    expect(log.produced).toEqual([0, 1, 2]);
    const b = await it.next();
    expect(first(b.value as Batch)).toBe(1);
    await tick();
    expect(log.produced).toEqual([0, 1, 2, 3]);
    const rest: number[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) rest.push(first(r.value));
    expect(rest).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(log.closed).toBe(true);
  });

  it('yields the same batches as the source', async () => {
    const { ds } = tracked(7);
    expect((await ds.prefetch(3).toArray()).map(first)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect((await ds.prefetch(1).toArray()).map(first)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('surfaces source errors in sequence', async () => {
    const { ds } = tracked(10, { failAt: 3 });
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const b of ds.prefetch(4)) got.push(first(b));
      })(),
    ).rejects.toThrow(/boom at 3/);
    expect(got).toEqual([0, 1, 2]);
  });

  it('on early exit disposes read-ahead batches and closes the source', async () => {
    const made: Batch[] = [];
    let closed = false;
    const ds = generatorDataset('src', function* () {
      try {
        for (let i = 0; i < 100; i++) {
          const b = batchOf(i);
          made.push(b);
          yield b;
        }
      } finally {
        closed = true;
      }
    });
    for await (const b of ds.prefetch(3)) {
      await tick();
      if (first(b) === 1) break;
    }
    expect(closed).toBe(true);
    // Batches 0 and 1 went to the consumer; those read ahead (2..4) were disposed.
    expect(made.length).toBe(5);
    expect(made.slice(2).every((b) => b.inputs[0]!.disposed)).toBe(true);
    expect(made.slice(0, 2).every((b) => !b.inputs[0]!.disposed)).toBe(true);
  });

  it('reset() of a chain resets its source', async () => {
    const { ds, log } = tracked(2);
    const p = ds.map((b) => b).prefetch(2);
    await p.toArray();
    p.reset();
    await p.toArray();
    expect(log.epochs).toEqual([0, 0]);
    expect(() => ds.prefetch(0)).toThrow(RangeError);
  });
});
