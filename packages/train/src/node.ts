/**
 * `@tsmlx/train/node`: the Node-only part of `@tsmlx/train` (it uses `node:fs`, `node:zlib`, `node:crypto`):
 * IDX and CSV file readers (gzip detected automatically), the {@link Checkpointer} (a directory of safetensors
 * checkpoints with keep-last-N, backups and atomic saves), {@link saveCheckpoint} / {@link loadCheckpoint} for a
 * `Context`, and {@link listCheckpointVariables} for CLIs. Everything of `@tsmlx/train` is re-exported too.
 *
 * @packageDocumentation
 */

export {
  type CheckpointEntry,
  Checkpointer,
  type CheckpointerOptions,
  type LoadedCheckpoint,
} from './checkpoints/node/checkpointer.js';
export {
  type LoadCheckpointOptions,
  loadCheckpoint,
  type SaveCheckpointOptions,
  saveCheckpoint,
} from './checkpoints/node/context.js';
export { type CheckpointFileSystem, nodeFileSystem, TEMP_PREFIX } from './checkpoints/node/fileSystem.js';
export {
  type CheckpointVariableInfo,
  formatCheckpointVariables,
  listCheckpointVariables,
} from './checkpoints/node/list.js';
export { readCsvFile, readIdxFile } from './data/node/files.js';
export * from './index.js';
