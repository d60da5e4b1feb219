import { mapBatches, prefetchBatches, takeBatches } from './transforms.js';
import type { Batch, BatchFn, Dataset } from './types.js';

/**
 * Base class of tsmlx datasets, adding chainable transformations to the {@link Dataset} interface:
 *
 * ```ts
 * const train = inMemoryDataset({ inputs: [images], labels: [labels] }, { batchSize: 64, shuffle: true, seed: 1 })
 *   .map(({ inputs, labels }) => ({ inputs: inputs.map(normalize), labels }))
 *   .prefetch(2);
 * for await (const batch of train) { ... }
 * ```
 */
export abstract class DatasetBase implements Dataset {
  /** A name for progress reports and errors. */
  abstract readonly name: string;

  /** Starts a pass over the data. */
  abstract [Symbol.asyncIterator](): AsyncIterator<Batch>;

  /** Goes back to epoch 0 (the next pass repeats the first one). */
  abstract reset(): void;

  /**
   * A dataset whose batches are `fn(batch)`, computed on the host as batches are read. Tensors of the input batch
   * that the returned batch does not hold are disposed once `fn` returns (so `fn` need not dispose what it replaces).
   */
  map(fn: BatchFn, name = `${this.name}.map`): DatasetBase {
    return new DerivedDataset(name, this, (src) => mapBatches(src, fn, `dataset ${name}`));
  }

  /** A dataset holding the first `n` batches of each pass of this one. */
  take(n: number, name = `${this.name}.take(${n})`): DatasetBase {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`dataset ${this.name}: take(n) needs an integer n >= 0, got ${n}`);
    return new DerivedDataset(name, this, (src) => takeBatches(src, n));
  }

  /**
   * A dataset that reads up to `n` batches ahead of its consumer (in the background, while the consumer works on
   * the current batch). Same batches, same order.
   */
  prefetch(n = 2, name = `${this.name}.prefetch(${n})`): DatasetBase {
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`dataset ${this.name}: prefetch(n) needs an integer n >= 1, got ${n}`);
    return new DerivedDataset(name, this, (src) => prefetchBatches(src, n));
  }

  /** Reads one pass into an array (the caller owns and disposes the tensors). Handy for small data and tests. */
  async toArray(): Promise<Batch[]> {
    const out: Batch[] = [];
    for await (const batch of this) out.push(batch);
    return out;
  }
}

/** A dataset made from another one by a pass-level transformation. */
class DerivedDataset extends DatasetBase {
  readonly name: string;
  private readonly source: Dataset;
  private readonly iterate: (source: Dataset) => AsyncIterator<Batch>;

  constructor(name: string, source: Dataset, iterate: (source: Dataset) => AsyncIterator<Batch>) {
    super();
    this.name = name;
    this.source = source;
    this.iterate = iterate;
  }

  /** One pass: the transformed pass of the source. */
  [Symbol.asyncIterator](): AsyncIterator<Batch> {
    return this.iterate(this.source);
  }

  /** Resets the source. */
  reset(): void {
    this.source.reset();
  }
}

/** Wraps any {@link Dataset} (e.g. one you implemented) so it gets `map`, `take`, `prefetch` and `toArray`. */
export function fromDataset(dataset: Dataset): DatasetBase {
  if (dataset instanceof DatasetBase) return dataset;
  return new DerivedDataset(dataset.name, dataset, (src) => src[Symbol.asyncIterator]());
}

/**
 * A dataset from a function that produces the batches of one epoch (a generator, sync or async): the function
 * receives the epoch number (0, 1, 2, ... counted across passes; {@link Dataset.reset} restarts it at 0).
 *
 * @example
 * ```ts
 * const ds = generatorDataset('counter', function* (epoch) {
 *   for (let i = 0; i < 3; i++) yield { inputs: [Tensor.from([epoch, i])], labels: [] };
 * });
 * ```
 */
export function generatorDataset(
  name: string,
  epochBatches: (epoch: number) => Iterable<Batch> | AsyncIterable<Batch>,
): DatasetBase {
  return new GeneratorDataset(name, epochBatches);
}

class GeneratorDataset extends DatasetBase {
  readonly name: string;
  private epoch = 0;
  private readonly epochBatches: (epoch: number) => Iterable<Batch> | AsyncIterable<Batch>;

  constructor(name: string, epochBatches: (epoch: number) => Iterable<Batch> | AsyncIterable<Batch>) {
    super();
    this.name = name;
    this.epochBatches = epochBatches;
  }

  /** One pass: the batches of the next epoch. */
  async *[Symbol.asyncIterator](): AsyncIterator<Batch> {
    const epoch = this.epoch++;
    yield* this.epochBatches(epoch);
  }

  /** Back to epoch 0. */
  reset(): void {
    this.epoch = 0;
  }
}
