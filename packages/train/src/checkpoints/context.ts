import type { Context } from '@tsmlx/context';
import { Tensor } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import type { CheckpointData, CheckpointVariable, SavedParam } from './manifest.js';

/** Path of the global-step variable kept by `@tsmlx/optx` (read for the checkpoint's step when none is given). */
export const GLOBAL_STEP_PATH = '/global_step';

/** Options of {@link checkpointDataFromContext}. */
export interface ContextSaveOptions {
  /** The global step. Default: the value of the `/global_step` variable when it exists, else 0. */
  step?: number;
  /** User metadata (JSON-serializable). */
  metadata?: Record<string, unknown>;
  /** Variables to leave out (return true to exclude a path). */
  exclude?: (path: string) => boolean;
  /** Save hyperparameters too. Default true. */
  params?: boolean;
}

/**
 * What a checkpoint of `ctx` holds: every initialized variable (path → value; uninitialized variables have no
 * value yet and are skipped), the hyperparameters, and the step. Values are read asynchronously, so this works
 * with every backend.
 */
export async function checkpointDataFromContext(
  ctx: Context,
  options: ContextSaveOptions = {},
): Promise<CheckpointData> {
  const variables: CheckpointVariable[] = [];
  for (const v of ctx.variables()) {
    if (!v.value || options.exclude?.(v.path)) continue;
    const data = await v.value.data();
    variables.push({ path: v.path, value: Tensor.fromStorage(data, v.shape), trainable: v.trainable });
  }
  let step = options.step;
  if (step === undefined) {
    const global = ctx.getVariable(GLOBAL_STEP_PATH)?.value;
    step = global && global.size === 1 ? Number((await global.data())[0]) : 0;
  }
  return {
    variables,
    step,
    params: options.params === false ? [] : ctx.params(),
    metadata: options.metadata ?? {},
  };
}

/** Options of {@link applyCheckpointToContext}. */
export interface ContextLoadOptions {
  /** Restore hyperparameters (overwriting values set in code). Default true. */
  params?: boolean;
  /** Variables to leave alone (return true to skip a path). */
  exclude?: (path: string) => boolean;
}

/** What {@link applyCheckpointToContext} did. */
export interface ContextLoadReport {
  /** Existing variables whose values were replaced. */
  restored: string[];
  /** Variables created from the checkpoint (they did not exist in the context yet). */
  created: string[];
  /** Variables of the context that the checkpoint does not hold (left as they were). */
  notInCheckpoint: string[];
  /** Hyperparameters restored. */
  params: SavedParam[];
}

/**
 * Puts a loaded checkpoint into `ctx`.
 *
 * Variables that exist get the saved values (their shape and dtype must match: an error names the path and both
 * shapes). Variables that do not exist yet are **created now** (eagerly), with the saved shape, dtype and trainable
 * flag, and hold the saved value; when the model later requests them (`ctx.in('dense').variable('weights', shape)`)
 * it gets these variables, already initialized, so their initializers never run. This is simpler than GoMLX's
 * deferred loading and gives the same result; the one difference is that a variable requested with a different
 * shape than saved fails at that request, naming both shapes. Hyperparameters are restored at their scopes
 * unless `params: false`.
 *
 * @throws Error naming the variable path and both shapes on a shape or dtype mismatch (nothing is changed then:
 * shapes are checked before any value is set).
 */
export function applyCheckpointToContext(
  ctx: Context,
  data: CheckpointData,
  options: ContextLoadOptions = {},
): ContextLoadReport {
  const chosen = data.variables.filter((v) => !options.exclude?.(v.path));
  for (const { path, value } of chosen) {
    const existing = ctx.getVariable(path);
    if (existing && !existing.shape.equals(value.shape)) {
      throw new Error(
        `checkpoint variable ${path} has shape ${value.shape}, the model's variable is ${existing.shape}`,
      );
    }
  }
  const report: ContextLoadReport = { restored: [], created: [], notInCheckpoint: [], params: [] };
  const saved = new Set(chosen.map((v) => v.path));
  for (const { path, value, trainable } of chosen) {
    let v = ctx.getVariable(path);
    if (v) {
      report.restored.push(path);
    } else {
      const cut = path.lastIndexOf('/');
      const scope = cut <= 0 ? '/' : path.slice(0, cut);
      v = ctx
        .at(scope)
        .reuse()
        .variable(path.slice(cut + 1), new Shape(value.dtype, value.dims), { trainable: trainable ?? true });
      report.created.push(path);
    }
    v.setValue(value);
  }
  for (const v of ctx.variables())
    if (!saved.has(v.path) && !options.exclude?.(v.path)) report.notInCheckpoint.push(v.path);
  if (options.params !== false) {
    for (const p of data.params ?? []) {
      ctx.at(p.scope).setParam(p.key, p.value);
      report.params.push(p);
    }
  }
  return report;
}
