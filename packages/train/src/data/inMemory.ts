import { type AnyStorageArray, type DType, storageSlotsPerElement } from '@tsmlx/dtypes';
import { type HostValue, Tensor } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import { DatasetBase } from './base.js';
import { seededPermutation } from './random.js';
import type { Batch } from './types.js';

/** Examples for {@link inMemoryDataset}: a tensor or JS values (nested arrays, a TypedArray); axis 0 indexes examples. */
export type ExampleArray = Tensor | HostValue;

/** The data of an in-memory dataset: parallel arrays of examples, all with the same size along axis 0. */
export interface InMemoryData {
  /** Model inputs, e.g. `[images]` of shape `[n, 28, 28]`. */
  inputs: ExampleArray[];
  /** Labels, e.g. `[labels]` of shape `[n]`. Default none. */
  labels?: ExampleArray[];
}

/** Options of {@link inMemoryDataset}. */
export interface InMemoryOptions {
  /** Examples per batch (the last batch of an epoch may be smaller, see `dropRemainder`). */
  batchSize: number;
  /** Visit examples in a new random order each epoch. Default false (examples in order). */
  shuffle?: boolean;
  /**
   * Seed of the shuffle (an integer, mod 2^64). Epoch `e` uses the permutation `seededPermutation(n, seed, e)`
   * (xoshiro128** seeded by SplitMix64; see {@link Xoshiro128}): the same seed gives the same orders on every
   * platform. Default 0.
   */
  seed?: number | bigint;
  /** Drop the last batch of an epoch when it has fewer than `batchSize` examples. Default false. */
  dropRemainder?: boolean;
  /** Epochs per pass (`for await`): a positive integer, or `Infinity` for an endless dataset. Default 1. */
  epochs?: number;
  /** Name for progress reports and errors. Default `'in-memory'`. */
  name?: string;
}

interface Column {
  storage: AnyStorageArray;
  dtype: DType;
  rowDims: readonly number[];
  /** Number of examples (size of axis 0). */
  count: number;
  /** Storage slots per example. */
  rowSlots: number;
}

type Settable = {
  set(source: ArrayLike<unknown>, offset: number): void;
  subarray(a: number, b: number): ArrayLike<unknown>;
};

/**
 * A dataset of examples held in memory, served in batches: each batch gathers `batchSize` examples (rows along
 * axis 0) of every input and label array into new tensors of shape `[batch, ...rest]`.
 *
 * Epochs are counted across passes: with `shuffle`, epoch `e` visits the examples in the order
 * `seededPermutation(n, seed, e)`, so consecutive passes see different orders, and {@link InMemoryDataset.reset}
 * (back to epoch 0) repeats them. Every example appears exactly once per epoch (once, or not at all for the
 * dropped remainder with `dropRemainder`).
 */
export class InMemoryDataset extends DatasetBase {
  /** Name for progress reports and errors. */
  readonly name: string;
  /** Number of examples. */
  readonly numExamples: number;
  /** Examples per batch. */
  readonly batchSize: number;
  /** Whether each epoch uses a new random order. */
  readonly shuffle: boolean;
  /** Seed of the shuffle. */
  readonly seed: bigint;
  /** Whether the short last batch of each epoch is dropped. */
  readonly dropRemainder: boolean;
  /** Epochs per pass (`Infinity` for endless). */
  readonly epochs: number;
  private readonly inputs: Column[];
  private readonly labels: Column[];
  private nextEpoch = 0;

