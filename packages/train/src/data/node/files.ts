// Node-only: reads dataset files from disk (node:fs, node:zlib). Exported from `@tsmlx/train/node`.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Tensor } from '@tsmlx/graph';
import { type CsvData, type CsvOptions, parseCsv } from '../csv.js';
import { parseIdx } from '../idx.js';

/** Reads a file, decompressing it when it is gzipped (detected by the gzip magic bytes 1f 8b). */
async function readMaybeGzipped(path: string, what: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Error(`${what} ${path}: cannot read it: ${(error as Error).message}`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes);
    } catch (error) {
      throw new Error(`${what} ${path}: gzip data is corrupt or truncated: ${(error as Error).message}`);
    }
  }
  return bytes;
}

/**
 * Reads an IDX file (MNIST / Fashion-MNIST format), plain or gzipped (`.gz`, detected from the content), into a
 * tensor (see {@link parseIdx}).
 *
 * @example
 * ```ts
 * import { readIdxFile } from '@tsmlx/train/node';
 * const images = await readIdxFile('data/train-images-idx3-ubyte');     // (uint8)[60000, 28, 28]
 * const labels = await readIdxFile('data/train-labels-idx1-ubyte.gz');  // (uint8)[60000]
 * ```
 * @throws Error naming the file when it cannot be read, its gzip data is corrupt, or its IDX content is invalid.
 */
export async function readIdxFile(path: string): Promise<Tensor> {
  return parseIdx(await readMaybeGzipped(path, 'IDX file'), path);
}

/**
 * Reads a CSV file of numeric columns, plain or gzipped (see {@link parseCsv} for options and errors; error
 * messages name the file and line).
 */
export async function readCsvFile(path: string, options: CsvOptions = {}): Promise<CsvData> {
  const bytes = await readMaybeGzipped(path, 'CSV');
  return parseCsv(new TextDecoder('utf-8').decode(bytes), options, path);
}
