// Test support: what a Content-Security-Policy without 'unsafe-eval' does to `Function`.

/**
 * A stand-in for the global `Function` that throws an EvalError when called or constructed, as under a
 * Content-Security-Policy without 'unsafe-eval' (everything else, `instanceof Function` included, still
 * works). Install it as `globalThis.Function` and restore `original` afterwards.
 *
 * @internal
 */
export function forbidEval(original: FunctionConstructor): FunctionConstructor {
  const refuse = (): never => {
    throw new EvalError('Code generation from strings disallowed for this context (test stand-in)');
  };
  return new Proxy(original, { apply: refuse, construct: refuse });
}
