import { Builder } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import '../kernels/index.js';
import { compilePlan } from './compile.js';

// Scalar broadcasts folded into fused loops, `where` fused, and transposed matrix products computed
// directly: the folded plans must give the same bits as unfused ones (products: close to a float64 reference).

function values(n: number, seed: number): Float32Array {
  const special = [Number.NaN, Number.POSITIVE_INFINITY, -0, 0, 1e30];
  return Float32Array.from({ length: n }, (_v, i) =>
    i % 17 === 5 ? special[(i + seed) % special.length]! : Math.sin(i * 0.37 + seed) * 4,
  );
}

function sameBits(got: AnyStorageArray, want: AnyStorageArray): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    const [u, v] = [got[i] as number, want[i] as number];
    if (!(Object.is(u, v) || (Number.isNaN(u) && Number.isNaN(v)))) expect.fail(`[${i}]: ${u} vs ${v}`);
  }
}

describe('plan foldings', () => {
  for (const n of [7, 5000]) {
    it(`folds scalar broadcasts into fused loops (n = ${n}: ${n > 1024 ? 'wasm' : 'JS'} chain)`, () => {
      const b = new Builder('adam_like');
      const shape = new Shape('float32', [n]);
      const scalar = new Shape('float32', []);
      const [g, m, lr] = [b.parameter(shape), b.parameter(shape), b.parameter(scalar)];
      const beta = b.constant(new Float32Array([0.9]), scalar);
      const bc = (s: typeof lr) => b.broadcastInDim(s, { dims: [n], axesMapping: [] });
      const m2 = b.add(b.mul(bc(beta), m), b.mul(b.sub(bc(lr), bc(beta)), g));
      const single = b.mul(g, bc(lr));
      const program = b.build([m2, b.sqrt(b.abs(m2)), single]);
      const plan = compilePlan(program);
      expect(plan.steps.some((s) => s.label.startsWith('broadcastInDim'))).toBe(false);
      expect(plan.steps.map((s) => s.label)).toContain('fused(mul)');
      const inputs = [values(n, 1), values(n, 2), new Float32Array([0.001])];
      const want = compilePlan(program, { fuse: false }).run(inputs);
      for (const [o, out] of plan.run(inputs).entries()) sameBits(out, want[o]!);
    });
  }

  for (const [rows, channels, folded] of [
    [64, 32, true],
    [3, 8, true],
    [40, 10, false],
  ] as const) {
    it(`folds a bias broadcast over trailing axes: [${rows}, ${channels}] (${folded ? 'folded' : 'kept'})`, () => {
      const b = new Builder('bias_relu');
      const shape = new Shape('float32', [rows, 2, channels]);
      const [x, bias] = [b.parameter(shape), b.parameter(new Shape('float32', [2, channels]))];
      const zero = b.broadcastInDim(b.constant(new Float32Array([0]), new Shape('float32', [])), {
        dims: shape.dims,
        axesMapping: [],
      });
      // The bias as nn layers shape it: [1, 2, channels] over [rows, 2, channels].
      const bias3 = b.reshape(bias, { dims: [1, 2, channels] });
      const biased = b.add(x, b.broadcastInDim(bias3, { dims: shape.dims, axesMapping: [0, 1, 2] }));
      const program = b.build([b.max(biased, zero)]);
      const plan = compilePlan(program);
      expect(plan.steps.some((st) => st.label.startsWith('broadcastInDim'))).toBe(!folded);
      const inputs = [values(shape.size, 6), values(2 * channels, 7)];
      sameBits(plan.run(inputs)[0]!, compilePlan(program, { fuse: false }).run(inputs)[0]!);
    });
  }

  it('keeps a scalar broadcast that something besides a fused loop reads', () => {
    const b = new Builder('kept');
    const shape = new Shape('float32', [6]);
    const x = b.parameter(shape);
    const s = b.broadcastInDim(b.parameter(new Shape('float32', [1])), { dims: [6], axesMapping: [0] });
    const program = b.build([b.add(x, s), b.reduceSum(s, { axes: [0] })]);
    const plan = compilePlan(program);
    expect(plan.steps.map((st) => st.label)).toEqual(['broadcastInDim', 'fused(add)', 'reduceSum']);
    const inputs = [values(6, 3), new Float32Array([2.5])];
    const want = compilePlan(program, { fuse: false }).run(inputs);
    for (const [o, out] of plan.run(inputs).entries()) sameBits(out, want[o]!);
  });

  it('fuses where (select) with the comparisons of a relu gradient', () => {
    const b = new Builder('relu_grad');
    const shape = new Shape('float32', [300]);
    const [x, g] = [b.parameter(shape), b.parameter(shape)];
    const zero = b.broadcastInDim(b.constant(new Float32Array([0]), new Shape('float32', [])), {
      dims: [300],
      axesMapping: [],
    });
    const y = b.max(x, zero);
    const grad = b.where(b.equal(x, y), b.mul(g, g), zero);
    const program = b.build([b.where(b.greaterThan(x, zero), grad, b.neg(g))]);
    const plan = compilePlan(program);
    expect(plan.steps.map((s) => s.label)).toEqual(['fused(max+equal+mul+where+greaterThan+neg+where)']);
    const inputs = [values(300, 4), values(300, 5)];
    sameBits(plan.run(inputs)[0]!, compilePlan(program, { fuse: false }).run(inputs)[0]!);
  });

  it('computes transpose(dot(a, b)) as one swapped product', () => {
    const [m, k, n] = [37, 53, 29];
    const b = new Builder('dot_t');
    const [x, w] = [b.parameter(new Shape('float32', [k, m])), b.parameter(new Shape('float32', [k, n]))];
    const dot = b.dotGeneral(x, w, {
      lhsBatchAxes: [],
      lhsContractingAxes: [0],
      rhsBatchAxes: [],
      rhsContractingAxes: [0],
    });
    const program = b.build([b.transpose(dot, { permutation: [1, 0] })]);
    const plan = compilePlan(program);
    expect(plan.steps.map((s) => s.label)).toEqual(['dotGeneral^T']);
    const a = Float32Array.from({ length: k * m }, (_v, i) => Math.cos(i * 0.11));
    const c = Float32Array.from({ length: k * n }, (_v, i) => Math.sin(i * 0.07));
    const [out] = plan.run([a, c]);
    expect(out!.length).toBe(n * m);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[p * m + i]! * c[p * n + j]!;
        expect(out![j * m + i]! as number).toBeCloseTo(s, 4);
      }
    }
  });
});
