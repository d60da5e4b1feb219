import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { float16FromNumber } from '@tsmlx/dtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import { readCsvFile } from './node/files.js';

describe('parseCsv', () => {
  it('splits features and labels by column name or index', () => {
    const text = 'a,b,label,c\n1,2,0,3\n4.5,-5e-1,1,6\n';
    const r = parseCsv(text, { labelColumns: ['label'], labelDType: 'int32' });
    expect(r.featureNames).toEqual(['a', 'b', 'c']);
    expect(r.labelNames).toEqual(['label']);
    expect(r.features.shape.toString()).toBe('(float32)[2, 3]');
    expect(r.features.toArray()).toEqual([
      [1, 2, 3],
      [4.5, -0.5, 6],
    ]);
    expect(r.labels.toArray()).toEqual([[0], [1]]);
    const byIndex = parseCsv(text, { labelColumns: [3, 0], featureColumns: ['b'], dtype: 'float64' });
    expect(byIndex.labelNames).toEqual(['c', 'a']);
    expect(byIndex.labels.toArray()).toEqual([
      [3, 1],
      [6, 4.5],
    ]);
    expect(byIndex.features.toArray()).toEqual([[2], [-0.5]]);
  });

  it('handles no header, CRLF, blank lines, quotes, other delimiters and dtypes', () => {
    const r = parseCsv('1;2\r\n\r\n3;4\r\n', {
      header: false,
      delimiter: ';',
      labelColumns: [1],
      labelDType: 'int64',
    });
    expect(r.featureNames).toEqual(['0']);
    expect(r.features.toArray()).toEqual([[1], [3]]);
    expect(r.labels.toArray()).toEqual([[2n], [4n]]);
    const q = parseCsv('"x, first","say ""y"""\n" 1 ",2\n', { dtype: 'float16' });
    expect(q.featureNames).toEqual(['x, first', 'say "y"']);
    expect([...(q.features.dataSync() as Uint16Array)]).toEqual([float16FromNumber(1), float16FromNumber(2)]);
    const nan = parseCsv('v\nNaN\n-Infinity\n\n');
    expect(nan.features.toArray()).toEqual([[Number.NaN], [-Infinity]]);
    const empty = parseCsv('a,b\n');
    expect(empty.features.dims).toEqual([0, 2]);
    expect(empty.labels.dims).toEqual([0, 0]);
  });

  it('reports errors with file and line numbers', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n', {}, 'data.csv')).toThrow(/CSV data\.csv:3: 1 fields, expected 2/);
    expect(() => parseCsv('a,b\n1,2\n\n3,x\n', {}, 'data.csv')).toThrow(
      /CSV data\.csv:4: column "b" holds "x", not a number/,
    );
    expect(() => parseCsv('a\n1\n2.5\n', { labelColumns: ['a'], labelDType: 'int32' }, 'f')).toThrow(
      /CSV f:3: column "a" holds 2.5, not an integer of int32/,
    );
    expect(() => parseCsv('a\n300\n', { dtype: 'uint8' }, 'f')).toThrow(/f:2: .*not an integer of uint8/);
    expect(() => parseCsv('a,b\n1,"2\n', {}, 'q.csv')).toThrow(/CSV q\.csv:2: unterminated quoted field/);
    expect(() => parseCsv('a,b\n1,2\n', { labelColumns: ['z'] }, 'f')).toThrow(
      /unknown label column "z"; columns are "a", "b"/,
    );
    expect(() => parseCsv('a,b\n1,2\n', { labelColumns: ['a'], featureColumns: ['a'] }, 'f')).toThrow(
      /chosen twice/,
    );
    expect(() => parseCsv('a\n1\n', { dtype: 'bool' }, 'f')).toThrow(/float or integer dtype/);
  });
});

describe('readCsvFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsmlx-csv-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads plain and gzipped files, errors naming the file and line', async () => {
    const text = 'x,y\n1,0\n2,1\n';
    await writeFile(join(dir, 'd.csv'), text);
    await writeFile(join(dir, 'd.csv.gz'), gzipSync(text));
    for (const f of ['d.csv', 'd.csv.gz']) {
      const r = await readCsvFile(join(dir, f), { labelColumns: ['y'], labelDType: 'int32' });
      expect(r.features.toArray()).toEqual([[1], [2]]);
      expect(r.labels.toArray()).toEqual([[0], [1]]);
    }
    await writeFile(join(dir, 'bad.csv'), 'x,y\n1,0\n2,oops\n');
    await expect(readCsvFile(join(dir, 'bad.csv'))).rejects.toThrow(/bad\.csv:3: column "y" holds "oops"/);
  });
});
