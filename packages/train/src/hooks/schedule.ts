import type { Loop } from '../loop/loop.js';
import type { StepMetrics } from '../trainer/types.js';

/** A scheduled callback: gets the loop and the metrics of the step it runs after. */
export type ScheduledFn = (loop: Loop, metrics: StepMetrics) => void | Promise<void>;

/** Options of the scheduling helpers. */
export interface ScheduleOptions {
  /** Hook priority (lower runs first). Default 0. */
  priority?: number;
  /** Also call it when the run ends, unless it was just called at the last step. Default false. */
  atEnd?: boolean;
}

/**
 * Calls `fn` after every step whose global step is a multiple of `n` (so the schedule survives a resume), and
 * optionally at the end of the run. Registered as step (and end) hook `name`.
 */
export function everyNSteps(
  loop: Loop,
  n: number,
  name: string,
  fn: ScheduledFn,
  options: ScheduleOptions = {},
): void {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`everyNSteps "${name}": n must be a positive integer, got ${n}`);
  let lastCalled = -1;
  loop.onStep(
    name,
    async (l, m) => {
      if (l.globalStep % n === 0) {
        lastCalled = l.globalStep;
        await fn(l, m);
      }
    },
    options.priority,
  );
  addEnd(loop, name, fn, options, () => lastCalled);
}

function addEnd(
  loop: Loop,
  name: string,
  fn: ScheduledFn,
  options: ScheduleOptions,
  lastCalled: () => number,
): void {
  if (!options.atEnd) return;
  loop.onEnd(
    name,
    async (l, m) => {
      if (lastCalled() !== l.globalStep && l.stepsDone > 0) await fn(l, m);
    },
    options.priority,
  );
}

/** Options of {@link everyNSeconds}. */
export interface PeriodicOptions extends ScheduleOptions {
  /** Milliseconds clock (for tests). Default `performance.now()`. */
  clock?: () => number;
}

/**
 * Calls `fn` after a step when at least `seconds` have passed since the run started or since the last call, and
 * optionally at the end of the run. Registered as start, step (and end) hook `name`.
 */
export function everyNSeconds(
  loop: Loop,
  seconds: number,
  name: string,
  fn: ScheduledFn,
  options: PeriodicOptions = {},
): void {
  if (!(seconds > 0) || !Number.isFinite(seconds))
    throw new RangeError(`everyNSeconds "${name}": seconds must be > 0, got ${seconds}`);
  const clock = options.clock ?? (() => globalThis.performance?.now() ?? Date.now());
  let last = 0;
  let lastCalled = -1;
  loop.onStart(
    name,
    () => {
      last = clock();
      lastCalled = -1;
    },
    options.priority,
  );
  loop.onStep(
    name,
    async (l, m) => {
      const t = clock();
      if (t - last >= seconds * 1000) {
        last = t;
        lastCalled = l.globalStep;
        await fn(l, m);
      }
    },
    options.priority,
  );
  addEnd(loop, name, fn, options, () => lastCalled);
}

/**
 * Calls `fn` `n` times during each run, evenly spread over its steps, the last time after its last step: after
 * the steps where `stepsDone ≥ ceil(k · total / n)` for k = 1..n. When the run's length is not known (epochs of a
 * dataset of unknown size) it starts counting once the first epoch tells it; whatever has not run by the end of
 * the run runs once at the end. Registered as start, step and end hook `name`.
 */
export function nTimesDuringLoop(
  loop: Loop,
  n: number,
  name: string,
  fn: ScheduledFn,
  options: Omit<ScheduleOptions, 'atEnd'> = {},
): void {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`nTimesDuringLoop "${name}": n must be a positive integer, got ${n}`);
  let fired = 0;
  let lastCalled = -1;
  loop.onStart(
    name,
    () => {
      fired = 0;
      lastCalled = -1;
    },
    options.priority,
  );
  loop.onStep(
    name,
    async (l, m) => {
      if (l.endStep === undefined) return;
      const total = l.endStep - l.startStep;
      let due = false;
      while (fired < n && l.stepsDone >= Math.ceil(((fired + 1) * total) / n)) {
        fired++;
        due = true;
      }
      if (due) {
        lastCalled = l.globalStep;
        await fn(l, m);
      }
    },
    options.priority,
  );
  loop.onEnd(
    name,
    async (l, m) => {
      if (fired < n && lastCalled !== l.globalStep && l.stepsDone > 0) {
        fired = n;
        await fn(l, m);
      }
    },
    options.priority,
  );
}
