import type { OpAttrs, OpName } from '@tsmlx/backends';
import type { DType } from '@tsmlx/dtypes';
import { binaryRules, compareRules } from './binaryExpr.js';
import { convertExpr } from './convertExpr.js';
import { typeInfo } from './typeInfo.js';
import { unaryRules } from './unaryExpr.js';

/** Ops whose kernels (and fused chains) are generated from per-element expressions. */
export const EXPRESSION_OPS: readonly OpName[] = [
  ...(Object.keys(unaryRules) as OpName[]),
  ...(Object.keys(binaryRules) as OpName[]),
  ...(Object.keys(compareRules) as OpName[]),
  'convertDType',
];

/**
 * The raw per-element JS expression of an elementwise op: `operands` are variable names holding decoded
 * operand values of dtypes `operandDTypes`; the result must still go through the output dtype's
 * `encode` (to store) or `wrap` (to reuse in a fused chain). Undefined when the op or dtype has no rule.
 */
export function elementExpression(
  op: OpName,
  attrs: unknown,
  operandDTypes: readonly DType[],
  operands: readonly string[],
): string | undefined {
  const t = operandDTypes[0] === undefined ? undefined : typeInfo(operandDTypes[0]);
  if (!t) return undefined;
  const [a = '', b = ''] = operands;
  if (op === 'convertDType') {
    const to = typeInfo((attrs as OpAttrs['convertDType']).dtype);
    return to ? convertExpr(t, to, a) : undefined;
  }
  const unary = unaryRules[op];
  if (unary) return operands.length === 1 ? unary(t, a) : undefined;
  const binary = binaryRules[op] ?? compareRules[op];
  if (binary) return operands.length === 2 && operandDTypes[1] === t.dtype ? binary(t, a, b) : undefined;
  return undefined;
}
