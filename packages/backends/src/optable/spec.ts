import type { Shape } from '@tsmlx/shapes';
import type { OpAttrs, OpName } from './opAttrs.js';

/** Groups of ops, used by docs, support matrices and conformance suites. */
export type OpCategory =
  | 'leaf'
  | 'unary'
  | 'binary'
  | 'compare'
  | 'dtype'
  | 'shape'
  | 'reduce'
  | 'window'
  | 'linalg'
  | 'gather'
  | 'rng'
  | 'control';

/**
 * The declaration of one primitive op: operands, attributes (through {@link OpAttrs}), dtype rules and
 * shape inference. Everything else — Builder methods, graph wrappers, support matrices — derives from
 * these declarations.
 */
export interface OpSpec<N extends OpName = OpName> {
  /** The op's name, camelCase. */
  readonly name: N;
  /** Its group. */
  readonly category: OpCategory;
  /** One-line description. */
  readonly doc: string;
  /** Operand names in order; a last name starting with `...` takes any number of operands. */
  readonly operands: readonly string[];
  /** True when the op defines several values (control flow, rngBitGenerator). */
  readonly multiOutput: boolean;
  /**
   * Checks operands and attributes and returns the result shapes.
   *
   * @throws OpError naming the op, the shapes and what would be valid.
   */
  infer(operands: readonly Shape[], attrs: OpAttrs[N]): Shape[];
}

/** Declares an op spec with its name's attribute type checked. */
export function defineOp<N extends OpName>(spec: OpSpec<N>): OpSpec<N> {
  return Object.freeze(spec);
}
