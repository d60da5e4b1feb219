import { isFloatKind, type TypeInfo } from './typeInfo.js';
import { masked } from './unaryExpr.js';

// Raw result expressions of the binary and comparison ops. `a` and `b` name the decoded operands (both of
// the same dtype). Integer results may leave the dtype's range: the store (or `wrap`) brings them back
// modulo 2^bits, so only exactness matters here (hence Math.imul for 32-bit products).

type BinaryRule = (t: TypeInfo, a: string, b: string) => string | undefined;

/** Rule by representation: floats (incl. half), ≤ 32-bit integers, 64-bit integers; missing = rejected. */
function byKind(rules: {
  float?: (a: string, b: string) => string;
  int?: (t: TypeInfo, a: string, b: string) => string;
  big?: (t: TypeInfo, a: string, b: string) => string;
  bool?: (a: string, b: string) => string;
}): BinaryRule {
  return (t, a, b) => {
    if (isFloatKind(t)) return rules.float?.(a, b);
    if (t.kind === 'int') return rules.int?.(t, a, b);
    if (t.kind === 'big') return rules.big?.(t, a, b);
    return rules.bool?.(a, b);
  };
}

const same = (f: (a: string, b: string) => string) => ({
  float: f,
  int: (_t: TypeInfo, a: string, b: string) => f(a, b),
  big: (_t: TypeInfo, a: string, b: string) => f(a, b),
});

const bitwise = (op: string): BinaryRule =>
  byKind({ int: (_t, a, b) => `(${a} ${op} ${b})`, big: (_t, a, b) => `(${a} ${op} ${b})` });

/** Sign-extends the low `bits` of an int32 pattern. */
function signExtend(t: TypeInfo, a: string): string {
  return t.bits >= 32 ? `(${a} | 0)` : `(${a} << ${32 - t.bits} >> ${32 - t.bits})`;
}

/** Raw expression rules of every binary op. */
export const binaryRules: Readonly<Record<string, BinaryRule>> = {
  add: byKind(same((a, b) => `(${a} + ${b})`)),
  sub: byKind(same((a, b) => `(${a} - ${b})`)),
  mul: byKind({
    float: (a, b) => `(${a} * ${b})`,
    int: (t, a, b) => (t.bits >= 32 ? `Math.imul(${a}, ${b})` : `(${a} * ${b})`),
    big: (_t, a, b) => `(${a} * ${b})`,
  }),
  div: byKind({
    float: (a, b) => `(${a} / ${b})`,
    int: (_t, a, b) => `(${b} === 0 ? -1 : (${a} / ${b}) | 0)`,
    big: (_t, a, b) => `(${b} === 0n ? -1n : ${a} / ${b})`,
  }),
  rem: byKind({
    float: (a, b) => `(${a} % ${b})`,
    int: (_t, a, b) => `(${b} === 0 ? ${a} : ${a} % ${b})`,
    big: (_t, a, b) => `(${b} === 0n ? ${a} : ${a} % ${b})`,
  }),
  pow: byKind({
    float: (a, b) => `cPow(${a}, ${b})`,
    int: (_t, a, b) => `powInt32(${a}, ${b})`,
    big: (_t, a, b) => `powBig(${a}, ${b})`,
  }),
  max: byKind({
    float: (a, b) => `Math.max(${a}, ${b})`,
    int: (_t, a, b) => `(${a} > ${b} ? ${a} : ${b})`,
    big: (_t, a, b) => `(${a} > ${b} ? ${a} : ${b})`,
  }),
  min: byKind({
    float: (a, b) => `Math.min(${a}, ${b})`,
    int: (_t, a, b) => `(${a} < ${b} ? ${a} : ${b})`,
    big: (_t, a, b) => `(${a} < ${b} ? ${a} : ${b})`,
  }),
  atan2: byKind({ float: (a, b) => `Math.atan2(${a}, ${b})` }),
  bitwiseAnd: bitwise('&'),
  bitwiseOr: bitwise('|'),
  bitwiseXor: bitwise('^'),
  shiftLeft: byKind({
    int: (t, a, b) => `((${b} >>> 0) >= ${t.bits} ? 0 : ${a} << ${b})`,
    big: (_t, a, b) => `(BigInt.asUintN(64, ${b}) >= 64n ? 0n : ${a} << ${b})`,
  }),
  shiftRightArithmetic: byKind({
    int: (t, a, b) => `(${signExtend(t, a)} >> Math.min(${b} >>> 0, 31))`,
    big: (_t, a, b) => `(BigInt.asIntN(64, ${a}) >> (BigInt.asUintN(64, ${b}) >= 64n ? 63n : ${b}))`,
  }),
  shiftRightLogical: byKind({
    int: (t, a, b) => `((${b} >>> 0) >= ${t.bits} ? 0 : ${masked(t, a)} >>> ${b})`,
    big: (_t, a, b) => `(BigInt.asUintN(64, ${b}) >= 64n ? 0n : BigInt.asUintN(64, ${a}) >> ${b})`,
  }),
  logicalAnd: byKind({ bool: (a, b) => `(${a} & ${b})` }),
  logicalOr: byKind({ bool: (a, b) => `(${a} | ${b})` }),
  logicalXor: byKind({ bool: (a, b) => `(${a} ^ ${b})` }),
};

const comparison =
  (op: string, anyDType: boolean): BinaryRule =>
  (t, a, b) =>
    t.kind === 'bool' && !anyDType ? undefined : `(${a} ${op} ${b} ? 1 : 0)`;

/** Raw expression rules of the comparisons (result 0/1). NaN compares unequal to everything. */
export const compareRules: Readonly<Record<string, BinaryRule>> = {
  equal: comparison('===', true),
  notEqual: comparison('!==', true),
  greaterThan: comparison('>', false),
  greaterOrEqual: comparison('>=', false),
  lessThan: comparison('<', false),
  lessOrEqual: comparison('<=', false),
};
