/**
 * `@tsmlx/train`: training utilities. This entry point runs everywhere (Node and browsers): datasets (in-memory
 * with batching, seeded shuffling, epochs; `map`, `take`, `prefetch`), IDX and CSV parsers working on bytes and
 * text, and the checkpoint formats (safetensors encoding/decoding, manifests, Context integration).
 *
 * File-system code (reading IDX/CSV files, the `Checkpointer` directory manager, `saveCheckpoint` /
 * `loadCheckpoint`) is Node-only and lives in the `@tsmlx/train/node` entry point.
 *
 * @packageDocumentation
 */

export {
  applyCheckpointToContext,
  type ContextLoadOptions,
  type ContextLoadReport,
  type ContextSaveOptions,
  checkpointDataFromContext,
  GLOBAL_STEP_PATH,
} from './checkpoints/context.js';
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type CheckpointData,
  type CheckpointManifest,
  type CheckpointVariable,
  restoreParam,
  type SavedParam,
  type StoredParam,
  storeParam,
  validateManifest,
} from './checkpoints/manifest.js';
export {
  decodeSafetensors,
  encodeSafetensors,
  parseSafetensorsHeader,
  SAFETENSORS_DTYPES,
  SAFETENSORS_MAX_HEADER,
  type SafetensorsContents,
  type SafetensorsEntry,
  type SafetensorsHeader,
  safetensorsHeaderLength,
} from './checkpoints/safetensors.js';
export { DatasetBase, fromDataset, generatorDataset } from './data/base.js';
export { type CsvData, type CsvOptions, parseCsv } from './data/csv.js';
export { encodeIdx, IDX_DTYPES, parseIdx } from './data/idx.js';
export {
  type ExampleArray,
  type InMemoryData,
  InMemoryDataset,
  type InMemoryOptions,
  inMemoryDataset,
} from './data/inMemory.js';
export { seededPermutation, Xoshiro128 } from './data/random.js';
export { type Batch, type BatchFn, type Dataset, disposeBatch } from './data/types.js';
// ---- Training: Trainer, Loop, hooks, metrics ----
export {
  attachCheckpoints,
  type CheckpointHookOptions,
  type CheckpointStore,
  restoreLatest,
} from './hooks/checkpoints.js';
export { type HookFn, HookList } from './hooks/hookList.js';
export {
  everyNSeconds,
  everyNSteps,
  nTimesDuringLoop,
  type PeriodicOptions,
  type ScheduledFn,
  type ScheduleOptions,
} from './hooks/schedule.js';
export { type EndHook, Loop, type RunOptions, type StartHook, type StepHook } from './loop/loop.js';
export {
  binaryAccuracy,
  binaryCorrect05,
  binaryLogitsAccuracy,
  binaryLogitsCorrect,
  movingAverageBinaryAccuracy,
  movingAverageBinaryLogitsAccuracy,
  movingAverageSparseCategoricalAccuracy,
  sparseCategoricalAccuracy,
  sparseCategoricalCorrect,
} from './metrics/accuracy.js';
export { batchLoss, batchSize, lossValue, meanLoss, movingAverageLoss } from './metrics/loss.js';
export {
  type BatchValue,
  type BatchValueFn,
  batchMetric,
  formatMetricValue,
  type Metric,
  type MetricInfo,
  type MetricInputs,
  meanMetric,
  movingAverageMetric,
  resetScope,
} from './metrics/metric.js';
export { EVAL_METRICS_SCOPE, TRAIN_METRICS_SCOPE, Trainer, type TrainerOptions } from './trainer/trainer.js';
export type { LossFn, ModelFn, StepMetrics } from './trainer/types.js';
