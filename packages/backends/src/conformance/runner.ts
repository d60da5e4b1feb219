import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.js';
import { Builder } from '../builder.js';
import { UnsupportedError } from '../errors.js';
import { OP_NAMES, OP_TABLE } from '../optable/index.js';
import type { OpName } from '../optable/opAttrs.js';
import { ALL_CASES } from './cases/index.js';
import { compareOutput } from './compare.js';
import type { ConformanceCase } from './types.js';

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** Extra cases (e.g. a backend's own). */
  extraCases?: readonly ConformanceCase[];
  /** Only run cases of these ops (for debugging a backend). */
  only?: readonly OpName[];
}

/**
 * Checks that a case runs on a backend and returns a description of what went wrong, or undefined.
 * Exposed for backends that drive cases outside vitest.
 */
export function runCase(backend: Backend, testCase: ConformanceCase): string | undefined {
  const builder = new Builder(`conformance_${testCase.op}`, backend);
  const params = testCase.inputs.map((input, i) => builder.parameter(input.shape, `in${i}`));
  const outputs = testCase.build(builder, params);
  const executable = builder.compile(outputs);
  const inputs = testCase.inputs.map((input) => backend.bufferFromHost(input.data, input.shape));
  try {
    const results = executable.execute(inputs);
    const problems: string[] = [];
    if (results.length !== testCase.expected.length) {
      return `expected ${testCase.expected.length} outputs, got ${results.length}`;
    }
    results.forEach((buffer, i) => {
      const want = testCase.expected[i]!;
      if (!buffer.shape.equals(want.shape)) {
        problems.push(`output ${i}: shape ${buffer.shape}, expected ${want.shape}`);
        return;
      }
      const data = backend.capabilities.syncHostAccess ? buffer.toHostSync() : undefined;
      if (!data) throw new Error('asynchronous backends: use runCaseAsync');
      const problem = compareOutput(data, buffer.shape.dtype, want, testCase.tolerance);
      if (problem) problems.push(`output ${i}: ${problem}`);
      buffer.dispose();
    });
    return problems.length ? problems.join('\n') : undefined;
  } finally {
    for (const b of inputs) b.dispose();
    executable.dispose();
  }
}

function caseDTypesSupported(backend: Backend, testCase: ConformanceCase): boolean {
  const dtypes = [
    ...testCase.inputs.map((i) => i.shape.dtype),
    ...testCase.expected.map((e) => e.shape.dtype),
  ];
  return dtypes.every((d) => backend.capabilities.dtypes.has(d));
}

/**
 * Registers the conformance suite for a backend with vitest: for every op of the op table, the cases of
 * ops the backend declares must pass, and an op it does not declare must fail to compile with an
 * {@link UnsupportedError} naming it.
 *
 * @example
 * ```ts
 * // my-backend.conformance.test.ts
 * import { runConformance } from '@tsmlx/backends/conformance';
 * runConformance('my-backend', () => new MyBackend());
 * ```
 */
export function runConformance(
  label: string,
  makeBackend: () => Backend,
  options: ConformanceOptions = {},
): void {
  const cases = [...ALL_CASES, ...(options.extraCases ?? [])];
  describe(`conformance: ${label}`, () => {
    const backend = makeBackend();
    for (const op of OP_NAMES) {
      if (options.only && !options.only.includes(op)) continue;
      const declared = backend.capabilities.ops.has(op);
      const opCases = cases.filter((c) => c.op === op);
      describe(`${OP_TABLE[op].category}/${op}`, () => {
        if (!declared) {
          it('is rejected at compile time with a clear error', () => {
            const probe = cases.find((c) => c.op === op);
            if (!probe) return;
            expect(() => runCase(backend, probe)).toThrow(UnsupportedError);
            expect(() => runCase(backend, probe)).toThrow(new RegExp(`"${op}"`));
          });
          return;
        }
        it('has conformance cases', () => {
          expect(opCases.length, `no conformance case exercises ${op}`).toBeGreaterThan(0);
        });
        for (const testCase of opCases) {
          const runnable =
            caseDTypesSupported(backend, testCase) &&
            (testCase.uses ?? []).every((u) => backend.capabilities.ops.has(u));
          it.skipIf(!runnable)(testCase.name, () => {
            const problem = runCase(backend, testCase);
            expect(problem, problem).toBeUndefined();
          });
        }
      });
    }
  });
}
