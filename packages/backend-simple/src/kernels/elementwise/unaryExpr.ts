import { isFloatKind, type TypeInfo } from './typeInfo.js';

// Raw result expressions of the unary ops, per operand representation. `a` names the decoded operand.
// A rule returns undefined when the dtype is outside the op's class.

type UnaryRule = (t: TypeInfo, a: string) => string | undefined;

/** `a` limited to its dtype's bit pattern (for ≤ 32-bit integers: the unsigned pattern as an int32). */
export function masked(t: TypeInfo, a: string): string {
  return t.bits >= 32 ? a : `(${a} & ${2 ** t.bits - 1})`;
}

const floatOnly =
  (f: (a: string) => string): UnaryRule =>
  (t, a) =>
    isFloatKind(t) ? f(a) : undefined;

const notBool =
  (f: (t: TypeInfo, a: string) => string): UnaryRule =>
  (t, a) =>
    t.kind === 'bool' ? undefined : f(t, a);

const integerOnly =
  (small: (t: TypeInfo, a: string) => string, big: (a: string) => string): UnaryRule =>
  (t, a) =>
    t.kind === 'int' ? small(t, a) : t.kind === 'big' ? big(a) : undefined;

/** Raw expression rules of every unary op. */
export const unaryRules: Readonly<Record<string, UnaryRule>> = {
  abs: notBool((t, a) =>
    t.kind === 'big'
      ? t.signed
        ? `(${a} < 0n ? -${a} : ${a})`
        : a
      : t.signed || isFloatKind(t)
        ? `Math.abs(${a})`
        : a,
  ),
  neg: notBool((_t, a) => `(-${a})`),
  sign: notBool((t, a) => (t.kind === 'big' ? `(${a} > 0n ? 1n : ${a} < 0n ? -1n : 0n)` : `Math.sign(${a})`)),
  ceil: floatOnly((a) => `Math.ceil(${a})`),
  floor: floatOnly((a) => `Math.floor(${a})`),
  round: floatOnly((a) => `roundHalfEven(${a})`),
  exp: floatOnly((a) => `Math.exp(${a})`),
  expm1: floatOnly((a) => `Math.expm1(${a})`),
  log: floatOnly((a) => `Math.log(${a})`),
  log1p: floatOnly((a) => `Math.log1p(${a})`),
  logistic: floatOnly((a) => `(1 / (1 + Math.exp(-${a})))`),
  sqrt: floatOnly((a) => `Math.sqrt(${a})`),
  rsqrt: floatOnly((a) => `(1 / Math.sqrt(${a}))`),
  sin: floatOnly((a) => `Math.sin(${a})`),
  cos: floatOnly((a) => `Math.cos(${a})`),
  tanh: floatOnly((a) => `Math.tanh(${a})`),
  erf: floatOnly((a) => `erf(${a})`),
  isFinite: floatOnly((a) => `(${a} - ${a} === 0 ? 1 : 0)`),
  isNaN: floatOnly((a) => `(${a} !== ${a} ? 1 : 0)`),
  bitwiseNot: integerOnly(
    (_t, a) => `(~${a})`,
    (a) => `(~${a})`,
  ),
  logicalNot: (t, a) => (t.kind === 'bool' ? `(${a} ^ 1)` : undefined),
  bitCount: integerOnly(
    (t, a) => `popcount32(${masked(t, a)})`,
    (a) => `popcount64(${a})`,
  ),
  clz: integerOnly(
    (t, a) => `(Math.clz32(${masked(t, a)}) - ${32 - t.bits})`,
    (a) => `clz64(${a})`,
  ),
};
