import type { Context } from '@tsmlx/context';
import {
  applyCheckpointToContext,
  type ContextLoadOptions,
  type ContextLoadReport,
  checkpointDataFromContext,
} from '../checkpoints/context.js';
import type { CheckpointData } from '../checkpoints/manifest.js';
import type { Loop } from '../loop/loop.js';

/**
 * Where checkpoints go: anything that saves and loads {@link CheckpointData}, e.g. the `Checkpointer` of
 * `@tsmlx/train/node` (a directory of safetensors files).
 */
export interface CheckpointStore {
  /** Saves a checkpoint. */
  save(data: CheckpointData): Promise<unknown>;
  /** Loads the latest checkpoint, or undefined when there is none. */
  load(): Promise<CheckpointData | undefined>;
}

/** Options of {@link attachCheckpoints}. */
export interface CheckpointHookOptions {
  /** Save after every step whose global step is a multiple of this. Default: only at the end. */
  everySteps?: number;
  /** Save when this many seconds have passed since the last save (checked after each step). Default none. */
  everySeconds?: number;
  /** Save when a run ends (unless this step was just saved). Default true. */
  atEnd?: boolean;
  /** Load the latest checkpoint into the context when a run starts (resume). Default true. */
  resume?: boolean;
  /** What to restore on resume (see `applyCheckpointToContext`). */
  loadOptions?: ContextLoadOptions;
  /** Variables to leave out of saves. */
  exclude?: (path: string) => boolean;
  /** User metadata saved with each checkpoint. Default: the loop's epoch and last metrics. */
  metadata?: (loop: Loop) => Record<string, unknown>;
  /** Hook priority. Default 100 on steps and at the end (after the usual hooks), -100 at the start (first). */
  priority?: number;
  /** Clock in milliseconds, for tests. */
  clock?: () => number;
}

/** Loads `store`'s latest checkpoint into `ctx`; returns what was loaded (undefined when there is none). */
export async function restoreLatest(
  ctx: Context,
  store: CheckpointStore,
  options: ContextLoadOptions = {},
): Promise<(CheckpointData & { report: ContextLoadReport }) | undefined> {
  const data = await store.load();
  if (!data) return undefined;
  const report = applyCheckpointToContext(ctx, data, options);
  return { ...data, report };
}

/**
 * Saves checkpoints of the loop's context during training and resumes from the latest one: a start hook loads
 * the latest checkpoint (when `resume`), a step hook saves every `everySteps` global steps and/or `everySeconds`,
 * and an end hook saves at the end of each run. All named `checkpoints`. The step saved is the global step.
 *
 * @example
 * ```ts
 * import { Checkpointer } from '@tsmlx/train/node';
 * attachCheckpoints(loop, new Checkpointer({ dir: 'runs/mnist', keep: 3 }), { everySteps: 500 });
 * await loop.runToGlobalStep(train, 2000, { fastForward: true }); // resumes where the last run stopped
 * ```
 */
export function attachCheckpoints(
  loop: Loop,
  store: CheckpointStore,
  options: CheckpointHookOptions = {},
): void {
  const { everySteps, everySeconds } = options;
  if (everySteps !== undefined && (!Number.isSafeInteger(everySteps) || everySteps < 1)) {
    throw new RangeError(`attachCheckpoints: everySteps must be a positive integer, got ${everySteps}`);
  }
  if (everySeconds !== undefined && !(everySeconds > 0)) {
    throw new RangeError(`attachCheckpoints: everySeconds must be > 0, got ${everySeconds}`);
  }
  const clock = options.clock ?? (() => globalThis.performance?.now() ?? Date.now());
  const ctx = loop.trainer.context;
  let lastSaved = -1;
  let lastTime = clock();
  const save = async (l: Loop) => {
    const metadata = options.metadata?.(l) ?? { epoch: l.epoch, metrics: l.lastMetrics };
    await store.save(
      await checkpointDataFromContext(ctx, {
        step: l.globalStep,
        metadata,
        ...(options.exclude && { exclude: options.exclude }),
      }),
    );
    lastSaved = l.globalStep;
    lastTime = clock();
  };
  loop.onStart(
    'checkpoints',
    async () => {
      if (options.resume ?? true) {
        const loaded = await restoreLatest(ctx, store, options.loadOptions);
        if (loaded) lastSaved = loaded.step ?? -1;
      }
      lastTime = clock();
    },
    options.priority ?? -100,
  );
  loop.onStep(
    'checkpoints',
    async (l) => {
      const byStep = everySteps !== undefined && l.globalStep % everySteps === 0;
      const byTime = everySeconds !== undefined && clock() - lastTime >= everySeconds * 1000;
      if ((byStep || byTime) && lastSaved !== l.globalStep) await save(l);
    },
    options.priority ?? 100,
  );
  if (options.atEnd ?? true) {
    loop.onEnd(
      'checkpoints',
      async (l) => {
        if (lastSaved !== l.globalStep) await save(l);
      },
      options.priority ?? 100,
    );
  }
}
