/**
 * `@tsmlx/optx`: optimizers (SGD, Adam, AdamW, Adamax, AMSGrad, RMSProp, Adagrad, Lion), learning-rate
 * schedules of the global step, gradient clipping, non-finite step skipping and gradient accumulation. The
 * optimizers keep their state in `@tsmlx/context` variables (`/optimizer/<name>/...`), so it is checkpointed
 * with the model.
 *
 * @packageDocumentation
 */

export { KNOWN_OPTIMIZERS, optimizerByName, optimizerFromContext } from './byName.js';
export { allFinite, clipByGlobalNorm, clipByValue, globalNorm } from './clip.js';
export {
  GLOBAL_STEP_PATH,
  globalStepIn,
  globalStepVariable,
  incrementGlobalStep,
  readGlobalStep,
} from './globalStep.js';
export {
  type CommonOptions,
  GradientOptimizer,
  type Optimizer,
  SKIPPED_STEPS_PATH,
  skippedSteps,
  type VariableUpdate,
} from './optimizer.js';
export { Adagrad, type AdagradOptions, adagrad } from './optimizers/adagrad.js';
export { Adam, type AdamOptions, adam, adamax, adamW, amsgrad } from './optimizers/adam.js';
export { Lion, type LionOptions, lion } from './optimizers/lion.js';
export { RMSProp, type RMSPropOptions, rmsprop } from './optimizers/rmsprop.js';
export { SGD, type SGDOptions, sgd } from './optimizers/sgd.js';
export * from './schedules/index.js';
