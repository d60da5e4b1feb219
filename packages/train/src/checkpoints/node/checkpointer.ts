// Node-only: a directory of checkpoints (safetensors + JSON manifest pairs), keep-last-N, backups, atomic saves.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Tensor } from '@tsmlx/graph';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type CheckpointData,
  type CheckpointManifest,
  type CheckpointVariable,
  restoreParam,
  type SavedParam,
  storeParam,
  validateManifest,
} from '../manifest.js';
import { decodeSafetensors, encodeSafetensors } from '../safetensors.js';
import { type CheckpointFileSystem, nodeFileSystem, TEMP_PREFIX } from './fileSystem.js';

/** Options of a {@link Checkpointer}. */
export interface CheckpointerOptions {
  /** Directory of the checkpoints (created on the first save). */
  dir: string;
  /** How many of the latest checkpoints to keep (older ones are deleted after each save); `Infinity` keeps all. Default 3. */
  keep?: number;
  /** File operations. Default {@link nodeFileSystem}. */
  fileSystem?: CheckpointFileSystem;
}

/** A checkpoint found in a directory. */
export interface CheckpointEntry {
  /** Base name, e.g. `ckpt-n0000003-step-00001200`. */
  name: string;
  /** Sequence number in the directory. */
  counter: number;
  /** Global step. */
  step: number;
  /** Path of the JSON manifest. */
  manifestPath: string;
  /** Path of the safetensors file. */
  tensorsPath: string;
}

/** A loaded checkpoint: its data plus where it came from. */
export interface LoadedCheckpoint extends Required<CheckpointData> {
  /** The checkpoint's entry. */
  entry: CheckpointEntry;
  /** When it was saved (ISO-8601). */
  createdAt: string;
}

const NAME = /^ckpt-n(\d{7,})-step-(\d{8,})\.json$/;

/** The base name of checkpoint `counter` at `step`. */
function checkpointName(counter: number, step: number): string {
  return `ckpt-n${String(counter).padStart(7, '0')}-step-${String(step).padStart(8, '0')}`;
}

/**
 * Saves and loads the checkpoints of one training run, in a directory. Each checkpoint is a pair
 * `ckpt-n<counter>-step-<step>.safetensors` (the variables, in the safetensors format) and `.json` (step,
 * hyperparameters, variable list, user metadata, and the size and SHA-256 of the safetensors file).
 *
 * Saving is atomic: each file is written to a temporary name, fsync'ed and renamed; the manifest is written
 * last, and a checkpoint exists only once its manifest does. A crash at any point leaves the previous
 * checkpoints loadable (leftover temporary or unpaired files are ignored, and removed by the next save).
 * After each save only the `keep` latest checkpoints remain; {@link Checkpointer.backup} copies one into
 * `<dir>/backup/`, which is never pruned. Loading validates everything (manifest fields, file size and
 * checksum, the safetensors header, that the manifest's variables match the file) and throws an error naming
 * the file instead of loading part of a checkpoint.
 *
 * One process should write to a directory at a time.
 *
 * @example
 * ```ts
 * import { Checkpointer } from '@tsmlx/train/node';
 * const ckpt = new Checkpointer({ dir: 'runs/mnist', keep: 5 });
 * await ckpt.save({ variables: [{ path: '/w', value: w }], step: 100, metadata: { epoch: 1 } });
 * const latest = await ckpt.load(); // undefined when the directory has none
 * ```
 */
export class Checkpointer {
  /** The directory. */
  readonly dir: string;
  /** How many checkpoints are kept. */
  readonly keep: number;
  private readonly fs: CheckpointFileSystem;

  /** See {@link CheckpointerOptions}. */
  constructor(options: CheckpointerOptions) {
    if (typeof options?.dir !== 'string' || options.dir === '')
      throw new TypeError('Checkpointer: options.dir must be a directory path');
    const keep = options.keep ?? 3;
    if (!(keep === Number.POSITIVE_INFINITY || (Number.isSafeInteger(keep) && keep >= 1))) {
      throw new RangeError(`Checkpointer: keep must be a positive integer or Infinity, got ${keep}`);
    }
    this.dir = options.dir;
    this.keep = keep;
    this.fs = options.fileSystem ?? nodeFileSystem;
  }

  /** The complete checkpoints of the directory (those with a manifest), oldest first. */
  async list(): Promise<CheckpointEntry[]> {
    return listIn(this.fs, this.dir);
  }

  /** The latest complete checkpoint, if any. */
  async latest(): Promise<CheckpointEntry | undefined> {
    return (await this.list()).at(-1);
  }

