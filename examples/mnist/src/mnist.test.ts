import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePlotHtml } from '@tsmlx/ui';
import { describe, expect, it } from 'vitest';
import { loadMnist } from './data.js';
import { trainMnist } from './train.js';

describe('MNIST data', () => {
  it('reads the shipped IDX files: shapes, scaling and the known first labels', async () => {
    const test = await loadMnist('test', { limit: 10 });
    expect(test.images.dims).toEqual([10, 28, 28, 1]);
    expect(test.images.dtype).toBe('float32');
    // The first ten test digits of MNIST are 7 2 1 0 4 1 4 9 5 9.
    expect(Array.from(test.labels.dataSync() as Int32Array)).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    const px = test.images.dataSync() as Float32Array;
    expect(Math.min(...px)).toBe(0);
    expect(Math.max(...px)).toBe(1);
    expect((await loadMnist('train', { limit: 3 })).labels.dataSync()).toEqual(Int32Array.from([5, 0, 4]));
  });
});

describe('MNIST end to end (small slice)', () => {
  it('trains an MLP on 2,000 images to well above chance, with plot and checkpoints', async () => {
    const out = await mkdtemp(join(tmpdir(), 'tsmlx-mnist-'));
    try {
      const lines: string[] = [];
      const started = Date.now();
      const r = await trainMnist({
        model: 'mlp',
        epochs: 2,
        batchSize: 100,
        trainLimit: 2000,
        testLimit: 1000,
        backend: 'simple',
        params: 'mlp_hidden=[128];learning_rate=0.003',
        out,
        evalPoints: 2,
        progress: { intervalSeconds: 1000, stream: { write: (t: string) => void lines.push(t) } },
        log: (l) => void lines.push(l),
      });
      const seconds = (Date.now() - started) / 1000;
      expect(seconds).toBeLessThan(60);
      expect(r.globalStep).toBe(40);
      expect(r.testAccuracy).toBeGreaterThan(0.8); // chance is 0.1
      expect(lines.join('')).toMatch(/test: #loss=\d.* acc=\d+\.\d\d%/);
      const data = parsePlotHtml(await readFile(r.plotFile!, 'utf8'));
      const testAcc = data.series.find((s) => s.label === 'test acc')!;
      expect(testAcc.steps).toEqual([20, 40]);
      expect(testAcc.values[1]).toBe(r.testAccuracy);
      expect((await readdir(r.checkpointDir!)).filter((f) => f.endsWith('.json'))).toEqual([
        'ckpt-n0000001-step-00000040.json',
      ]);
      // Running again resumes at the end: nothing left to train, same accuracy.
      const again = await trainMnist({
        model: 'mlp',
        epochs: 2,
        batchSize: 100,
        trainLimit: 2000,
        testLimit: 1000,
        backend: 'simple',
        params: 'mlp_hidden=[128];learning_rate=0.003',
        out,
        progress: false,
        plots: false,
        log: () => {},
      });
      expect(again.resumedFrom).toBe(40);
      expect(again.steps).toBe(0);
      expect(again.testAccuracy).toBe(r.testAccuracy);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 90_000);
});
