import type { Context } from '@tsmlx/context';
import type { Node, Tensor } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import { embedding } from './embedding.js';
import {
  checkParameterGradients,
  expectClose,
  flat,
  newContext,
  projection,
  seeded,
  tensor,
  testBackend,
  varValues,
} from './testing.js';

describe('embedding', () => {
  it('gathers rows of the table for indices of any shape', () => {
    const ctx = newContext();
    const exec = ctx.exec(testBackend, (c: Context, ids: Node) => embedding(c.in('emb'), ids, 5, 3));
    const ids = [4, 0, 2, 2, 1, 3];
    const y = exec.call(tensor(ids, [2, 3], 'int32')) as Tensor;
    expect(y.dims).toEqual([2, 3, 3]);
    expect(y.dtype).toBe('float32');
    const table = varValues(ctx, '/emb/embeddings');
    expectClose(
      flat(y),
      ids.flatMap((i) => table.slice(i * 3, i * 3 + 3)),
      0,
    );
    const scalarId = exec.call(tensor([3], [], 'int64')) as Tensor;
    expect(scalarId.dims).toEqual([3]);
    expectClose(flat(scalarId), table.slice(9, 12), 0);
  });

  it('has correct gradients (rows used twice accumulate)', () => {
    const ctx = newContext();
    const n = checkParameterGradients(
      ctx,
      (c, ids) => projection(embedding(c, ids, 4, 2, { dtype: 'float64' })),
      [tensor([1, 3, 1, 0, 1], [5], 'int32')],
    );
    expect(n).toBe(8);
  });

  it('errors name the scope', () => {
    const ctx = newContext().in('tok');
    const run = (x: Tensor, vocab = 4, dim = 2): unknown =>
      ctx.exec(testBackend, (c: Context, ids: Node) => embedding(c, ids, vocab, dim)).call(x);
    expect(() => run(tensor([1.5], [1]))).toThrow(/embedding at scope "\/tok": indices .* integer dtype/);
    expect(() => run(tensor([1], [1], 'int32'), 0)).toThrow(/vocabSize must be a positive integer/);
  });

  it('uses the given seed deterministically', () => {
    const a = newContext(3);
    const b = newContext(3);
    for (const ctx of [a, b])
      ctx
        .exec(testBackend, (c: Context, ids: Node) => embedding(c, ids, 6, 4))
        .call(tensor([0], [1], 'int32'));
    expect(varValues(a, '/embeddings')).toEqual(varValues(b, '/embeddings'));
    expect(seeded(1)).toHaveLength(1);
  });
});
