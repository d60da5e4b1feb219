import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimpleBackend } from '@tsmlx/backend-simple';
import { Context } from '@tsmlx/context';
import { Tensor } from '@tsmlx/graph';
import { dense, sparseCategoricalCrossEntropyLogits } from '@tsmlx/nn';
import { sgd } from '@tsmlx/optx';
import { inMemoryDataset, Loop, sparseCategoricalAccuracy, Trainer } from '@tsmlx/train';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDuration, formatMetrics } from './format.js';
import { parsePlotHtml, plotHtml, scriptJson } from './html.js';
import { attachPlots } from './plots.js';
import { attachProgressBar, type TextStream } from './progress.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** 2-class toy data (class = x > 0) and a linear classifier. */
function setup(n = 24, batchSize = 4) {
  const x = Float32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1) * (0.5 + i / n));
  const y = Int32Array.from(x, (v) => (v > 0 ? 1 : 0));
  const ds = inMemoryDataset(
    { inputs: [Tensor.from(x, { shape: [n, 1] })], labels: [Tensor.from(y)] },
    { batchSize },
  );
  const ctx = new Context({ seed: 1 });
  const trainer = new Trainer(
    new SimpleBackend(),
    ctx,
    (c, [input]) => dense(c.in('out'), input!, 2),
    ([l], [p]) => sparseCategoricalCrossEntropyLogits(l!, p!),
    sgd({ learningRate: 0.5 }),
    { evalMetrics: [sparseCategoricalAccuracy()] },
  );
  return { ds, trainer, loop: new Loop(trainer) };
}

function capture(isTTY: boolean): TextStream & { text: string } {
  const s = {
    text: '',
    isTTY,
    columns: 160,
    write(t: string) {
      s.text += t;
      return true;
    },
    // cli-progress calls these on terminals.
    cursorTo() {
      return true;
    },
    clearLine() {
      return true;
    },
    moveCursor() {
      return true;
    },
  };
  return s;
}

describe('progress bar', () => {
  it('prints plain lines at the interval and at the end when not a TTY (no control codes)', async () => {
    const { ds, loop } = setup();
    const out = capture(false);
    let t = 0;
    loop.onStep(
      'clock',
      () => {
        t += 1000; // 1 s per step
      },
      -1,
    );
    attachProgressBar(loop, { stream: out, intervalSeconds: 4, clock: () => t });
    await loop.runEpochs(ds, 2); // 12 steps
    const lines = out.text.trimEnd().split('\n');
    expect(out.text.includes(String.fromCharCode(27))).toBe(false); // no ESC: no control codes
    expect(lines).toHaveLength(4); // steps 4, 8, 12, and the end line
    expect(lines[0]).toMatch(
      /^\[train\] step 4\/12 \(33\.3%\) epoch 1\/2 \| 1\.00 steps\/s \| ETA 0:08 \| loss=\d\.\d{4} ~loss=\d/,
    );
    expect(lines[1]).toMatch(/step 8\/12 \(66\.7%\) epoch 2\/2/);
    expect(lines[3]).toMatch(
      /^\[train\] done in 0:12: step 12\/12 \(100\.0%\) epoch 2\/2 .* ETA 0:00 \| loss=.* ~loss=/,
    );
  });

  it('draws a bar with control codes on a terminal', async () => {
    const { ds, loop } = setup();
    const out = capture(true);
    attachProgressBar(loop, { stream: out, tty: true, extra: () => ({ lr: 0.5 }) });
    await loop.runSteps(ds, 5);
    expect(out.text).toMatch(/step 5\/5/);
    expect(out.text).toMatch(/lr=0\.5000/);
    expect(out.text).toMatch(/done in/);
  });

  it('formats durations and metrics', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(undefined)).toBe('--:--');
    expect(formatMetrics({ acc: 0.5, x: 1.23456 }, [sparseCategoricalAccuracy()])).toBe('acc=50.00% x=1.235');
  });
});

describe('training plots', () => {
  it('writes a self-contained HTML file with the train and eval curves', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsmlx-plots-'));
    dirs.push(dir);
    const file = join(dir, 'sub', 'plot.html');
    const { ds, loop } = setup();
    const evals: number[] = [];
    attachPlots(loop, {
      file,
      evalDatasets: { test: ds },
      evalPoints: 3,
      trainEvery: 2,
      onEval: (s) => void evals.push(s),
    });
    await loop.runSteps(ds, 12);
    const html = await readFile(file, 'utf8');
    // Offline: no external scripts, styles or fetches; uPlot is inlined.
    expect(html).not.toMatch(/<script[^>]+src=|<link|@import|fetch\(/);
    expect(html).toContain('uPlot');
    expect(html).not.toContain('http-equiv="refresh"'); // finished: no more reloading
    const data = parsePlotHtml(html);
    expect(data.running).toBe(false);
    const byLabel = new Map(data.series.map((s) => [s.label, s]));
    expect([...byLabel.keys()].sort()).toEqual(['test #loss', 'test acc', 'train ~loss']);
    expect(byLabel.get('train ~loss')!.steps).toEqual([1, 2, 4, 6, 8, 10, 12]);
    expect(byLabel.get('train ~loss')!.kind).toBe('loss');
    expect(evals).toEqual([4, 8, 12]);
    const acc = byLabel.get('test acc')!;
    expect(acc.kind).toBe('accuracy');
    expect(acc.steps).toEqual([4, 8, 12]);
    // The last eval point is the model's accuracy on the data (linearly separable: 100% by then).
    expect(acc.values[2]).toBe(1);
    expect(await loop.trainer.eval(ds)).toMatchObject({ acc: 1 });
    // Atomic writes leave no temporary files.
    expect(await readdir(join(dir, 'sub'))).toEqual(['plot.html']);
  });

  it('escapes data so it cannot close its script element', () => {
    const html = plotHtml({
      title: '</script><b>x',
      updatedAt: new Date(0).toISOString(),
      running: true,
      series: [],
    });
    expect(html).toContain('http-equiv="refresh"');
    expect(html).toContain('<title>&#60;/script&#62;&#60;b&#62;x</title>');
    expect(parsePlotHtml(html).title).toBe('</script><b>x');
    expect(scriptJson('</script>')).toBe('"\\u003c/script\\u003e"');
  });
});
