// Whether this realm lets the backend compile JavaScript from source (`new Function`). A page whose
// Content-Security-Policy lacks 'unsafe-eval' (browser extensions, hardened sites) throws an EvalError on
// every such compilation; the backend then interprets its generated elementwise loops instead
// (kernels/elementwise/interpreter.ts) and keeps them off the worker threads. Tried once and cached.

let detected: boolean | undefined;
let forced: boolean | undefined;

/**
 * Tries `new Function` once (not cached): false where it throws (EvalError under a CSP).
 *
 * @internal
 */
export function probeCodegen(): boolean {
  try {
    const f = new Function('a', '"use strict"; return a + 1;') as (a: number) => number;
    return f(1) === 2;
  } catch {
    return false;
  }
}

/**
 * Whether `new Function` works here (detected on the first call, then cached), unless a test forced
 * an answer with {@link setCodegenAvailable}.
 *
 * @internal
 */
export function codegenAvailable(): boolean {
  if (forced !== undefined) return forced;
  detected ??= probeCodegen();
  return detected;
}

/**
 * Forces {@link codegenAvailable} (for tests: `false` runs the eval-free paths on an engine that has
 * eval); `undefined` goes back to detection. Affects kernels compiled afterwards.
 *
 * @internal
 */
export function setCodegenAvailable(available: boolean | undefined): void {
  forced = available;
}

/**
 * Runs `f` (a compilation) with {@link codegenAvailable} forced to `available`, restoring the previous
 * setting afterwards.
 *
 * @internal
 */
export function withCodegenAvailable<T>(available: boolean | undefined, f: () => T): T {
  const saved = forced;
  forced = available;
  try {
    return f();
  } finally {
    forced = saved;
  }
}
