// The fixed least-squares problem of the optimizer tests (not exported from the package).
import { Context } from '@tsmlx/context';
import { add, constant, type Graph, mul, type Node, reduceSum, reshape, square, sub } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import type { Optimizer } from '../optimizer.js';
import { testBackend } from '../testing.js';

/** loss = ½·Σ_i (Σ_j A_ij w_j + c − b_i)². */
export const A = [
  [1, 2, 0],
  [0, 1, -1],
  [2, 0, 1],
  [1, 1, 1],
];
/** Targets. */
export const B = [1, 0, 2, 3];
/** Initial w. */
export const W0 = [0.5, -0.3, 0.8];
/** Initial c. */
export const C0 = 0.1;

/** Gradients of the loss in float64: r = A·w + c − b, dL/dw = Aᵀ·r, dL/dc = Σ r. */
export function referenceGrads(w: readonly number[], c: number): { gw: number[]; gc: number; loss: number } {
  const r = A.map((row, i) => row.reduce((s, a, j) => s + a * w[j]!, 0) + c - B[i]!);
  const gw = [0, 1, 2].map((j) => A.reduce((s, row, i) => s + row[j]! * r[i]!, 0));
  return { gw, gc: r.reduce((s, x) => s + x, 0), loss: 0.5 * r.reduce((s, x) => s + x * x, 0) };
}

/** The optimum [w0, w1, w2, c], from the normal equations of [A 1]·[w; c] = b (Gaussian elimination). */
export function optimum(): number[] {
  const X = A.map((row) => [...row, 1]);
  const idx = [0, 1, 2, 3];
  const M = idx.map((i) => idx.map((j) => X.reduce((s, row) => s + row[i]! * row[j]!, 0)));
  const v = idx.map((i) => X.reduce((s, row, k) => s + row[i]! * B[k]!, 0));
  for (let k = 0; k < 4; k++) {
    for (let i = k + 1; i < 4; i++) {
      const f = M[i]![k]! / M[k]![k]!;
      for (let j = k; j < 4; j++) M[i]![j]! -= f * M[k]![j]!;
      v[i]! -= f * v[k]!;
    }
  }
  const x = [0, 0, 0, 0];
  for (let i = 3; i >= 0; i--) {
    let s = v[i]!;
    for (let j = i + 1; j < 4; j++) s -= M[i]![j]! * x[j]!;
    x[i] = s / M[i]![i]!;
  }
  return x;
}

/** The loss in graph `g` for variables w ([3]) and c (scalar). */
export function lossOf(g: Graph, w: Node, c: Node): Node {
  const a = constant(g, A, w.dtype);
  const pred = add(reduceSum(mul(a, reshape(w, [1, 3])), 1), c);
  return mul(reduceSum(square(sub(pred, constant(g, B, w.dtype)))), 0.5);
}

/** A context with w = W0 and c = C0 and a training step running `optimizer`; returns the context and the step. */
export function setup(optimizer: Optimizer, dtype: 'float32' | 'float64' = 'float64', params = '') {
  const ctx = new Context({ seed: 1 });
  if (params) ctx.setParams(params);
  ctx.variable('w', new Shape(dtype, [3])).setValue(W0);
  ctx.variable('c', new Shape(dtype, [])).setValue(C0);
  const step = ctx.exec(
    testBackend,
    (c: Context, g: Graph) => {
      const loss = lossOf(
        g,
        c
          .reuse()
          .variable('w', new Shape(dtype, [3]))
          .valueIn(g),
        c.reuse().variable('c', new Shape(dtype, [])).valueIn(g),
      );
      optimizer.update(c, g, loss);
      return loss;
    },
    { training: true },
  );
  return { ctx, step };
}
