import { OpError } from '../errors.js';
import { controlOps, rngOps } from './controlOps.js';
import { binaryOps, compareOps, dtypeOps, unaryOps } from './elementwise.js';
import { gatherOps } from './gatherOps.js';
import { linalgOps } from './linalgOps.js';
import type { OpName } from './opAttrs.js';
import { reduceOps, windowOps } from './reduceOps.js';
import { leafOps, shapeOps } from './shapeOps.js';
import type { OpSpec } from './spec.js';

const allSpecs: readonly OpSpec[] = [
  ...leafOps,
  ...unaryOps,
  ...binaryOps,
  ...compareOps,
  ...dtypeOps,
  ...shapeOps,
  ...reduceOps,
  ...windowOps,
  ...linalgOps,
  ...gatherOps,
  ...rngOps,
  ...controlOps,
] as unknown as readonly OpSpec[];

/**
 * The op table: every primitive op, declared once, keyed by name. The source of truth for Builder
 * methods, graph wrappers, backend capabilities and conformance suites.
 *
 * @example
 * ```ts
 * import { OP_TABLE } from '@tsmlx/backends';
 * OP_TABLE.dotGeneral.category; // 'linalg'
 * ```
 */
export const OP_TABLE: { readonly [N in OpName]: OpSpec<N> } = Object.freeze(
  Object.fromEntries(allSpecs.map((spec) => [spec.name, spec])),
) as { readonly [N in OpName]: OpSpec<N> };

/** Every op name, in table order. */
export const OP_NAMES: readonly OpName[] = Object.freeze(allSpecs.map((s) => s.name));

/**
 * The spec of an op.
 *
 * @throws OpError for an unknown name, listing the known ones.
 */
export function opSpec<N extends OpName>(name: N): OpSpec<N> {
  const spec = OP_TABLE[name];
  if (!spec) throw new OpError(String(name), `unknown op; known ops are ${OP_NAMES.join(', ')}`);
  return spec;
}
