import { type Batch, type Dataset, disposeBatch } from '../data/types.js';
import { type HookFn, HookList } from '../hooks/hookList.js';
import type { Trainer } from '../trainer/trainer.js';
import type { StepMetrics } from '../trainer/types.js';

/** Options of the `Loop.run*` methods. */
export interface RunOptions {
  /**
   * Deterministic resume: when the run starts at a global step `s > 0` (e.g. after loading a checkpoint),
   * reset the dataset to its first epoch and skip its first `s` batches, so the run sees the batches an
   * uninterrupted run from step 0 on the same dataset would have seen. Default false.
   */
  fastForward?: boolean;
}

/** A hook called when a run starts (before the first step), e.g. to load a checkpoint. */
export type StartHook = HookFn<[loop: Loop, dataset: Dataset]>;
/** A hook called after each step with the step's metrics. */
export type StepHook = HookFn<[loop: Loop, metrics: StepMetrics]>;
/** A hook called when a run ends, with the last step's metrics (empty when no step ran). */
export type EndHook = HookFn<[loop: Loop, metrics: StepMetrics]>;

/** Marks the end of a dataset pass in the loop's batch stream. */
const END_OF_PASS = Symbol('endOfPass');

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

/**
 * The training loop, as GoMLX's `train.Loop`: feeds a dataset's batches to {@link Trainer.trainStep} and
 * calls hooks on start, after each step and at the end. Hooks run in priority order (lower first; ties in the
 * order added) and may be async; `everyNSteps`, `everyNSeconds` and `nTimesDuringLoop` schedule them.
 *
 * Steps are counted by the context's global step, so a loop over a context restored from a checkpoint resumes
 * where it stopped: `runToGlobalStep(ds, 1000)` runs the steps still missing. A dataset pass that ends is
 * followed by a new pass (a new epoch) until the run is done.
 *
 * @example
 * ```ts
 * const loop = new Loop(trainer);
 * everyNSteps(loop, 100, 'log', (l, m) => console.log(l.globalStep, m.loss));
 * await loop.runEpochs(trainData, 2);
 * ```
 */
export class Loop {
  /** The trainer the loop drives. */
  readonly trainer: Trainer;
  /** Data hooks share (e.g. the progress bar's extra values). */
  readonly sharedData = new Map<string, unknown>();
  /** Global step when the current (or last) run started, after the start hooks ran. */
  startStep = 0;
  /** Global step the current run ends at, when known (unknown for epochs of a dataset of unknown size). */
  endStep: number | undefined;
  /** Dataset passes (epochs) completed by the current run (fast-forwarded ones included): the 0-based current epoch. */
  epoch = 0;
  /** Epochs the current run does (for `runEpochs`). */
  epochs: number | undefined;
  /** Steps (batches) in one dataset pass, once known. */
  stepsPerEpoch: number | undefined;
  /** Metrics of the last step. */
  lastMetrics: StepMetrics = {};
  /** True while a run is going on. */
  running = false;
  /** The dataset of the current (or last) run. */
  dataset: Dataset | undefined;
  private step = 0;
  private inPass = 0;
  private startedAt = 0;
  private readonly startHooks = new HookList<[Loop, Dataset]>();
  private readonly stepHooks = new HookList<[Loop, StepMetrics]>();
  private readonly endHooks = new HookList<[Loop, StepMetrics]>();

  /** @param trainer - the trainer whose `trainStep` the loop calls. */
  constructor(trainer: Trainer) {
    this.trainer = trainer;
    this.step = trainer.globalStep;
  }

  /** The global step after the last step run (read from the context when the loop is idle). */
  get globalStep(): number {
    return this.running ? this.step : this.trainer.globalStep;
  }

  /** Steps done by the current (or last) run. */
  get stepsDone(): number {
    return this.globalStep - this.startStep;
  }

  /** Seconds since the current (or last) run started (after its start hooks). */
  get elapsedSeconds(): number {
    return this.startedAt === 0 ? 0 : (now() - this.startedAt) / 1000;
  }

  /** Adds (or replaces) a start hook. */
  onStart(name: string, fn: StartHook, priority = 0): this {
    this.startHooks.add(name, fn, priority);
    return this;
  }

  /** Adds (or replaces) a step hook. */
  onStep(name: string, fn: StepHook, priority = 0): this {
    this.stepHooks.add(name, fn, priority);
    return this;
  }

  /** Adds (or replaces) an end hook. */
  onEnd(name: string, fn: EndHook, priority = 0): this {
    this.endHooks.add(name, fn, priority);
    return this;
  }

  /** Removes the hooks named `name` (start, step and end); returns whether any existed. */
  removeHook(name: string): boolean {
    const a = this.startHooks.remove(name);
    const b = this.stepHooks.remove(name);
    const c = this.endHooks.remove(name);
    return a || b || c;
  }

  /** Names of the hooks of each kind, in the order they run. */
  hookNames(): { start: string[]; step: string[]; end: string[] } {
    return { start: this.startHooks.names(), step: this.stepHooks.names(), end: this.endHooks.names() };
  }