  /**
   * Saves a checkpoint and prunes old ones (see the class docs).
   *
   * @param options - `backup: true` also copies it into `<dir>/backup/`.
   * @returns the new checkpoint's entry.
   */
  async save(data: CheckpointData, options: { backup?: boolean } = {}): Promise<CheckpointEntry> {
    const step = data.step ?? 0;
    if (!Number.isSafeInteger(step) || step < 0)
      throw new RangeError(`Checkpointer.save: step must be a non-negative integer, got ${step}`);
    const variables = checkVariables(data.variables);
    await this.fs.mkdir(this.dir);
    const files = await this.fs.readDir(this.dir);
    let counter = 0;
    for (const f of files) {
      const m = /^ckpt-n(\d+)-/.exec(f);
      if (m) counter = Math.max(counter, Number(m[1]));
    }
    counter += 1;
    const name = checkpointName(counter, step);
    const tensorsFile = `${name}.safetensors`;
    const byPath = new Map<string, Tensor>();
    for (const v of variables) {
      // Read asynchronously (works for every backend), then encode from host data.
      byPath.set(v.path, Tensor.fromStorage(await v.value.data(), v.value.shape));
    }
    const bytes = encodeSafetensors(byPath, { format: 'tsmlx', step: String(step) });
    const manifest: CheckpointManifest = {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      counter,
      step,
      createdAt: new Date().toISOString(),
      tensorsFile,
      tensorsBytes: bytes.length,
      tensorsSha256: sha256(bytes),
      variables: variables.map((v) => ({
        path: v.path,
        dtype: v.value.dtype,
        shape: [...v.value.dims],
        trainable: v.trainable ?? true,
      })),
      params: (data.params ?? []).map(storeParam),
      metadata: JSON.parse(JSON.stringify(data.metadata ?? {})) as Record<string, unknown>,
    };
    const entry: CheckpointEntry = {
      name,
      counter,
      step,
      manifestPath: join(this.dir, `${name}.json`),
      tensorsPath: join(this.dir, tensorsFile),
    };
    await this.fs.writeFileAtomic(entry.tensorsPath, bytes);
    await this.fs.writeFileAtomic(
      entry.manifestPath,
      new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    );
    if (options.backup) await this.backup(entry);
    await this.prune();
    return entry;
  }

  /**
   * Loads a checkpoint: the latest when `which` is omitted, else the one with that entry or base name.
   *
   * @returns undefined when the directory holds no checkpoint (and `which` is omitted).
   * @throws Error naming the file when a file is missing, truncated or corrupt.
   */
  async load(which?: CheckpointEntry | string): Promise<LoadedCheckpoint | undefined> {
    let entry: CheckpointEntry | undefined;
    if (which === undefined) {
      entry = await this.latest();
      if (!entry) return undefined;
    } else if (typeof which === 'string') {
      const base = which.replace(/\.(json|safetensors)$/, '');
      entry = (await this.list()).find((e) => e.name === base);
      if (!entry) throw new Error(`Checkpointer: no checkpoint ${JSON.stringify(which)} in ${this.dir}`);
    } else {
      entry = which;
    }
    return loadEntry(this.fs, entry);
  }

  /**
   * Copies a checkpoint (default: the latest) into `<dir>/backup/`, where pruning never deletes it.
   *
   * @returns the backup's entry.
   * @throws Error when there is no checkpoint to back up.
   */
  async backup(which?: CheckpointEntry): Promise<CheckpointEntry> {
    const entry = which ?? (await this.latest());
    if (!entry) throw new Error(`Checkpointer: no checkpoint to back up in ${this.dir}`);
    const dir = join(this.dir, 'backup');
    await this.fs.mkdir(dir);
    const copy: CheckpointEntry = {
      ...entry,
      manifestPath: join(dir, `${entry.name}.json`),
      tensorsPath: join(dir, `${entry.name}.safetensors`),
    };
    await this.fs.copy(entry.tensorsPath, copy.tensorsPath);
    await this.fs.copy(entry.manifestPath, copy.manifestPath);
    return copy;
  }

  /** The backups (in `<dir>/backup/`), oldest first. Load one with `Checkpointer.load(entry)`. */
  async backups(): Promise<CheckpointEntry[]> {
    return listIn(this.fs, join(this.dir, 'backup'));
  }

