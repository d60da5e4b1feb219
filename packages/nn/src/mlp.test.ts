import type { Context } from '@tsmlx/context';
import type { Node, Tensor } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import { mlp } from './mlp.js';
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

function denseRef(x: number[], rows: number, w: number[], b: number[]): number[] {
  const n = b.length;
  const k = w.length / n;
  const y: number[] = [];
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < n; j++) {
      let s = b[j]!;
      for (let i = 0; i < k; i++) s += x[r * k + i]! * w[i * n + j]!;
      y.push(s);
    }
  return y;
}

describe('mlp', () => {
  const xs = seeded(3 * 4, 31);

  it('hidden layers (dense → activation) with residual where widths match, then the output layer', () => {
    const ctx = newContext();
    const exec = ctx.exec(testBackend, (c: Context, x: Node) =>
      mlp(c.in('mlp'), x, 2).hiddenSizes([4, 4, 3]).activation('tanh').residual().done(),
    );
    exec.call(tensor(xs, [3, 4]));
    for (const v of ctx.variables())
      if (v.path.endsWith('biases')) v.setValue(seeded(v.shape.size, v.path.length));
    const y = exec.call(tensor(xs, [3, 4])) as Tensor;
    expect(y.dims).toEqual([3, 2]);
    const layer = (x: number[], scope: string) =>
      denseRef(x, 3, varValues(ctx, `/mlp/${scope}/weights`), varValues(ctx, `/mlp/${scope}/biases`));
    const h0 = layer(xs, 'hidden_0').map((v, i) => xs[i]! + Math.tanh(v)); // 4 → 4: residual
    const h1 = layer(h0, 'hidden_1').map((v, i) => h0[i]! + Math.tanh(v)); // 4 → 4: residual
    const h2 = layer(h1, 'hidden_2').map(Math.tanh); // 4 → 3: no residual
    expectClose(flat(y), layer(h2, 'output'), 1e-12);
  });

  it('reads hidden sizes, activation and normalization from the context', () => {
    const ctx = newContext();
    ctx.setParams('mlp_hidden_sizes=[5];activation=relu;normalization=layer');
    const exec = ctx.exec(testBackend, (c: Context, x: Node) => mlp(c, x, 3).done());
    const y = exec.call(tensor(xs, [3, 4])) as Tensor;
    expect(y.dims).toEqual([3, 3]);
    expect(ctx.variables().map((v) => v.path)).toEqual(
      expect.arrayContaining([
        '/hidden_0/weights',
        '/hidden_0/biases',
        '/hidden_0/gain',
        '/hidden_0/offset',
        '/output/weights',
      ]),
    );
    // Reference: dense → layer norm (gain 1, offset 0) → relu → dense.
    const h = denseRef(xs, 3, varValues(ctx, '/hidden_0/weights'), varValues(ctx, '/hidden_0/biases'));
    const normed: number[] = [];
    for (let r = 0; r < 3; r++) {
      const row = h.slice(r * 5, r * 5 + 5);
      const m = row.reduce((p, q) => p + q) / 5;
      const v = row.reduce((p, q) => p + (q - m) ** 2, 0) / 5;
      normed.push(...row.map((q) => Math.max((q - m) / Math.sqrt(v + 1e-5), 0)));
    }
    expectClose(
      flat(y),
      denseRef(normed, 3, varValues(ctx, '/output/weights'), varValues(ctx, '/output/biases')),
      1e-12,
    );
  });

  it('applies dropout only in training and the output activation always', () => {
    const ctx = newContext();
    const build = (c: Context, x: Node) =>
      mlp(c, x, 2).hiddenSizes([64]).dropout(0.5).outputActivation('sigmoid').done();
    const infer = ctx.exec(testBackend, build);
    const train = ctx.exec(testBackend, build, { training: true });
    const a = flat(infer.call(tensor(xs, [3, 4])) as Tensor);
    const b = flat(infer.call(tensor(xs, [3, 4])) as Tensor);
    expect(a).toEqual(b);
    expect(a.every((v) => v > 0 && v < 1)).toBe(true);
    const t = flat(train.call(tensor(xs, [3, 4])) as Tensor);
    expect(t).not.toEqual(a);
  });

  it('has correct gradients', () => {
    const ctx = newContext();
    const n = checkParameterGradients(
      ctx,
      (c, x) =>
        projection(
          mlp(c, x, 2).hiddenSizes([3, 3]).activation('gelu').residual().normalization('rms').done(),
        ),
      [tensor(xs, [3, 4])],
    );
    expect(n).toBe(4 * 3 + 3 + 3 + 3 * 3 + 3 + 3 + 3 * 2 + 2);
  });

  it('errors name the scope', () => {
    const ctx = newContext().in('head');
    const run = (fn: (c: Context, x: Node) => Node) => ctx.exec(testBackend, fn).call(tensor(xs, [3, 4]));
    expect(() => run((c, x) => mlp(c, x, 2).hiddenSizes([3, -1]).done())).toThrow(
      /mlp at scope "\/head": hidden sizes must be positive integers/,
    );
    expect(() => run((c, x) => mlp(c, x, 2).activation('nope').done())).toThrow(
      /mlp at scope "\/head": activation: unknown activation "nope"; valid names are/,
    );
    expect(() => run((c, x) => mlp(c, x, 0).done())).toThrow(/mlp at scope "\/head": output dims must be/);
    expect(() => run((c, x) => mlp(c, x, 2).hiddenSizes([3]).normalization('group').done())).toThrow(
      /\/head\/hidden_0.*unknown normalization/,
    );
  });
});
