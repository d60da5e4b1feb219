import { describe, expect, it } from 'vitest';
import { execOnce } from '../exec.js';
import type { Node } from '../node.js';
import { Tensor } from '../tensor.js';
import { testBackend as backend, expectClose } from '../testing.js';
import { logSoftmax, oneHot, softmax, topK } from './nn.js';

describe('softmax and logSoftmax', () => {
  const rows = [
    [1, 2, 3],
    [1000, 1000, 999],
    [-5, 0, 5],
  ];
  const reference = (r: number[]) => {
    const m = Math.max(...r);
    const e = r.map((v) => Math.exp(v - m));
    const s = e.reduce((p, q) => p + q, 0);
    return { soft: e.map((v) => v / s), log: r.map((v) => v - m - Math.log(s)) };
  };

  it('match the float64 closed form, stably for large inputs', () => {
    const [soft, log] = execOnce(
      backend,
      (t: Node) => [softmax(t), logSoftmax(t)],
      Tensor.from(rows, { dtype: 'float64' }),
    );
    expectClose(
      soft!.toArray(),
      rows.map((r) => reference(r).soft),
      1e-12,
    );
    expectClose(
      log!.toArray(),
      rows.map((r) => reference(r).log),
      1e-12,
    );
  });

  it('runs over another axis in float32', () => {
    const soft = execOnce(backend, (t: Node) => softmax(t, 0), rows.slice(0, 1).concat([[0, 0, 0]]));
    const col = (j: number) => reference([rows[0]![j]!, 0]).soft;
    expectClose(soft.toArray(), [[0, 1, 2].map((j) => col(j)[0]!), [0, 1, 2].map((j) => col(j)[1]!)], 1e-6);
  });
});

describe('oneHot', () => {
  it('encodes indices as a new last axis; out-of-range gives zeros', () => {
    const out = execOnce(
      backend,
      (i: Node) => oneHot(i, 3),
      Tensor.from(
        [
          [0, 2],
          [1, 5],
        ],
        { dtype: 'int32' },
      ),
    );
    expect(out.shape.toString()).toBe('(float32)[2, 2, 3]');
    expect(out.toArray()).toEqual([
      [
        [1, 0, 0],
        [0, 0, 1],
      ],
      [
        [0, 1, 0],
        [0, 0, 0],
      ],
    ]);
  });
});

describe('topK', () => {
  it('returns the k largest values in descending order with their indices (ties: lower index first)', () => {
    const data = [
      [3, 1, 4, 1, 5, 9, 2, 6],
      [0, 7, 7, 2, -1, 7, 3, 3],
    ];
    const { values, indices } = execOnce(
      backend,
      (t: Node) => topK(t, 3),
      Tensor.from(data, { dtype: 'float32' }),
    );
    const reference = data.map((r) =>
      r
        .map((v, i) => ({ v, i }))
        .sort((a, b) => b.v - a.v || a.i - b.i)
        .slice(0, 3),
    );
    expect(values.toArray()).toEqual(reference.map((r) => r.map((e) => e.v)));
    expect(indices.toArray()).toEqual(reference.map((r) => r.map((e) => e.i)));
  });

  it('checks k', () => {
    expect(() => execOnce(backend, (t: Node) => topK(t, 4).values, [1, 2, 3])).toThrow(
      /k must be an integer in 0..3/,
    );
  });
});
