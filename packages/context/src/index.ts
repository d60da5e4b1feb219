/**
 * `@tsmlx/context`: the model's state and configuration, as GoMLX's context. A {@link Context} holds
 * variables organized in scopes (created on first use, initialized lazily, reused by later graphs),
 * hyperparameters looked up the scope tree, and a seeded counter-based RNG state (Philox) so runs are
 * reproducible on every backend. `Context.exec` runs graph functions that read and update variables.
 *
 * @packageDocumentation
 */

export {
  Context,
  type ContextOptions,
  RNG_STATE_PATH,
  type VariableOptions,
} from './context.js';
export {
  ContextExec,
  type ContextExecOptions,
  type ContextFn,
  type ContextFnWithGraph,
  type ContextOutputs,
  type ContextTensorsOf,
} from './exec.js';
export * from './initializers/index.js';
export {
  type ParamAssignment,
  type ParamValue,
  parseParams,
  parseParamValue,
} from './params.js';
export { PhiloxRandom, rngStateFromSeed } from './random.js';
export { Variable } from './variable.js';
