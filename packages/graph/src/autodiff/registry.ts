import type { OpName } from '@tsmlx/backends';
import type { Node } from '../node.js';

/**
 * A vector-Jacobian product rule of one primitive op. `node` is the (first) output of the op application;
 * `grads[i]` is the cotangent flowing into output `i` (`node.siblings[i]`), or undefined when no gradient
 * reaches that output (rules of multi-output ops treat it as zero; single-output rules always get a
 * defined `grads[0]`). Returns one cotangent per input of the op, shaped like that input, or undefined for
 * inputs that get no gradient (integer operands, indices, or a zero the rule can skip). `needs[i]` tells
 * whether input `i` depends on a differentiated node: a rule may skip building cotangents of the others
 * (what it returns for them is ignored).
 *
 * Rules are built only from primitive ops every backend has, so gradients run wherever the forward pass
 * does, and they are differentiable themselves (gradients of gradients).
 */
export type VJPRule = (
  node: Node,
  grads: ReadonlyArray<Node | undefined>,
  needs: readonly boolean[],
) => ReadonlyArray<Node | undefined>;

const rules = new Map<OpName, VJPRule>();

/**
 * Registers (or replaces) the VJP rule of a primitive op.
 *
 * @example
 * ```ts
 * registerVJP('tanh', (node, [g]) => [mul(g!, sub(1, square(node)))]);
 * ```
 */
export function registerVJP(op: OpName, rule: VJPRule): void {
  rules.set(op, rule);
}

/** The VJP rule of an op, if any. */
export function vjpRule(op: OpName): VJPRule | undefined {
  return rules.get(op);
}

/** Ops with a registered VJP rule. */
export function differentiableOps(): OpName[] {
  return [...rules.keys()];
}
