import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { execOnce } from '../exec.js';
import { Graph } from '../graph.js';
import type { Node } from '../node.js';
import { Tensor } from '../tensor.js';
import { testBackend as backend, expectClose, nest, randomValues } from '../testing.js';
import { einsum } from './einsum.js';
import { matMul } from './linalg.js';

/** Reference batched matmul in float64 over flat row-major data: a [B, m, k] @ b [B, k, n]. */
function refMatMul(a: number[], b: number[], batch: number, m: number, k: number, n: number): number[] {
  const out: number[] = [];
  for (let z = 0; z < batch; z++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[z * m * k + i * k + p]! * b[z * k * n + p * n + j]!;
        out.push(s);
      }
    }
  }
  return out;
}

describe('matMul', () => {
  const g = new Graph();
  const p = (...dims: number[]) => g.parameter(new Shape('float32', dims));

  it('infers numpy shapes: batch broadcasting and vectors', () => {
    expect(matMul(p(2, 3), p(3, 4)).shape.toString()).toBe('(float32)[2, 4]');
    expect(matMul(p(5, 1, 2, 3), p(4, 3, 6)).shape.toString()).toBe('(float32)[5, 4, 2, 6]');
    expect(matMul(p(3), p(3, 4)).shape.toString()).toBe('(float32)[4]');
    expect(matMul(p(2, 3), p(3)).shape.toString()).toBe('(float32)[2]');
    expect(matMul(p(3), p(3)).shape.toString()).toBe('(float32)[]');
  });

  it('explains mismatches', () => {
    expect(() => matMul(p(2, 3), p(4, 5))).toThrow(
      /matMul: contracting dims differ: \(float32\)\[2, 3\] @ \(float32\)\[4, 5\] \(the last dim of lhs, 3, must equal the second-to-last dim of rhs, 4\)/,
    );
    expect(() => matMul(p(2, 2, 3), p(3, 3, 4))).toThrow(/batch dims do not broadcast/);
    const i = g.parameter(new Shape('int32', [3, 3]));
    expect(() => matMul(p(3, 3), i)).toThrow(/different dtypes/);
  });

  it('multiplies batched matrices with broadcasting (float64 reference)', () => {
    const a = randomValues(2 * 3 * 4, 3);
    const b = randomValues(4 * 5, 4);
    const out = execOnce(
      backend,
      (x: Node, y: Node) => matMul(x, y),
      Tensor.from(new Float64Array(a), { shape: [2, 3, 4] }),
      Tensor.from(new Float64Array(b), { shape: [4, 5] }),
    );
    expect(out.shape.toString()).toBe('(float64)[2, 3, 5]');
    const expected = refMatMul(a, [...b, ...b], 2, 3, 4, 5);
    expectClose(out.toArray(), nest(expected, [2, 3, 5]), 1e-12);
  });

  it('handles vector operands', () => {
    const out = execOnce(
      backend,
      (v: Node, m: Node) => [matMul(v, m), matMul(m, v), matMul(v, v)],
      [1, 2],
      [
        [1, 2],
        [3, 4],
      ],
    );
    expect(out[0]!.toArray()).toEqual([1 * 1 + 2 * 3, 1 * 2 + 2 * 4]);
    expect(out[1]!.toArray()).toEqual([1 * 1 + 2 * 2, 3 * 1 + 4 * 2]);
    expect(out[2]!.toArray()).toBe(5);
  });
});

describe('einsum', () => {
  const a = randomValues(2 * 3 * 4, 11);
  const b = randomValues(2 * 4 * 5, 12);
  const ta = Tensor.from(new Float64Array(a), { shape: [2, 3, 4] });
  const tb = Tensor.from(new Float64Array(b), { shape: [2, 4, 5] });

  it('does batched matmul and transposed outputs', () => {
    const [bmm, transposed] = execOnce(
      backend,
      (x: Node, y: Node) => [einsum('bij,bjk->bik', x, y), einsum('bij,bjk->kib', x, y)],
      ta,
      tb,
    );
    const ref = refMatMul(a, b, 2, 3, 4, 5);
    expectClose(bmm!.toArray(), nest(ref, [2, 3, 5]), 1e-12);
    const kib: number[] = [];
    for (let k = 0; k < 5; k++)
      for (let i = 0; i < 3; i++) for (let z = 0; z < 2; z++) kib.push(ref[z * 15 + i * 5 + k]!);
    expectClose(transposed!.toArray(), nest(kib, [5, 3, 2]), 1e-12);
  });

  it('transposes, sums, takes dot and outer products, and infers implicit outputs', () => {
    const outs = execOnce(
      backend,
      (m: Node, v: Node) => [
        einsum('ij->ji', m),
        einsum('ij->', m),
        einsum('i,i->', v, v),
        einsum('i,j->ij', v, v),
        einsum('ij,j', m, v),
        einsum('ij->i', m),
      ],
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [1, 10, 100],
    );
    expect(outs[0]!.toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(outs[1]!.toArray()).toBe(21);
    expect(outs[2]!.toArray()).toBe(1 + 100 + 10000);
    expect(outs[3]!.toArray()).toEqual([1, 10, 100].map((p) => [1, 10, 100].map((q) => p * q)));
    expect(outs[4]!.toArray()).toEqual([1 + 20 + 300, 4 + 50 + 600]);
    expect(outs[5]!.toArray()).toEqual([6, 15]);
  });

  it('explains bad equations', () => {
    const g = new Graph();
    const m = g.parameter(new Shape('float32', [2, 3]));
    expect(() => einsum('ij,jk->ik', m)).toThrow(/names 2 operands, got 1/);
    expect(() => einsum('ijk->i', m)).toThrow(/has rank 2 but "ijk" labels 3 axes/);
    expect(() => einsum('ii->i', m)).toThrow(/repeated label/);
    expect(() => einsum('ij,ij->ij', m, g.parameter(new Shape('float32', [2, 4])))).toThrow(
      /label "j" has sizes 3 and 4/,
    );
    expect(() => einsum('ij->k', m)).toThrow(/output label "k" is in no operand/);
  });
});
