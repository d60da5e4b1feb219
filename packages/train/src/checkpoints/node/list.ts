// Node-only: lists a checkpoint's variables from the safetensors header alone (no tensor data is read).
import { open, stat } from 'node:fs/promises';
import { byteSize, type DType } from '@tsmlx/dtypes';
import { parseSafetensorsHeader, safetensorsHeaderLength } from '../safetensors.js';
import { Checkpointer } from './checkpointer.js';

/** One variable (tensor) of a checkpoint, as listed by {@link listCheckpointVariables}. */
export interface CheckpointVariableInfo {
  /** Variable path (tensor name). */
  name: string;
  /** Dtype. */
  dtype: DType;
  /** Dims. */
  shape: number[];
  /** Number of elements. */
  size: number;
  /** Bytes of data. */
  bytes: number;
}

/**
 * Lists the variables of a checkpoint, sorted by name, reading only the safetensors header. `path` is a
 * `.safetensors` file (any safetensors file works), a checkpoint's `.json` manifest, or a checkpoint directory
 * (its latest checkpoint).
 *
 * @throws Error naming the file when it is missing or its header is invalid; when a directory has no checkpoint.
 */
export async function listCheckpointVariables(path: string): Promise<CheckpointVariableInfo[]> {
  let file = path;
  if ((await stat(path)).isDirectory()) {
    const latest = await new Checkpointer({ dir: path }).latest();
    if (!latest) throw new Error(`listCheckpointVariables: no checkpoint in ${path}`);
    file = latest.tensorsPath;
  } else if (path.endsWith('.json')) {
    file = path.replace(/\.json$/, '.safetensors');
  }
  const handle = await open(file, 'r').catch((error: Error) => {
    throw new Error(`safetensors file ${file}: cannot open it: ${error.message}`);
  });
  try {
    const { size: fileSize } = await handle.stat();
    const first = new Uint8Array(8);
    await handle.read(first, 0, 8, 0);
    const n = safetensorsHeaderLength(first, fileSize, file);
    const header = new Uint8Array(8 + n);
    await handle.read(header, 0, 8 + n, 0);
    const { entries } = parseSafetensorsHeader(header, fileSize, file);
    return entries
      .map((e) => ({
        name: e.name,
        dtype: e.dtype,
        shape: e.shape,
        size: e.size,
        bytes: e.size * byteSize(e.dtype),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } finally {
    await handle.close();
  }
}

/** Formats {@link listCheckpointVariables} output as an aligned text table (name, dtype, shape, size), for CLIs. */
export function formatCheckpointVariables(infos: readonly CheckpointVariableInfo[]): string {
  const rows = infos.map((i) => [i.name, i.dtype, `[${i.shape.join(', ')}]`, String(i.size)]);
  const all = [['variable', 'dtype', 'shape', 'size'], ...rows];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...all.map((r) => r[c]!.length)));
  const total = infos.reduce((a, i) => a + i.size, 0);
  const lines = all.map((r) =>
    r
      .map((cell, c) => (c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n${infos.length} variables, ${total} elements`;
}