  /** Runs `n` more training steps. Returns the last step's metrics. */
  async runSteps(dataset: Dataset, n: number, options: RunOptions = {}): Promise<StepMetrics> {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new RangeError(`Loop.runSteps: n must be an integer >= 0, got ${n}`);
    return this.run(dataset, options, (start) => ({ endStep: start + n }));
  }

  /** Runs training steps until the global step reaches `step` (none when it already has). */
  async runToGlobalStep(dataset: Dataset, step: number, options: RunOptions = {}): Promise<StepMetrics> {
    if (!Number.isSafeInteger(step) || step < 0)
      throw new RangeError(`Loop.runToGlobalStep: step must be an integer >= 0, got ${step}`);
    return this.run(dataset, options, (start) => ({ endStep: Math.max(start, step) }));
  }

  /**
   * Runs `n` passes (epochs) over the dataset. With `fastForward`, skipped batches belong to those passes, so a
   * resumed run ends where the uninterrupted one would have.
   */
  async runEpochs(dataset: Dataset, n: number, options: RunOptions = {}): Promise<StepMetrics> {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new RangeError(`Loop.runEpochs: n must be an integer >= 0, got ${n}`);
    const perPass = knownStepsPerPass(dataset);
    return this.run(dataset, options, (start, skipped) => ({
      epochs: n,
      endStep: perPass === undefined ? undefined : start - skipped + n * perPass,
    }));
  }

  private async run(
    dataset: Dataset,
    options: RunOptions,
    plan: (start: number, skipped: number) => { endStep: number | undefined; epochs?: number },
  ): Promise<StepMetrics> {
    if (this.running) throw new Error('Loop: a run is already going on');
    if (!dataset || typeof dataset[Symbol.asyncIterator] !== 'function')
      throw new TypeError('Loop: dataset must be an async iterable of batches');
    this.running = true;
    this.step = this.trainer.globalStep;
    this.dataset = dataset;
    this.lastMetrics = {};
    this.epoch = 0;
    this.stepsPerEpoch = knownStepsPerPass(dataset);
    let source: AsyncGenerator<Batch | typeof END_OF_PASS> | undefined;
    try {
      await this.startHooks.run(this, dataset);
      this.step = this.trainer.globalStep;
      this.startStep = this.step;
      const skip = options.fastForward ? this.startStep : 0;
      const { endStep, epochs } = plan(this.startStep, skip);
      this.endStep = endStep;
      this.epochs = epochs;
      if (skip > 0) dataset.reset();
      source = this.passes(dataset);
      for (let skipped = 0; skipped < skip; ) {
        const r = await source.next();
        if (r.done) break;
        if (r.value === END_OF_PASS) this.passEnded(skip);
        else {
          disposeBatch(r.value);
          skipped++;
        }
      }
      this.startedAt = now();
      for (;;) {
        if (this.endStep !== undefined && this.step >= this.endStep) break;
        if (epochs !== undefined && this.epoch >= epochs) break;
        const r = await source.next();
        if (r.done) break;
        if (r.value === END_OF_PASS) {
          this.passEnded(skip);
          continue;
        }
        let metrics: StepMetrics;
        try {
          metrics = await this.trainer.trainStep(r.value);
        } finally {
          disposeBatch(r.value);
        }
        this.step = this.trainer.globalStep;
        this.lastMetrics = metrics;
        await this.stepHooks.run(this, metrics);
      }
      await source.return(undefined);
      source = undefined;
      await this.endHooks.run(this, this.lastMetrics);
      return this.lastMetrics;
    } finally {
      if (source) await source.return(undefined).catch(() => undefined);
      this.running = false;
    }
  }

  /** Counts a completed pass; learns the pass length (and the end of an epochs run) from the first one. */
  private passEnded(skipped: number): void {
    const count = this.inPass;
    this.epoch++;
    this.inPass = 0;
    if (this.stepsPerEpoch === undefined) {
      this.stepsPerEpoch = count;
      if (this.epochs !== undefined && this.endStep === undefined) {
        this.endStep = this.startStep - skipped + this.epochs * count;
      }
    }
  }

  /** Endless batches: pass after pass of `dataset`, with a marker after each pass. */
  private async *passes(dataset: Dataset): AsyncGenerator<Batch | typeof END_OF_PASS> {
    for (;;) {
      this.inPass = 0;
      for await (const batch of dataset) {
        this.inPass++;
        yield batch;
      }
      if (this.inPass === 0) throw new Error(`Loop: dataset ${dataset.name} yielded no batch in a pass`);
      yield END_OF_PASS;
    }
  }
}

/** Batches per pass of datasets that know it (an in-memory dataset with one epoch per pass). */
function knownStepsPerPass(dataset: Dataset): number | undefined {
  const d = dataset as Dataset & { batchesPerEpoch?: unknown; epochs?: unknown };
  if (typeof d.batchesPerEpoch === 'number' && (d.epochs === undefined || d.epochs === 1))
    return d.batchesPerEpoch;
  return undefined;
}
