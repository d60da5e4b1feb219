import type { Loop, StepMetrics } from '@tsmlx/train';
import cliProgress from 'cli-progress';
import { formatDuration, formatMetrics, formatRate } from './format.js';

/** A writable text stream (e.g. `process.stdout`). */
export interface TextStream {
  /** Writes text. */
  write(text: string): unknown;
  /** True for terminals. */
  isTTY?: boolean;
  /** Terminal width in columns. */
  columns?: number;
}

/** Options of {@link attachProgressBar}. */
export interface ProgressOptions {
  /** Where to write. Default `process.stdout`. */
  stream?: TextStream;
  /**
   * Draw a live bar (control codes) or print plain lines. Default: a bar when the stream is a terminal
   * (`isTTY`) and `CI` is not set.
   */
  tty?: boolean;
  /** Plain-line mode: seconds between lines (a line is also printed at the end of each run). Default 10. */
  intervalSeconds?: number;
  /** Short names of the metrics to show, in order. Default: every train metric. */
  metrics?: readonly string[];
  /** Extra `name=value` pairs to show, computed after each step (e.g. a learning rate). */
  extra?: (loop: Loop) => Record<string, string | number>;
  /** Prefix of plain lines. Default `[train]`. */
  label?: string;
  /** Clock in milliseconds, for tests. */
  clock?: () => number;
}

/** What the progress display knows after a step. */
export interface ProgressInfo {
  /** Global step. */
  step: number;
  /** Steps done by this run. */
  done: number;
  /** Steps this run will do, when known. */
  total: number | undefined;
  /** Global step the run ends at, when known. */
  endStep: number | undefined;
  /** 1-based current epoch. */
  epoch: number;
  /** Epochs of the run, when known. */
  epochs: number | undefined;
  /** Steps per second over this run. */
  rate: number;
  /** Seconds left, when known. */
  eta: number | undefined;
  /** Formatted metrics (and extras). */
  metrics: string;
}

/** Computes what the progress display shows. @internal */
export function progressInfo(
  loop: Loop,
  metrics: StepMetrics,
  options: ProgressOptions,
  elapsed: number,
): ProgressInfo {
  const done = loop.stepsDone;
  const total = loop.endStep === undefined ? undefined : loop.endStep - loop.startStep;
  const rate = elapsed > 0 ? done / elapsed : 0;
  const eta = total !== undefined && rate > 0 ? (total - done) / rate : undefined;
  const extra = options.extra?.(loop) ?? {};
  const parts = [formatMetrics(metrics, loop.trainer.trainMetrics, options.metrics)];
  for (const [k, v] of Object.entries(extra))
    parts.push(`${k}=${typeof v === 'number' ? v.toPrecision(4) : v}`);
  // Epochs are counted from global step 0 (a resumed run shows its place in the whole training).
  const epochs =
    loop.endStep !== undefined && loop.stepsPerEpoch
      ? Math.ceil(loop.endStep / loop.stepsPerEpoch)
      : loop.epochs;
  const epoch = loop.stepsPerEpoch
    ? Math.floor(Math.max(0, loop.globalStep - 1) / loop.stepsPerEpoch) + 1
    : loop.epoch + 1;
  return {
    step: loop.globalStep,
    done,
    total,
    endStep: loop.endStep,
    epoch,
    epochs,
    rate,
    eta,
    metrics: parts.filter(Boolean).join(' '),
  };
}

/** One plain progress line, e.g. `[train] step 120/938 (12.8%) epoch 1/2 | 15.3 steps/s | ETA 0:51 | loss=0.3114`. */
export function formatProgressLine(info: ProgressInfo, label = '[train]'): string {
  const steps =
    info.endStep === undefined
      ? `step ${info.step}`
      : `step ${info.step}/${info.endStep} (${info.total ? ((100 * info.done) / info.total).toFixed(1) : '100.0'}%)`;
  const epoch = `epoch ${info.epoch}${info.epochs ? `/${info.epochs}` : ''}`;
  return `${label} ${steps} ${epoch} | ${formatRate(info.rate)} steps/s | ETA ${formatDuration(info.eta)} | ${info.metrics}`;
}

function isCI(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  return Boolean(env.CI) && env.CI !== 'false';
}

/**
 * Shows training progress for each run of `loop`: step, epoch, steps/s, ETA, loss and metrics. On a terminal it
 * draws a live bar (cli-progress); otherwise (CI logs, pipes, files) it prints a plain line every
 * `intervalSeconds` and at the end of the run, with no control codes. Registers hooks named `progress`.
 *
 * @example
 * ```ts
 * attachProgressBar(loop);
 * await loop.runEpochs(train, 2);
 * ```
 */
export function attachProgressBar(loop: Loop, options: ProgressOptions = {}): void {
  const stream: TextStream = options.stream ?? (process.stdout as unknown as TextStream);
  const tty = options.tty ?? (Boolean(stream.isTTY) && !isCI());
  const clock = options.clock ?? (() => performance.now());
  const interval = (options.intervalSeconds ?? 10) * 1000;
  const label = options.label ?? '[train]';
  let started = 0;
  let lastLine = 0;
  let bar: cliProgress.SingleBar | undefined;
  let barTotal = 0;

  loop.onStart(
    'progress',
    () => {
      started = clock();
      lastLine = started;
      if (tty) {
        bar = new cliProgress.SingleBar(
          {
            stream: stream as unknown as NodeJS.WritableStream,
            format: `{bar} {percentage}% | step {step}{of} | epoch {epoch} | {rate} steps/s | ETA {etaText} | {metrics}`,
            hideCursor: true,
            barsize: 24,
            fps: 10,
            etaBuffer: 50,
            linewrap: false,
            forceRedraw: false,
          },
          cliProgress.Presets.shades_classic,
        );
        barTotal = 1;
        bar.start(barTotal, 0, {
          step: loop.globalStep,
          of: '',
          epoch: '',
          rate: '-',
          etaText: '--:--',
          metrics: '',
        });
      }
    },
    1000,
  );

  loop.onStep(
    'progress',
    (l, metrics) => {
      const t = clock();
      const info = progressInfo(l, metrics, options, (t - started) / 1000);
      if (bar) {
        const total = info.total ?? Math.max(info.done + 1, barTotal);
        if (total !== barTotal) {
          barTotal = total;
          bar.setTotal(total);
        }
        bar.update(info.done, {
          step: info.step,
          of: info.endStep === undefined ? '' : `/${info.endStep}`,
          epoch: `${info.epoch}${info.epochs ? `/${info.epochs}` : ''}`,
          rate: formatRate(info.rate),
          etaText: formatDuration(info.eta),
          metrics: info.metrics,
        });
      } else if (t - lastLine >= interval) {
        lastLine = t;
        stream.write(`${formatProgressLine(info, label)}\n`);
      }
    },
    1000,
  );

  loop.onEnd(
    'progress',
    (l, metrics) => {
      const t = clock();
      const info = progressInfo(l, metrics, options, (t - started) / 1000);
      if (bar) {
        bar.setTotal(Math.max(info.done, 1));
        bar.update(info.done, { step: info.step, etaText: '0:00', metrics: info.metrics });
        bar.stop();
        bar = undefined;
      }
      stream.write(
        `${formatProgressLine({ ...info, eta: 0 }, `${label} done in ${formatDuration((t - started) / 1000)}:`)}\n`,
      );
    },
    1000,
  );
}
