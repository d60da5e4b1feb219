import { ShapeError } from './errors.js';
import type { Shape } from './shape.js';

function dimsOf(x: Shape | readonly number[]): readonly number[] {
  return Array.isArray(x) ? (x as readonly number[]) : (x as Shape).dims;
}

function show(dims: readonly number[]): string {
  return `[${dims.join(', ')}]`;
}

/**
 * The tsmlx broadcasting rule (as GoMLX): a scalar broadcasts to anything; otherwise the ranks must be
 * equal and each dimension equal or 1. There is no implicit rank promotion — use explicit reshapes.
 * Returns the broadcast dims.
 *
 * @param where - the operation's name, used in the error message.
 * @throws ShapeError naming both shapes and the axis that disagrees, or the rank mismatch.
 * @example
 * ```ts
 * broadcastDims([2, 1, 3], [2, 4, 1]); // [2, 4, 3]
 * broadcastDims([], [5]);              // [5]
 * ```
 */
export function broadcastDims(
  a: Shape | readonly number[],
  b: Shape | readonly number[],
  where = 'broadcast',
): number[] {
  const x = dimsOf(a);
  const y = dimsOf(b);
  if (x.length === 0) return [...y];
  if (y.length === 0) return [...x];
  if (x.length !== y.length) {
    throw new ShapeError(
      `${where}: cannot broadcast ${describeOperand(a)} with ${describeOperand(b)}: ranks ${x.length} and ${y.length} differ ` +
        '(only scalars broadcast across ranks; reshape or expandDims one operand first)',
    );
  }
  const out = new Array<number>(x.length);
  for (let axis = 0; axis < x.length; axis++) {
    const p = x[axis]!;
    const q = y[axis]!;
    if (p === q || q === 1) out[axis] = p;
    else if (p === 1) out[axis] = q;
    else {
      throw new ShapeError(
        `${where}: cannot broadcast ${describeOperand(a)} with ${describeOperand(b)}: axis ${axis} has sizes ${p} and ${q} ` +
          '(each axis must be equal or 1 in one of them)',
      );
    }
  }
  return out;
}

/**
 * Broadcasts any number of shapes with {@link broadcastDims}, left to right.
 *
 * @throws ShapeError on the first pair that does not broadcast.
 */
export function broadcastAllDims(
  shapes: ReadonlyArray<Shape | readonly number[]>,
  where = 'broadcast',
): number[] {
  if (shapes.length === 0) return [];
  let out: readonly number[] = dimsOf(shapes[0]!);
  for (let i = 1; i < shapes.length; i++) out = broadcastDims(out, shapes[i]!, where);
  return [...out];
}

function describeOperand(x: Shape | readonly number[]): string {
  return Array.isArray(x) ? show(x as readonly number[]) : (x as Shape).toString();
}
