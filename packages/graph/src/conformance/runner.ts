import { type Backend, type OpName, UnsupportedError } from '@tsmlx/backends';
import { describe, expect, it } from 'vitest';
import { differentiableOps } from '../autodiff/index.js';
import { checkGradient } from '../testing/gradcheck.js';
import { ALL_GRADIENT_CASES } from './cases/index.js';
import { DEFAULT_GRADIENT_TOLERANCE, type GradientCase } from './types.js';

/**
 * Differentiable ops a finite-difference check cannot cover, with the reason: their rules exist so that
 * `gradient` accepts graphs using them, but give no gradient by definition.
 */
export const GRADIENT_CHECK_EXEMPT: ReadonlyMap<OpName, string> = new Map<OpName, string>([
  ['bitcast', 'reinterprets bits: no gradient by definition, which finite differences cannot confirm'],
  ['argMinMax', 'integer output: no cotangent ever reaches it'],
  ['rngBitGenerator', 'integer outputs: no cotangent ever reaches it'],
]);

/** Options of {@link runGradientConformance}. */
export interface GradientConformanceOptions {
  /** Extra cases (e.g. for a backend's own custom ops). */
  extraCases?: readonly GradientCase[];
  /** Only run cases that cover one of these ops (for debugging). */
  only?: readonly OpName[];
}

/**
 * Runs one gradient case on a backend and describes what went wrong, or returns undefined when the
 * analytic gradient matches central finite differences within the case's tolerance. Exposed for
 * drivers other than vitest.
 */
export function runGradientCase(backend: Backend, testCase: GradientCase): string | undefined {
  const tolerance = testCase.tolerance ?? DEFAULT_GRADIENT_TOLERANCE;
  const result = checkGradient(backend, testCase.fn, testCase.inputs, {
    tolerance,
    ...(testCase.wrt ? { wrt: testCase.wrt } : {}),
    ...(testCase.step ? { step: testCase.step } : {}),
  });
  if (result.ok) return undefined;
  const w = result.worst!;
  return (
    `max error ${result.maxError.toExponential(3)} > tolerance ${tolerance}: input ${w.input} element ${w.index}: ` +
    `analytic ${w.analytic}, numeric ${w.numeric}`
  );
}

/**
 * Registers the gradient conformance suite for a backend with vitest: every gradient case (one or more
 * per VJP rule, on random float64 inputs of several shapes) must match central finite differences. A
 * case whose graph needs an op the backend lacks is skipped; a backend without float64 skips them all.
 *
 * @example
 * ```ts
 * // my-backend.gradients.test.ts
 * import { runGradientConformance } from '@tsmlx/graph/conformance';
 * runGradientConformance('my-backend', () => new MyBackend());
 * ```
 */
export function runGradientConformance(
  label: string,
  makeBackend: () => Backend,
  options: GradientConformanceOptions = {},
): void {
  const cases = [...ALL_GRADIENT_CASES, ...(options.extraCases ?? [])].filter(
    (c) => !options.only || c.ops.some((op) => options.only!.includes(op)),
  );
  describe(`gradient conformance: ${label}`, () => {
    const backend = makeBackend();
    const hasFloat64 = backend.capabilities.dtypes.has('float64');
    if (!options.only) {
      it('has a gradient case for every differentiable op', () => {
        const covered = new Set(cases.flatMap((c) => c.ops));
        const missing = differentiableOps().filter(
          (op) => !covered.has(op) && !GRADIENT_CHECK_EXEMPT.has(op),
        );
        expect(missing, `ops without a gradient case: ${missing.join(', ')}`).toEqual([]);
      });
    }
    const byOp = new Map<string, GradientCase[]>();
    for (const c of cases) {
      const key = c.composite ?? c.ops[0] ?? 'other';
      const list = byOp.get(key);
      if (list) list.push(c);
      else byOp.set(key, [c]);
    }
    for (const [op, opCases] of byOp) {
      describe(op, () => {
        for (const testCase of opCases) {
          it.skipIf(!hasFloat64)(testCase.name, (context) => {
            let problem: string | undefined;
            try {
              problem = runGradientCase(backend, testCase);
            } catch (error) {
              if (error instanceof UnsupportedError) {
                context.skip(error.message);
                return;
              }
              throw error;
            }
            expect(problem, problem).toBeUndefined();
          });
        }
      });
    }
  });
}