  /** Deletes checkpoints beyond the `keep` latest, and leftovers of interrupted saves. */
  private async prune(): Promise<void> {
    const complete = await this.list();
    const kept = new Set<string>();
    complete.slice(Math.max(0, complete.length - this.keep)).forEach((e) => {
      kept.add(`${e.name}.json`);
      kept.add(`${e.name}.safetensors`);
    });
    const files = await this.fs.readDir(this.dir);
    // Manifests first: a checkpoint disappears atomically with its manifest.
    const ours = files.filter((f) => /^ckpt-n\d+-step-\d+\.(json|safetensors)$/.test(f) && !kept.has(f));
    ours.sort((a, b) => Number(b.endsWith('.json')) - Number(a.endsWith('.json')));
    for (const f of ours) await this.fs.remove(join(this.dir, f));
    for (const f of files) if (f.startsWith(`${TEMP_PREFIX}ckpt-`)) await this.fs.remove(join(this.dir, f));
  }
}

async function listIn(fs: CheckpointFileSystem, dir: string): Promise<CheckpointEntry[]> {
  const entries: CheckpointEntry[] = [];
  for (const f of await fs.readDir(dir)) {
    const m = NAME.exec(f);
    if (!m) continue;
    const name = f.slice(0, -'.json'.length);
    entries.push({
      name,
      counter: Number(m[1]),
      step: Number(m[2]),
      manifestPath: join(dir, f),
      tensorsPath: join(dir, `${name}.safetensors`),
    });
  }
  return entries.sort((a, b) => a.counter - b.counter);
}

function checkVariables(variables: readonly CheckpointVariable[]): CheckpointVariable[] {
  if (!Array.isArray(variables)) throw new TypeError('Checkpointer.save: data.variables must be an array');
  const seen = new Set<string>();
  for (const v of variables) {
    if (typeof v?.path !== 'string' || v.path === '' || !(v.value instanceof Tensor)) {
      throw new TypeError('Checkpointer.save: each variable needs a path and a Tensor value');
    }
    if (seen.has(v.path)) throw new Error(`Checkpointer.save: variable ${v.path} is listed twice`);
    seen.add(v.path);
  }
  return [...variables].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readOrFail(fs: CheckpointFileSystem, path: string, what: string): Promise<Uint8Array> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    throw new Error(`checkpoint ${what} ${path}: cannot read it: ${(error as Error).message}`);
  }
}

/** Reads and validates one checkpoint. @internal */
export async function loadEntry(fs: CheckpointFileSystem, entry: CheckpointEntry): Promise<LoadedCheckpoint> {
  const manifestBytes = await readOrFail(fs, entry.manifestPath, 'manifest');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes));
  } catch (error) {
    throw new Error(
      `checkpoint manifest ${entry.manifestPath}: not valid JSON (corrupt or truncated): ${(error as Error).message}`,
    );
  }
  const manifest = validateManifest(json, entry.manifestPath);
  const tensorsPath = entry.tensorsPath.replace(/[^/\\]*$/, manifest.tensorsFile);
  const bytes = await readOrFail(fs, tensorsPath, 'tensors file');
  if (bytes.length !== manifest.tensorsBytes) {
    throw new Error(
      `checkpoint tensors file ${tensorsPath}: ${bytes.length} bytes, the manifest says ${manifest.tensorsBytes} (truncated or replaced)`,
    );
  }
  if (sha256(bytes) !== manifest.tensorsSha256) {
    throw new Error(
      `checkpoint tensors file ${tensorsPath}: SHA-256 differs from the manifest's (the file is corrupt)`,
    );
  }
  const { tensors } = decodeSafetensors(bytes, tensorsPath);
  const variables: CheckpointVariable[] = [];
  for (const v of manifest.variables) {
    const t = tensors.get(v.path);
    if (
      !t ||
      t.dtype !== v.dtype ||
      t.dims.length !== v.shape.length ||
      t.dims.some((d, i) => d !== v.shape[i])
    ) {
      throw new Error(
        `checkpoint ${entry.manifestPath}: variable ${v.path} (${v.dtype}[${v.shape.join(', ')}]) ` +
          (t ? `is ${t.shape} in ${tensorsPath}` : `is missing from ${tensorsPath}`),
      );
    }
    variables.push({ path: v.path, value: t, trainable: v.trainable });
  }
  if (tensors.size !== manifest.variables.length) {
    const listed = new Set(manifest.variables.map((v) => v.path));
    const extra = [...tensors.keys()].filter((k) => !listed.has(k));
    throw new Error(
      `checkpoint ${entry.manifestPath}: ${tensorsPath} holds tensors the manifest does not list: ${extra.join(', ')}`,
    );
  }
  const params: SavedParam[] = manifest.params.map(restoreParam);
  return {
    entry,
    createdAt: manifest.createdAt,
    variables,
    step: manifest.step,
    params,
    metadata: manifest.metadata,
  };
}
