import type { Context } from '@tsmlx/context';
import { add, type Node, type Tensor } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import { dense } from './dense.js';
import { l1Regularizer, regularizationLoss } from './regularizers.js';
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

/** Reference dense layer: y[r, o] = Σ_i x[r, i] w[i, o] + b[o] over flattened rows/outputs. */
function denseRef(
  x: number[],
  rows: number,
  inDim: number,
  w: number[],
  outSize: number,
  b?: number[],
): number[] {
  const y: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outSize; o++) {
      let s = b ? b[o]! : 0;
      for (let i = 0; i < inDim; i++) s += x[r * inDim + i]! * w[i * outSize + o]!;
      y.push(s);
    }
  }
  return y;
}

function runDense(ctx: Context, x: Tensor, out: number | number[], options = {}): Tensor {
  const exec = ctx.exec(testBackend, (c: Context, v: Node) => dense(c.in('dense'), v, out, options));
  return exec.call(x) as Tensor;
}

describe('dense', () => {
  const cases: Array<{ dims: number[]; out: number | number[]; bias: boolean }> = [
    { dims: [4], out: 3, bias: true },
    { dims: [2, 5], out: 4, bias: true },
    { dims: [2, 3, 4], out: 2, bias: false },
    { dims: [2, 1, 3, 4], out: [2, 3], bias: true },
    { dims: [0, 3], out: 2, bias: true },
  ];
  for (const { dims, out, bias } of cases) {
    it(`[${dims}] → out ${JSON.stringify(out)} (bias ${bias}): shape and values vs a loop`, () => {
      const ctx = newContext();
      const size = dims.reduce((p, q) => p * q, 1);
      const xs = seeded(size, 3);
      const y = runDense(ctx, tensor(xs, dims), out, { useBias: bias });
      const outDims = typeof out === 'number' ? [out] : out;
      expect(y.dims).toEqual([...dims.slice(0, -1), ...outDims]);
      expect(y.dtype).toBe('float64');
      const inDim = dims[dims.length - 1]!;
      const outSize = outDims.reduce((p, q) => p * q, 1);
      const w = varValues(ctx, '/dense/weights');
      expect(ctx.getVariable('/dense/weights')!.shape.dims).toEqual([inDim, ...outDims]);
      expect(w.some((v) => v !== 0)).toBe(true); // default initializer is random for kernels
      let b: number[] | undefined;
      if (bias) {
        // Biases start at 0: give them values to check they are added.
        ctx.getVariable('/dense/biases')!.setValue(seeded(outSize, 5));
        b = varValues(ctx, '/dense/biases');
      } else {
        expect(ctx.getVariable('/dense/biases')).toBeUndefined();
      }
      const y2 = runDense(ctx, tensor(xs, dims), out, { useBias: bias });
      expectClose(flat(y2), denseRef(xs, size / inDim, inDim, w, outSize, b), 1e-12);
    });
  }

  for (const [dtype, tolerance] of [
    ['float32', 1e-6],
    ['float16', 4e-3],
    ['bfloat16', 3e-2],
  ] as const) {
    it(`works in ${dtype}: variables take the input dtype`, () => {
      const ctx = newContext();
      const xs = seeded(6, 2);
      const y = runDense(ctx, tensor(xs, [2, 3], dtype), 2);
      expect(y.dtype).toBe(dtype);
      expect(ctx.getVariable('/dense/weights')!.shape.dtype).toBe(dtype);
      const w = varValues(ctx, '/dense/weights');
      const x = flat(tensor(xs, [2, 3], dtype)); // the inputs as rounded to the dtype
      expectClose(flat(y), denseRef(x, 2, 3, w, 2, [0, 0]), tolerance);
    });
  }

  it('reuses its variables in later graphs and applies the activation', () => {
    const ctx = newContext();
    const xs = seeded(6, 1);
    const first = flat(runDense(ctx, tensor(xs, [2, 3]), 2));
    expect(ctx.variables().filter((v) => v.path.startsWith('/dense/')).length).toBe(2);
    const relu = flat(runDense(ctx, tensor(xs, [2, 3]), 2, { activation: 'relu' }));
    expectClose(
      relu,
      first.map((v) => Math.max(v, 0)),
    );
  });

  it('has correct gradients for weights and biases', () => {
    const ctx = newContext();
    const n = checkParameterGradients(
      ctx,
      (c, x) => projection(dense(c.in('d'), x, [2, 2], { activation: 'tanh' })),
      [tensor(seeded(12, 2), [2, 2, 3])],
    );
    expect(n).toBe(3 * 4 + 4);
  });

  it('errors name the layer and the scope path', () => {
    const ctx = newContext();
    expect(() => runDense(ctx.in('encoder'), tensor([1], []), 2)).toThrow(
      /dense at scope "\/encoder\/dense": input must have rank ≥ 1/,
    );
    expect(() => runDense(ctx, tensor([1, 2], [2], 'int32'), 2)).toThrow(
      /dense at scope "\/dense".*float dtype/,
    );
    expect(() => runDense(ctx, tensor([1, 2], [2]), 0)).toThrow(/positive integers/);
    expect(() => runDense(ctx.in('x'), tensor([1, 2], [2]), 2, { activation: 'rleu' })).toThrow(
      /dense at scope "\/x\/dense": activation: unknown activation "rleu"/,
    );
    // A different input width than the existing weights.
    runDense(ctx, tensor([1, 2], [1, 2]), 3);
    expect(() => runDense(ctx, tensor([1, 2, 3], [1, 3]), 3)).toThrow(/\/dense\/weights/);
  });

  it('registers L2 regularization from the context hyperparameter, and explicit regularizers', () => {
    const ctx = newContext();
    ctx.setParam('l2_regularization', 0.5);
    const xs = seeded(6, 4);
    const exec = ctx.exec(testBackend, (c: Context, v: Node) => {
      const y = dense(c.in('a'), v, 2);
      const z = dense(c.in('b'), v, 2, { regularizer: l1Regularizer(0.25), useBias: false });
      dense(c.in('c'), v, 2, { regularizer: null });
      return [add(y, z), regularizationLoss(c, v.graph)];
    });
    const [, reg] = exec.call(tensor(xs, [2, 3])) as Tensor[];
    const wa = varValues(ctx, '/a/weights');
    const wb = varValues(ctx, '/b/weights');
    const expected = 0.5 * wa.reduce((s, v) => s + v * v, 0) + 0.25 * wb.reduce((s, v) => s + Math.abs(v), 0);
    expectClose(flat(reg!), [expected], 1e-12);
  });

  it('regularizationLoss is 0 when nothing registered a term', () => {
    const ctx = newContext();
    const exec = ctx.exec(testBackend, (c: Context, v: Node) =>
      add(v, regularizationLoss(c, v.graph, 'float64')),
    );
    expectClose(flat(exec.call(tensor([1.5], [])) as Tensor), [1.5]);
  });
});
