import {
  add,
  clip,
  convert,
  div,
  isFinite as isFiniteNode,
  logicalAnd,
  max,
  mul,
  type Node,
  reduceLogicalAnd,
  reduceSum,
  scalar,
  sqrt,
  square,
} from '@tsmlx/graph';

/** Clips each gradient element into `[−limit, limit]`. */
export function clipByValue(grads: readonly Node[], limit: number): Node[] {
  if (!(limit > 0)) throw new Error(`clipByValue: limit must be > 0, got ${limit}`);
  return grads.map((g) => clip(g, -limit, limit));
}

/** The global L2 norm of all gradients together, `sqrt(Σ g²)`, as a float32 scalar (0 when there are none). */
export function globalNorm(grads: readonly Node[]): Node {
  if (grads.length === 0) throw new Error('globalNorm: needs at least one gradient');
  let total: Node | undefined;
  for (const g of grads) {
    const part = convert(reduceSum(square(g)), 'float32');
    total = total === undefined ? part : add(total, part);
  }
  return sqrt(total!);
}

/**
 * Scales all gradients together so their global norm is at most `maxNorm`: each becomes
 * `g · maxNorm / max(norm, maxNorm)` (unchanged when the norm is already within bounds), as
 * `torch.nn.utils.clip_grad_norm_` and optax's `clip_by_global_norm`. Returns the clipped gradients and the
 * norm before clipping.
 */
export function clipByGlobalNorm(grads: readonly Node[], maxNorm: number): { grads: Node[]; norm: Node } {
  if (!(maxNorm > 0)) throw new Error(`clipByGlobalNorm: maxNorm must be > 0, got ${maxNorm}`);
  const norm = globalNorm(grads);
  const factor = div(scalar(norm.graph, maxNorm, 'float32'), max(norm, maxNorm));
  return { grads: grads.map((g) => mul(g, convert(factor, g.dtype))), norm };
}

/** A bool scalar: true when every element of every gradient is finite (no NaN, no ±Infinity). */
export function allFinite(grads: readonly Node[]): Node {
  if (grads.length === 0) throw new Error('allFinite: needs at least one gradient');
  let ok: Node | undefined;
  for (const g of grads) {
    const part = reduceLogicalAnd(isFiniteNode(g));
    ok = ok === undefined ? part : logicalAnd(ok, part);
  }
  return ok!;
}
