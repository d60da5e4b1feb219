// The named part of `tsmlx` (shared by `tsmlx` and `tsmlx/node`): registers backend-simple, re-exports the most
// used classes and the packages as namespaces.
import '@tsmlx/backend-simple';
import * as backendsModule from '@tsmlx/backends';
import * as contextModule from '@tsmlx/context';
import * as nnModule from '@tsmlx/nn';
import * as optxModule from '@tsmlx/optx';
import * as trainModule from '@tsmlx/train';

export {
  type Backend,
  BackendError,
  type BackendFactory,
  getBackend,
  listBackends,
  OpError,
  type RegisterOptions,
  registerBackend,
  UnsupportedError,
} from '@tsmlx/backends';
export { Context, type ContextOptions, type ParamValue, Variable } from '@tsmlx/context';
export {
  type Batch,
  type Dataset,
  inMemoryDataset,
  Loop,
  type LossFn,
  type Metric,
  type ModelFn,
  type StepMetrics,
  Trainer,
} from '@tsmlx/train';

// Namespaces (values; import types from the scoped packages, e.g. `import type { DenseOptions } from '@tsmlx/nn'`).

/** `@tsmlx/backends`: the backend contract, registry and conformance kit. */
export const backends: typeof backendsModule = backendsModule;
/** `@tsmlx/context`: `Context`, variables, hyperparameters, initializers, the RNG. */
export const context: typeof contextModule = contextModule;
/** `@tsmlx/nn`: layers, activations, normalizations, attention, losses, regularizers. */
export const nn: typeof nnModule = nnModule;
/** `@tsmlx/optx`: optimizers, learning-rate schedules, gradient clipping. */
export const optx: typeof optxModule = optxModule;
/** `@tsmlx/train`: `Trainer`, `Loop`, hooks, metrics, datasets, checkpoint formats. */
export const train: typeof trainModule = trainModule;