  /** See {@link inMemoryDataset}. */
  constructor(data: InMemoryData, options: InMemoryOptions) {
    super();
    this.name = options.name ?? 'in-memory';
    const where = `inMemoryDataset ${JSON.stringify(this.name)}`;
    const { batchSize } = options;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1)
      throw new RangeError(`${where}: batchSize must be a positive integer, got ${batchSize}`);
    const epochs = options.epochs ?? 1;
    if (!(epochs === Number.POSITIVE_INFINITY || (Number.isSafeInteger(epochs) && epochs >= 1))) {
      throw new RangeError(`${where}: epochs must be a positive integer or Infinity, got ${epochs}`);
    }
    if (!data || !Array.isArray(data.inputs) || data.inputs.length === 0) {
      throw new TypeError(`${where}: data.inputs must be a non-empty array of example arrays`);
    }
    this.inputs = data.inputs.map((v, i) => toColumn(v, `${where}: inputs[${i}]`));
    this.labels = (data.labels ?? []).map((v, i) => toColumn(v, `${where}: labels[${i}]`));
    const n = this.inputs[0]!.count;
    const names = [
      ...this.inputs.map((_, i) => `inputs[${i}]`),
      ...this.labels.map((_, i) => `labels[${i}]`),
    ];
    [...this.inputs, ...this.labels].forEach((c, i) => {
      if (c.count !== n)
        throw new RangeError(
          `${where}: ${names[i]} has ${c.count} examples along axis 0, inputs[0] has ${n}`,
        );
    });
    this.numExamples = n;
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? false;
    this.seed = BigInt.asUintN(64, BigInt(options.seed ?? 0));
    this.dropRemainder = options.dropRemainder ?? false;
    this.epochs = epochs;
  }

  /** Batches per epoch. */
  get batchesPerEpoch(): number {
    const full = Math.floor(this.numExamples / this.batchSize);
    return this.dropRemainder || this.numExamples % this.batchSize === 0 ? full : full + 1;
  }

  /** Number of epochs started so far (across passes); the next epoch has this number. */
  get epoch(): number {
    return this.nextEpoch;
  }

  /** Goes back to epoch 0. */
  reset(): void {
    this.nextEpoch = 0;
  }

  /** The example order of epoch `epoch` (indices into the arrays). */
  order(epoch: number): Uint32Array {
    if (this.shuffle) return seededPermutation(this.numExamples, this.seed, epoch);
    const order = new Uint32Array(this.numExamples);
    for (let i = 0; i < order.length; i++) order[i] = i;
    return order;
  }

  /** One pass: `epochs` epochs of batches (see the class docs). */
  async *[Symbol.asyncIterator](): AsyncIterator<Batch> {
    if (this.epochs === Number.POSITIVE_INFINITY && this.batchesPerEpoch === 0) {
      throw new RangeError(
        `dataset ${this.name}: an endless dataset with no batches per epoch (${this.numExamples} examples, ` +
          `batchSize ${this.batchSize}${this.dropRemainder ? ', dropRemainder' : ''}) would never yield`,
      );
    }
    for (let e = 0; e < this.epochs; e++) {
      const order = this.order(this.nextEpoch++);
      const batches = this.batchesPerEpoch;
      for (let b = 0; b < batches; b++) {
        const start = b * this.batchSize;
        const indices = order.subarray(start, Math.min(start + this.batchSize, this.numExamples));
        yield {
          inputs: this.inputs.map((c) => gather(c, indices)),
          labels: this.labels.map((c) => gather(c, indices)),
        };
      }
    }
  }
}

/**
 * An in-memory dataset (see {@link InMemoryDataset}).
 *
 * @example
 * ```ts
 * const ds = inMemoryDataset(
 *   { inputs: [Tensor.from(x, { shape: [n, 4] })], labels: [Int32Array.from(y)] },
 *   { batchSize: 32, shuffle: true, seed: 42, dropRemainder: true },
 * );
 * for await (const { inputs, labels } of ds) { ... }
 * ```
 */
export function inMemoryDataset(data: InMemoryData, options: InMemoryOptions): InMemoryDataset {
  return new InMemoryDataset(data, options);
}

function toColumn(value: ExampleArray, where: string): Column {
  let tensor: Tensor;
  try {
    tensor = value instanceof Tensor ? value : Tensor.from(value);
  } catch (error) {
    throw new TypeError(`${where}: ${(error as Error).message}`);
  }
  if (tensor.rank === 0)
    throw new RangeError(`${where}: a scalar has no examples axis; give arrays of rank >= 1`);
  const storage = tensor.dataSync();
  const rowDims = tensor.dims.slice(1);
  const rowSlots = rowDims.reduce((a, d) => a * d, 1) * storageSlotsPerElement(tensor.dtype);
  return { storage, dtype: tensor.dtype, rowDims, rowSlots, count: tensor.dims[0]! };
}

function gather(column: Column, indices: Uint32Array): Tensor {
  const { storage, rowSlots, dtype } = column;
  const ctor = storage.constructor as new (n: number) => AnyStorageArray;
  const out = new ctor(indices.length * rowSlots) as unknown as Settable;
  const src = storage as unknown as Settable;
  if (rowSlots > 0) {
    // Runs of consecutive indices (unshuffled data) are copied in one block.
    let k = 0;
    while (k < indices.length) {
      const first = indices[k]!;
      let run = 1;
      while (k + run < indices.length && indices[k + run] === first + run) run++;
      out.set(src.subarray(first * rowSlots, (first + run) * rowSlots), k * rowSlots);
      k += run;
    }
  }
  return Tensor.fromStorage(
    out as unknown as AnyStorageArray,
    new Shape(dtype, [indices.length, ...column.rowDims]),
  );
}
