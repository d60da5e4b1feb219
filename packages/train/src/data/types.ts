import type { Tensor } from '@tsmlx/graph';

/**
 * One batch of examples: the model's inputs and the labels the loss compares against (both may hold several
 * tensors; every tensor's axis 0 is the batch axis). The consumer owns the tensors and disposes them.
 */
export interface Batch {
  /** Model inputs, e.g. `[images]`. */
  inputs: Tensor[];
  /** Targets, e.g. `[labels]`; may be empty (unsupervised models). */
  labels: Tensor[];
}

/**
 * A source of batches for training and evaluation: an async iterable. Each `for await` over it is one pass;
 * how many epochs one pass holds is the dataset's choice (one by default for in-memory datasets, or infinite).
 *
 * Datasets keep an epoch counter across passes (so a shuffled dataset draws a new order each epoch);
 * {@link Dataset.reset} puts it back to the start, so the same sequence of batches repeats.
 */
export interface Dataset extends AsyncIterable<Batch> {
  /** A name for progress reports and errors. */
  readonly name: string;
  /** Starts a pass over the data (see the interface docs for epochs). */
  [Symbol.asyncIterator](): AsyncIterator<Batch>;
  /** Goes back to epoch 0: the next pass repeats the batches of the first one, in the same order. */
  reset(): void;
}

/** A per-batch transformation run on the host (see `DatasetBase.map`). It may be async. */
export type BatchFn = (batch: Batch) => Batch | Promise<Batch>;

/** Disposes every tensor of a batch. */
export function disposeBatch(batch: Batch): void {
  for (const t of batch.inputs) t.dispose();
  for (const t of batch.labels) t.dispose();
}
