import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type Dataset, type Loop, nTimesDuringLoop, type StepMetrics } from '@tsmlx/train';
import { plotHtml } from './html.js';
import { type PlotData, PlotPoints } from './plotData.js';

/** Options of {@link attachPlots}. */
export interface PlotOptions {
  /** The HTML file to (re)write. */
  file: string;
  /** Page title. Default `tsmlx training`. */
  title?: string;
  /** Datasets evaluated for the eval curves, by name (e.g. `{ test: testData }`). Default none. */
  evalDatasets?: Record<string, Dataset>;
  /** Evaluations per run (evenly spread, the last at the end). Default 10. */
  evalPoints?: number;
  /**
   * Record the train metrics every this many steps. Default: so that a run records about 500 points (every
   * step for short runs; every 10 steps when the run's length is unknown).
   */
  trainEvery?: number;
  /** Short names of the train metrics to plot. Default every one but the noisy batch `loss`. */
  trainMetrics?: readonly string[];
  /** Rewrite the file at most every this many seconds during training (and the page reloads as often). Default 10. */
  refreshSeconds?: number;
  /** Called with each evaluation's results (e.g. to print them). */
  onEval?: (step: number, results: Record<string, StepMetrics>) => void;
}

/** Writes a file atomically: a temporary file in the same directory, then a rename over the target. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  await writeFile(tmp, text);
  await rename(tmp, file);
}

/**
 * The training curves of a loop, written as a self-contained HTML file (see {@link plotHtml}): the train
 * metrics every few steps and, `evalPoints` times per run, the eval metrics of each of `evalDatasets`. The file is
 * rewritten atomically at most every `refreshSeconds` during training and at the end of each run.
 */
export class TrainingPlots {
  /** The collected points. */
  readonly points = new PlotPoints();
  /** Options in effect. */
  readonly options: PlotOptions;
  private running = false;
  private lastWrite = 0;
  private writing: Promise<void> = Promise.resolve();

  /** See {@link PlotOptions}. */
  constructor(options: PlotOptions) {
    if (typeof options?.file !== 'string' || options.file === '')
      throw new TypeError('TrainingPlots: options.file must be a path');
    this.options = options;
  }

  /** The data the page shows now. */
  data(): PlotData {
    return {
      title: this.options.title ?? 'tsmlx training',
      updatedAt: new Date().toISOString(),
      running: this.running,
      series: this.points.series(),
    };
  }

  /** Writes the HTML file now (atomically; writes are serialized). */
  async write(): Promise<void> {
    const html = plotHtml(this.data(), this.options.refreshSeconds ?? 10);
    this.lastWrite = Date.now();
    this.writing = this.writing.then(() => writeFileAtomic(this.options.file, html));
    return this.writing;
  }

  /** Registers the loop hooks (all named `plots`, and `plots-eval` for the evaluations). */
  attach(loop: Loop): this {
    const o = this.options;
    const metricsOf = new Map(loop.trainer.trainMetrics.map((m) => [m.shortName, m]));
    const evalKinds = new Map(loop.trainer.evalMetrics.map((m) => [m.shortName, m.kind]));
    const trainNames = o.trainMetrics ?? [...metricsOf.keys()].filter((k) => k !== 'loss');
    let every = 1;
    loop.onStart('plots', () => {
      this.running = true;
      const total = loop.endStep === undefined ? undefined : loop.endStep - loop.startStep;
      every = o.trainEvery ?? (total === undefined ? 10 : Math.max(1, Math.round(total / 500)));
    });
    loop.onStep('plots', async (l, m) => {
      if (l.globalStep % every === 0 || l.stepsDone === 1) {
        for (const k of trainNames) {
          const v = m[k];
          if (v !== undefined && Number.isFinite(v))
            this.points.add('train', k, metricsOf.get(k)?.kind ?? 'metric', l.globalStep, v);
        }
      }
      if (Date.now() - this.lastWrite >= (o.refreshSeconds ?? 10) * 1000) await this.write();
    });
    const datasets = Object.entries(o.evalDatasets ?? {});
    if (datasets.length > 0) {
      nTimesDuringLoop(loop, o.evalPoints ?? 10, 'plots-eval', async (l) => {
        const results: Record<string, StepMetrics> = {};
        for (const [name, ds] of datasets) {
          const r = await l.trainer.eval(ds);
          results[name] = r;
          for (const [k, v] of Object.entries(r))
            this.points.add(name, k, evalKinds.get(k) ?? 'metric', l.globalStep, v);
        }
        o.onEval?.(l.globalStep, results);
      });
    }
    loop.onEnd(
      'plots',
      async (l, m) => {
        for (const k of trainNames) {
          const v = m[k];
          if (v !== undefined && Number.isFinite(v))
            this.points.add('train', k, metricsOf.get(k)?.kind ?? 'metric', l.globalStep, v);
        }
        this.running = false;
        await this.write();
      },
      10,
    );
    return this;
  }
}

/** Creates {@link TrainingPlots} for `loop` and attaches them (see {@link PlotOptions}). */
export function attachPlots(loop: Loop, options: PlotOptions): TrainingPlots {
  return new TrainingPlots(options).attach(loop);
}
