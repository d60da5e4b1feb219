// Node-only: checkpoints of a Context in a directory.
import type { Context } from '@tsmlx/context';
import {
  applyCheckpointToContext,
  type ContextLoadOptions,
  type ContextLoadReport,
  type ContextSaveOptions,
  checkpointDataFromContext,
} from '../context.js';
import {
  type CheckpointEntry,
  Checkpointer,
  type CheckpointerOptions,
  type LoadedCheckpoint,
} from './checkpointer.js';

/** Options of {@link saveCheckpoint}. */
export interface SaveCheckpointOptions extends ContextSaveOptions, Omit<CheckpointerOptions, 'dir'> {
  /** Also copy the checkpoint into `<dir>/backup/` (kept forever). */
  backup?: boolean;
}

/**
 * Saves the variables (path → value) and hyperparameters of `ctx` as a new checkpoint in `dir` (see
 * {@link Checkpointer} for the files, atomicity and pruning). The step defaults to the `/global_step` variable.
 *
 * @example
 * ```ts
 * import { loadCheckpoint, saveCheckpoint } from '@tsmlx/train/node';
 * await saveCheckpoint(ctx, 'runs/mnist', { keep: 5, metadata: { epoch } });
 * // later, in a new process, before building the model:
 * const resumed = await loadCheckpoint(ctx, 'runs/mnist'); // undefined when there is none
 * ```
 */
export async function saveCheckpoint(
  ctx: Context,
  dir: string,
  options: SaveCheckpointOptions = {},
): Promise<CheckpointEntry> {
  const { keep, fileSystem, backup, ...saveOptions } = options;
  const ckpt = new Checkpointer({
    dir,
    ...(keep !== undefined && { keep }),
    ...(fileSystem && { fileSystem }),
  });
  return ckpt.save(await checkpointDataFromContext(ctx, saveOptions), { backup: backup ?? false });
}

/** Options of {@link loadCheckpoint}. */
export interface LoadCheckpointOptions extends ContextLoadOptions, Pick<CheckpointerOptions, 'fileSystem'> {
  /** A checkpoint name (default: the latest). */
  name?: string;
}

/**
 * Loads the latest checkpoint of `dir` (or `options.name`) into `ctx` (see {@link applyCheckpointToContext}:
 * variables that do not exist yet are created with the saved shapes and values).
 *
 * @returns the loaded checkpoint (step, metadata, ...) and what was restored; undefined when `dir` holds no checkpoint.
 * @throws Error naming the file when a checkpoint file is corrupt or truncated; Error naming the variable on a
 * shape mismatch. Nothing is changed in `ctx` when it throws.
 */
export async function loadCheckpoint(
  ctx: Context,
  dir: string,
  options: LoadCheckpointOptions = {},
): Promise<(LoadedCheckpoint & { report: ContextLoadReport }) | undefined> {
  const { fileSystem, name, ...loadOptions } = options;
  const ckpt = new Checkpointer({ dir, ...(fileSystem && { fileSystem }) });
  const loaded = await ckpt.load(name);
  if (!loaded) return undefined;
  const report = applyCheckpointToContext(ctx, loaded, loadOptions);
  return { ...loaded, report };
}
