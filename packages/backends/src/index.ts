/**
 * `@tsmlx/backends`: the contract between tsmlx and its backends — the op table, the {@link Builder} that
 * records shape-checked {@link Program}s, the `Backend`/`Executable`/`Buffer` interfaces, and the registry.
 * A third party writes a backend against this package alone and proves it with `@tsmlx/backends/conformance`.
 *
 * @packageDocumentation
 */

export type { Backend, Buffer, Capabilities, DeviceInfo, Executable } from './backend.js';
export { Builder, type Value } from './builder.js';
export { checkProgramSupported } from './capabilities.js';
export { BackendError, OpError, UnsupportedError } from './errors.js';
export { BuilderOps } from './gen_builder_ops.js';
export type * from './optable/attrs.js';
export { type DTypeClass, inClass } from './optable/check.js';
export { OP_NAMES, OP_TABLE, opSpec } from './optable/index.js';
export type { OpAttrs, OpName } from './optable/opAttrs.js';
export { windowOutputSize } from './optable/reduceOps.js';
export { defineOp, type OpCategory, type OpSpec } from './optable/spec.js';
export {
  type Instruction,
  isProgram,
  opsUsed,
  type Program,
  programOutputShapes,
  subPrograms,
  type ValueId,
} from './program.js';
export {
  type BackendFactory,
  getBackend,
  listBackends,
  type RegisterOptions,
  registerBackend,
} from './registry.js';
