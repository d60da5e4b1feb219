import { isFloatKind, type TypeInfo } from './typeInfo.js';

// Raw result expressions of convertDType (value of `from` named `a` → raw value of `to`), following the
// op's doc: float→int truncates toward zero and saturates, NaN→int is 0; int→int wraps (left to the store
// or wrap); anything→bool is x != 0 (so NaN → true); bool→number is 0 or 1; narrowing float conversions
// round once to nearest even (the half-float encoders round float64 directly; 64-bit integers reach
// float32 and narrower through a round-to-odd float64).

function intRange(t: TypeInfo): [number, number] {
  return t.signed ? [-(2 ** (t.bits - 1)), 2 ** (t.bits - 1) - 1] : [0, 2 ** t.bits - 1];
}

/** The raw expression converting value `a` of dtype `from` to dtype `to`. */
export function convertExpr(from: TypeInfo, to: TypeInfo, a: string): string {
  if (to.kind === 'bool') return from.kind === 'big' ? `(${a} !== 0n ? 1 : 0)` : `(${a} !== 0 ? 1 : 0)`;
  if (isFloatKind(from)) {
    if (isFloatKind(to)) return a;
    if (to.kind === 'big') return to.signed ? `floatToInt64(${a})` : `floatToUint64(${a})`;
    const [lo, hi] = intRange(to);
    return `(${a} !== ${a} ? 0 : ${a} >= ${hi} ? ${hi} : ${a} <= ${lo} ? ${lo} : Math.trunc(${a}))`;
  }
  if (from.kind === 'big') {
    if (to.kind === 'big') return a;
    if (to.kind === 'int') return `Number(BigInt.asIntN(32, ${a}))`;
    return to.dtype === 'float64' ? `Number(${a})` : `bigToOddF64(${a})`;
  }
  // from int or bool: exact JS numbers.
  return to.kind === 'big' ? `BigInt(${a})` : a;
}
