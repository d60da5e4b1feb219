import type { ParamValue } from '@tsmlx/context';
import { type DType, isDType } from '@tsmlx/dtypes';
import type { Tensor } from '@tsmlx/graph';

/** Value of the `format` field of every checkpoint manifest. */
export const CHECKPOINT_FORMAT = 'tsmlx-checkpoint';
/** Version of the manifest layout written by this package. */
export const CHECKPOINT_VERSION = 1;

/** A hyperparameter as saved: the scope it is set at, its key and value. */
export interface SavedParam {
  /** Scope path, `/` for the root. */
  scope: string;
  /** Key. */
  key: string;
  /** Value. */
  value: ParamValue;
}

/**
 * A hyperparameter as stored in the manifest JSON: non-finite numbers (JSON has no `Infinity`/`NaN`) are stored
 * as strings with `valueType: 'number'` (or `'list'` for lists holding them).
 */
export interface StoredParam {
  /** Scope path. */
  scope: string;
  /** Key. */
  key: string;
  /** Value, non-finite numbers as strings. */
  value: number | string | boolean | (number | string)[];
  /** Set when `value` holds non-finite numbers as strings. */
  valueType?: 'number' | 'list';
}

/** Converts a hyperparameter for the manifest JSON (see {@link StoredParam}). */
export function storeParam(p: SavedParam): StoredParam {
  const { scope, key, value } = p;
  if (typeof value === 'number' && !Number.isFinite(value))
    return { scope, key, value: String(value), valueType: 'number' };
  if (Array.isArray(value) && value.some((v) => !Number.isFinite(v))) {
    return { scope, key, value: value.map((v) => (Number.isFinite(v) ? v : String(v))), valueType: 'list' };
  }
  return { scope, key, value: Array.isArray(value) ? [...value] : (value as number | string | boolean) };
}

/** Restores a hyperparameter from the manifest JSON (see {@link StoredParam}). */
export function restoreParam(p: StoredParam): SavedParam {
  const { scope, key, value, valueType } = p;
  if (valueType === 'number') return { scope, key, value: Number(value) };
  if (valueType === 'list' && Array.isArray(value)) return { scope, key, value: value.map(Number) };
  return { scope, key, value: value as ParamValue };
}

/** A variable to save or as loaded. */
export interface CheckpointVariable {
  /** Variable path, e.g. `/dense_0/weights`. */
  path: string;
  /** Its value. */
  value: Tensor;
  /** Whether optimizers train it. Default true. */
  trainable?: boolean;
}

/** What a checkpoint holds. */
export interface CheckpointData {
  /** Variables (each saved as a safetensors tensor named by its path). */
  variables: CheckpointVariable[];
  /** The global step (training steps done). Default 0. */
  step?: number;
  /** Hyperparameters. */
  params?: SavedParam[];
  /** Any JSON-serializable data (e.g. the epoch, the best eval metric, the model's name). */
  metadata?: Record<string, unknown>;
}

/** The JSON file beside each checkpoint's safetensors file. It is written last: its presence commits the checkpoint. */
export interface CheckpointManifest {
  /** Always {@link CHECKPOINT_FORMAT}. */
  format: typeof CHECKPOINT_FORMAT;
  /** {@link CHECKPOINT_VERSION} at writing time. */
  version: number;
  /** Sequence number in its directory (1, 2, ...). */
  counter: number;
  /** Global step. */
  step: number;
  /** ISO-8601 time of saving. */
  createdAt: string;
  /** Name of the safetensors file (in the same directory). */
  tensorsFile: string;
  /** Its size in bytes. */
  tensorsBytes: number;
  /** Its SHA-256, lowercase hex. */
  tensorsSha256: string;
  /** Variables, sorted by path. */
  variables: { path: string; dtype: DType; shape: number[]; trainable: boolean }[];
  /** Hyperparameters. */
  params: StoredParam[];
  /** User metadata. */
  metadata: Record<string, unknown>;
}

/**
 * Validates a parsed manifest.
 *
 * @throws Error naming `fileName` and the bad field.
 */
export function validateManifest(json: unknown, fileName: string): CheckpointManifest {
  const fail = (msg: string): never => {
    throw new Error(`checkpoint manifest ${fileName}: ${msg}`);
  };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('not a JSON object');
  const m = json as Record<string, unknown>;
  if (m.format !== CHECKPOINT_FORMAT)
    fail(`format is ${JSON.stringify(m.format)}, expected ${JSON.stringify(CHECKPOINT_FORMAT)}`);
  if (typeof m.version !== 'number' || m.version > CHECKPOINT_VERSION) {
    fail(
      `version ${JSON.stringify(m.version)} is not supported (this reader knows up to ${CHECKPOINT_VERSION})`,
    );
  }
  for (const k of ['counter', 'step', 'tensorsBytes'] as const) {
    if (!Number.isSafeInteger(m[k]) || (m[k] as number) < 0)
      fail(`${k} must be a non-negative integer, got ${JSON.stringify(m[k])}`);
  }
  for (const k of ['createdAt', 'tensorsFile', 'tensorsSha256'] as const) {
    if (typeof m[k] !== 'string') fail(`${k} must be a string`);
  }
  const file = m.tensorsFile as string;
  if (file === '' || file.includes('/') || file.includes('\\') || file === '.' || file === '..') {
    fail(`tensorsFile ${JSON.stringify(file)} must be a plain file name`);
  }
  if (!Array.isArray(m.variables)) fail('variables must be an array');
  for (const v of m.variables as unknown[]) {
    const x = v as Record<string, unknown>;
    if (
      x === null ||
      typeof x !== 'object' ||
      typeof x.path !== 'string' ||
      typeof x.dtype !== 'string' ||
      !isDType(x.dtype) ||
      !Array.isArray(x.shape) ||
      !x.shape.every((d) => Number.isSafeInteger(d) && d >= 0) ||
      typeof x.trainable !== 'boolean'
    ) {
      fail(`bad variable entry ${JSON.stringify(v)} (expected {path, dtype, shape, trainable})`);
    }
  }
  if (!Array.isArray(m.params)) fail('params must be an array');
  for (const p of m.params as unknown[]) {
    const x = p as Record<string, unknown>;
    const okValue =
      typeof x?.value === 'number' ||
      typeof x?.value === 'string' ||
      typeof x?.value === 'boolean' ||
      (Array.isArray(x?.value) &&
        x.value.every((e) => typeof e === 'number' || (x.valueType === 'list' && typeof e === 'string')));
    if (typeof x?.scope !== 'string' || typeof x?.key !== 'string' || !okValue) {
      fail(`bad param entry ${JSON.stringify(p)} (expected {scope, key, value})`);
    }
  }
  if (m.metadata === null || typeof m.metadata !== 'object' || Array.isArray(m.metadata))
    fail('metadata must be an object');
  return m as unknown as CheckpointManifest;
}
