/**
 * `@tsmlx/backend-xla`: the XLA backend of tsmlx — programs are emitted as StableHLO and compiled and run
 * by a PJRT plugin (CPU, NVIDIA GPU, TPU) loaded through a thin C-API binding. Importing it registers the
 * backend as `xla` (aliases `stablehlo`, `pjrt`); nothing native is loaded until the backend is requested.
 *
 * @packageDocumentation
 */
import './register.js';

export {
  createXlaBackend,
  defaultEmitter,
  type StableHloEmitter,
  XLA_DTYPES,
  XlaBackend,
  type XlaBackendConfig,
} from './backend.js';
export { XlaBuffer } from './buffer.js';
export {
  AUTO_PLUGIN_ORDER,
  type DiscoveryHost,
  type FoundPlugin,
  findPlugins,
  nodeDiscoveryHost,
  PluginNotFoundError,
  type PluginSearch,
  searchPlugin,
} from './discovery.js';
export { XlaExecutable } from './executable.js';
export { parseXlaOptions, type XlaOptions } from './options.js';
export * from './pjrt/index.js';
export { registerXlaBackend } from './register.js';
export * from './stablehlo/index.js';
