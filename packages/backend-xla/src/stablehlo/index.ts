export type { Precision } from './emitter.js';
export { formatFloat } from './literals.js';
export { XLA_CAPABLE_OPS } from './lower/index.js';
export { type EmitOptions, emitStableHLO } from './module.js';
export { StableHLOError } from './shapes.js';
export { elementType, tensorType } from './types.js';
