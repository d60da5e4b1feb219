import { codegenAvailable } from '../../codegenSupport.js';
import { erf } from './erf.js';
import { bfloat16Table, bigToOddF64, f64ToBf16Bits, f64ToF16Bits, float16Table } from './halfFloat.js';
import { interpretLoop } from './interpreter.js';
import {
  clz64,
  cPow,
  floatToInt64,
  floatToUint64,
  popcount32,
  popcount64,
  powBig,
  powInt32,
  roundHalfEven,
} from './mathHelpers.js';

// Compiles specialized elementwise loops from JS source with `new Function`, once per distinct source
// (cached), at plan-compile time. Each generated function has its own type feedback, so every loop stays
// monomorphic over its typed arrays, and per-element work is inlined arithmetic, not calls through
// closures. The helpers below are the only names the source may use besides `Math`, `BigInt`, `Number`.
// Where `new Function` is forbidden (codegenSupport.ts), the same source is interpreted (interpreter.ts):
// same results, slower.

const helpers: Record<string, () => unknown> = {
  F16T: float16Table,
  BF16T: bfloat16Table,
  f64ToF16: () => f64ToF16Bits,
  f64ToBf16: () => f64ToBf16Bits,
  bigToOddF64: () => bigToOddF64,
  erf: () => erf,
  roundHalfEven: () => roundHalfEven,
  cPow: () => cPow,
  powInt32: () => powInt32,
  powBig: () => powBig,
  popcount32: () => popcount32,
  popcount64: () => popcount64,
  clz64: () => clz64,
  floatToInt64: () => floatToInt64,
  floatToUint64: () => floatToUint64,
};
const helperNames = Object.keys(helpers);
const helperPatterns = helperNames.map((name) => new RegExp(`\\b${name}\\b`));

const cache = new Map<string, unknown>();

/** Calls of the generated code that return bigints (for the interpreter's block types). */
const bigResults = new Set<unknown>([
  BigInt,
  BigInt.asIntN,
  BigInt.asUintN,
  floatToInt64,
  floatToUint64,
  popcount64,
  clz64,
  powBig,
]);

/**
 * Compiles `function (params) { body }` with the elementwise helpers in scope, reusing an earlier
 * compilation of the same source. Helpers a body does not mention are not built (the 16-bit float
 * decode tables cost 512 KiB each). Where code generation is not allowed ({@link codegenAvailable}), the
 * function returned interprets the source instead (same results, slower).
 *
 * @typeParam F - the function type the caller knows the source to have.
 */
export function compileLoop<F>(params: readonly string[], body: string): F {
  const source = `"use strict";\nreturn function elementwiseLoop(${params.join(', ')}) {\n${body}\n};`;
  const generate = codegenAvailable();
  const key = generate ? source : `interpreted:${source}`;
  let fn = cache.get(key);
  if (fn === undefined) {
    const values = helperNames.map((name, i) =>
      helperPatterns[i]!.test(source) ? helpers[name]!() : undefined,
    );
    if (generate) fn = new Function(...helperNames, source)(...values) as unknown;
    else {
      const names = new Map<string, unknown>([
        ['Math', Math],
        ['BigInt', BigInt],
        ['Number', Number],
      ]);
      helperNames.forEach((name, i) => {
        if (values[i] !== undefined) names.set(name, values[i]);
      });
      fn = interpretLoop(params, body, { values: names, bigResults });
    }
    cache.set(key, fn);
  }
  return fn as F;
}
