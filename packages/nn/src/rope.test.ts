import { constant, execOnce, type Node } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import { rotaryEmbedding } from './rope.js';
import { expectClose, flat, seeded, tensor, testBackend } from './testing.js';

describe('rotaryEmbedding', () => {
  it('rotates the two halves of each head vector by position · base^(−2i/d)', () => {
    const dims = [1, 3, 2, 4]; // [batch, seq, heads, headDim]
    const xs = seeded(24, 2);
    const y = flat(
      execOnce(
        testBackend,
        (x: Node) => rotaryEmbedding(x, { base: 50, positionOffset: 2 }),
        tensor(xs, dims),
      ),
    );
    const expected: number[] = [];
    for (let t = 0; t < 3; t++)
      for (let h = 0; h < 2; h++) {
        const v = xs.slice((t * 2 + h) * 4, (t * 2 + h + 1) * 4);
        const p = t + 2;
        const a0 = p;
        const a1 = p * 50 ** -0.5;
        expected.push(
          v[0]! * Math.cos(a0) - v[2]! * Math.sin(a0),
          v[1]! * Math.cos(a1) - v[3]! * Math.sin(a1),
          v[2]! * Math.cos(a0) + v[0]! * Math.sin(a0),
          v[3]! * Math.cos(a1) + v[1]! * Math.sin(a1),
        );
      }
    expectClose(y, expected, 1e-12);
  });

  it('keeps norms, is the identity at position 0, and takes explicit positions', () => {
    const xs = seeded(8, 3);
    const y = flat(
      execOnce(
        testBackend,
        (x: Node) =>
          rotaryEmbedding(x, {
            seqAxis: 0,
            positions: constant(x.graph, [0, 7], { dtype: 'int32', shape: [2] }),
          }),
        tensor(xs, [2, 4]),
      ),
    );
    expectClose(y.slice(0, 4), xs.slice(0, 4), 1e-15);
    const norm = (v: number[]) => Math.hypot(...v);
    expect(Math.abs(norm(y.slice(4)) - norm(xs.slice(4)))).toBeLessThan(1e-12);
  });

  it('rejects odd head sizes and bad positions', () => {
    expect(() =>
      execOnce(testBackend, (x: Node) => rotaryEmbedding(x), tensor(seeded(6), [1, 2, 3])),
    ).toThrow(/must be even/);
    expect(() =>
      execOnce(
        testBackend,
        (x: Node) =>
          rotaryEmbedding(x, { positions: constant(x.graph, [0], { dtype: 'int32', shape: [1] }) }),
        tensor(seeded(8), [1, 2, 4]),
      ),
    ).toThrow(/positions \(int32\)\[1\] must have dims \[2\]/);
  });
});
