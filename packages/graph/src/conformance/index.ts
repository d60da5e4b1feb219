/**
 * `@tsmlx/graph/conformance`: gradient checks against finite differences, and the gradient conformance
 * suite a backend runs under vitest to prove that training works on it.
 *
 * @packageDocumentation
 */

export {
  checkGradient,
  type GradientCheckOptions,
  type GradientCheckResult,
  type GradientMismatch,
  gradientInputValues,
  seededValues,
} from '../testing/gradcheck.js';
export { ALL_GRADIENT_CASES } from './cases/index.js';
export {
  GRADIENT_CHECK_EXEMPT,
  type GradientConformanceOptions,
  runGradientCase,
  runGradientConformance,
} from './runner.js';
export { DEFAULT_GRADIENT_TOLERANCE, type GradientCase, type GradientInput } from './types.js';
