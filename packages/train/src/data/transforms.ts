import { type Batch, type BatchFn, disposeBatch } from './types.js';

// The async generators behind DatasetBase.map / take / prefetch. Each one is one pass over its source.

function checkBatch(value: unknown, where: string): Batch {
  const b = value as Batch;
  if (!b || !Array.isArray(b.inputs) || !Array.isArray(b.labels)) {
    throw new TypeError(
      `${where}: the map function must return a Batch ({ inputs: Tensor[], labels: Tensor[] })`,
    );
  }
  return b;
}

/**
 * Applies `fn` to each batch of `source`. Tensors of the incoming batch that the result does not hold are
 * disposed after `fn` returns.
 */
export async function* mapBatches(
  source: AsyncIterable<Batch>,
  fn: BatchFn,
  where: string,
): AsyncGenerator<Batch> {
  for await (const batch of source) {
    const out = checkBatch(await fn(batch), where);
    const kept = new Set([...out.inputs, ...out.labels]);
    for (const t of [...batch.inputs, ...batch.labels]) if (!kept.has(t)) t.dispose();
    yield out;
  }
}

/** The first `n` batches of `source` (then the source iterator is closed). */
export async function* takeBatches(source: AsyncIterable<Batch>, n: number): AsyncGenerator<Batch> {
  if (n <= 0) return;
  let count = 0;
  for await (const batch of source) {
    yield batch;
    if (++count >= n) return;
  }
}

type Item = { kind: 'value'; value: Batch } | { kind: 'done' } | { kind: 'error'; error: unknown };

/**
 * Reads up to `n` batches ahead of the consumer: while the consumer works on one batch, the next ones are
 * being produced. Order and errors are preserved (an error surfaces where it happened in the sequence). When
 * the consumer stops early, batches read ahead are disposed and the source iterator is closed.
 */
export async function* prefetchBatches(source: AsyncIterable<Batch>, n: number): AsyncGenerator<Batch> {
  const it = source[Symbol.asyncIterator]();
  const queue: Item[] = [];
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  let stopped = false;
  let finished = false;
  const push = (item: Item) => {
    queue.push(item);
    const w = wakeConsumer;
    wakeConsumer = undefined;
    w?.();
  };
  const producer = (async () => {
    try {
      for (;;) {
        while (queue.length >= n && !stopped) await new Promise<void>((r) => (wakeProducer = r));
        if (stopped) return;
        const r = await it.next();
        if (r.done) {
          finished = true;
          push({ kind: 'done' });
          return;
        }
        if (stopped) {
          disposeBatch(r.value);
          return;
        }
        push({ kind: 'value', value: r.value });
      }
    } catch (error) {
      finished = true;
      push({ kind: 'error', error });
    }
  })();
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((r) => (wakeConsumer = r));
      const item = queue.shift()!;
      const w = wakeProducer;
      wakeProducer = undefined;
      w?.();
      if (item.kind === 'done') return;
      if (item.kind === 'error') throw item.error;
      yield item.value;
    }
  } finally {
    stopped = true;
    const w = wakeProducer;
    wakeProducer = undefined;
    w?.();
    await producer;
    for (const item of queue.splice(0)) if (item.kind === 'value') disposeBatch(item.value);
    if (!finished) await it.return?.();
  }
}
