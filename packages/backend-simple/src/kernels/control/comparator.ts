import type { Program } from '@tsmlx/backends';

/** A comparator recognized as a plain key comparison of operand 0: ascending (`<`) or descending (`>`). */
export type KeyOrder = 'ascending' | 'descending';

/**
 * Recognizes the common comparators `lessThan(lhs0, rhs0)` and `greaterThan(lhs0, rhs0)` (or the same with
 * swapped operands), which order by operand 0 alone; returns undefined for anything else. Such a comparator
 * is evaluated directly on the keys, with exactly the outcomes the sub-program would give (NaN compares false).
 */
export function recognizeComparator(comparator: Program): KeyOrder | undefined {
  const ops = comparator.instructions.filter((i) => i.op !== 'parameter');
  if (ops.length !== 1 || comparator.outputs.length !== 1) return undefined;
  const only = ops[0]!;
  if (only.outputs[0] !== comparator.outputs[0]) return undefined;
  const lhs = comparator.parameterIds[0];
  const rhs = comparator.parameterIds[1];
  const [a, b] = only.operands;
  const straight = a === lhs && b === rhs;
  const swapped = a === rhs && b === lhs;
  if (!straight && !swapped) return undefined;
  if (only.op === 'lessThan') return straight ? 'ascending' : 'descending';
  if (only.op === 'greaterThan') return straight ? 'descending' : 'ascending';
  return undefined;
}
