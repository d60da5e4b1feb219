import { opError } from '../errors.js';
import type { Node } from '../node.js';

/**
 * Normalizes a possibly negative axis of a rank-`rank` operand into `0..rank-1`.
 *
 * @throws OpError naming the op, the operand and the valid axes.
 */
export function axisOf(op: string, x: Node, axis: number, rank = x.rank): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw opError(
      op,
      `axis ${String(axis)} is out of range for ${x.shape}; valid axes are ${rank === 0 ? 'none (it is a scalar)' : `${-rank}..${rank - 1}`}`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Normalizes a list of axes (or one axis; all axes when undefined), sorted, without repeats.
 *
 * @throws OpError naming the op and the operand for an invalid or repeated axis.
 */
export function axesOf(op: string, x: Node, axes: number | readonly number[] | undefined): number[] {
  if (axes === undefined) return x.dims.map((_, i) => i);
  const list = typeof axes === 'number' ? [axes] : [...axes];
  if (!Array.isArray(list)) throw opError(op, `axes must be a number or an array of numbers`);
  const out = list.map((a) => axisOf(op, x, a));
  const seen = new Set<number>();
  for (const a of out) {
    if (seen.has(a)) throw opError(op, `axes [${list.join(', ')}] repeat axis ${a} of ${x.shape}`);
    seen.add(a);
  }
  return out.sort((p, q) => p - q);
}
