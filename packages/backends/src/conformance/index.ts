/**
 * `@tsmlx/backends/conformance`: the op-by-op conformance suite any backend runs under vitest.
 *
 * @packageDocumentation
 */

export { ALL_CASES } from './cases/index.js';
export { compareOutput, defaultTolerance, elementAt } from './compare.js';
export { type ConformanceOptions, runCase, runConformance } from './runner.js';
export type { CaseTensor, ConformanceCase, ExpectedTensor, Tolerance } from './types.js';
