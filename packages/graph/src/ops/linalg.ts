import { opError } from '../errors.js';
import * as raw from '../gen_ops.js';
import { graphOf } from '../graph.js';
import type { Node } from '../node.js';
import { broadcastTo, reshape } from './shape.js';

/**
 * Matrix product with numpy semantics: `[..., m, k] @ [..., k, n] → [..., m, n]`; the batch dims
 * broadcast numpy style (aligned from the right, each equal or 1); a rank-1 lhs is a row vector and a
 * rank-1 rhs a column vector, whose axis is dropped from the result. Dtypes must match.
 *
 * @example
 * ```ts
 * matMul(x, w); // (float32)[b, 784] @ (float32)[784, 10] → (float32)[b, 10]
 * ```
 */
export function matMul(lhs: Node, rhs: Node): Node {
  graphOf('matMul', [lhs, rhs]);
  const show = `${lhs.shape} @ ${rhs.shape}`;
  if (lhs.rank === 0 || rhs.rank === 0)
    throw opError('matMul', `operands must have rank ≥ 1, got ${show}; use mul for scalars`);
  if (lhs.dtype !== rhs.dtype) {
    throw opError(
      'matMul',
      `operands have different dtypes (${show}); convert one with convert(x, '${lhs.dtype}')`,
    );
  }
  const a = lhs.rank === 1 ? reshape(lhs, [1, lhs.dims[0]!]) : lhs;
  const b = rhs.rank === 1 ? reshape(rhs, [rhs.dims[0]!, 1]) : rhs;
  const k = a.dims[a.rank - 1]!;
  if (b.dims[b.rank - 2] !== k) {
    throw opError(
      'matMul',
      `contracting dims differ: ${show} (the last dim of lhs, ${k}, must equal the ${rhs.rank === 1 ? 'only' : 'second-to-last'} dim of rhs, ${b.dims[b.rank - 2]})`,
    );
  }
  const aBatch = a.dims.slice(0, -2);
  const bBatch = b.dims.slice(0, -2);
  const rank = Math.max(aBatch.length, bBatch.length);
  const batch: number[] = [];
  for (let i = 0; i < rank; i++) {
    const p = aBatch[aBatch.length - rank + i] ?? 1;
    const q = bBatch[bBatch.length - rank + i] ?? 1;
    if (p !== q && p !== 1 && q !== 1) {
      throw opError('matMul', `batch dims do not broadcast: ${show} (batch axis ${i}: ${p} vs ${q})`);
    }
    batch.push(p === 1 ? q : p);
  }
  const a2 = broadcastTo(a, [...batch, ...a.dims.slice(-2)]);
  const b2 = broadcastTo(b, [...batch, ...b.dims.slice(-2)]);
  const batchAxes = batch.map((_, i) => i);
  let out = raw.dotGeneral(a2, b2, {
    lhsBatchAxes: batchAxes,
    lhsContractingAxes: [rank + 1],
    rhsBatchAxes: batchAxes,
    rhsContractingAxes: [rank],
  });
  if (lhs.rank === 1 || rhs.rank === 1) {
    const dims = [...batch];
    if (lhs.rank !== 1) dims.push(a.dims[a.rank - 2]!);
    if (rhs.rank !== 1) dims.push(b.dims[b.rank - 1]!);
    out = reshape(out, dims);
  }
  return out;
}
