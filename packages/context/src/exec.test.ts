import { add, type Graph, matMul, mul, type Node } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { Context } from './context.js';
import { constant, zeros } from './initializers/index.js';
import { numbers, testBackend } from './testing.js';

describe('ctx.exec', () => {
  it('updates a counter variable across calls', () => {
    const ctx = new Context({ seed: 1 });
    const counter = ctx.exec(testBackend, (c: Context, g: Graph) => {
      const v = c.variable('count', new Shape('int32', []), { initializer: zeros, trainable: false });
      const next = add(v.valueIn(g), 1);
      v.setValueIn(g, next);
      return next;
    });
    expect(counter.call().toArray()).toBe(1);
    expect(counter.call().toArray()).toBe(2);
    expect(counter.call().toArray()).toBe(3);
    expect(ctx.getVariable('/count')!.toArray()).toBe(3);
    expect(counter.cacheSize).toBe(1);
  });

  it('initializes new variables on the first run and reads them afterwards', () => {
    const ctx = new Context({ seed: 1 });
    const affine = ctx.exec(testBackend, (c: Context, x: Node) => {
      const w = c.in('dense').variable('w', new Shape('float32', [2, 1]), { initializer: constant(2) });
      const b = c.in('dense').variable('b', new Shape('float32', [1, 1]), { initializer: constant(0.5) });
      return add(matMul(x, w.valueIn(x.graph)), b.valueIn(x.graph));
    });
    const w = () => ctx.getVariable('/dense/w');
    expect(w()).toBeUndefined();
    expect(affine.call([[1, 2]]).toArray()).toEqual([[6.5]]);
    expect(w()!.toArray()).toEqual([[2], [2]]);
    // A host update is seen by the next run, and a new input shape builds a new graph with the same variables.
    w()!.setValue([[1], [-1]]);
    expect(affine.call([[3, 1]]).toArray()).toEqual([[2.5]]);
    expect(
      affine
        .call([
          [1, 0],
          [0, 1],
        ])
        .toArray(),
    ).toEqual([[1.5], [-0.5]]);
    expect(affine.cacheSize).toBe(2);
    expect(ctx.variables().map((v) => v.path)).toEqual(['/dense/b', '/dense/w']);
  });

  it('marks training graphs and returns records or nothing', () => {
    const ctx = new Context({ seed: 1 });
    const seen: boolean[] = [];
    const fn = (c: Context, g: Graph) => {
      seen.push(c.isTraining(g));
      const v = c.variable('x', new Shape('float64', [2]), { initializer: constant(1.5) });
      v.setValueIn(g, mul(v.valueIn(g), 2));
    };
    const train = ctx.exec(testBackend, fn, { training: true });
    expect(train.call()).toBeUndefined();
    // Reading one variable twice in one graph without reuse() is a mistake the context reports.
    const twice = ctx.exec(testBackend, (c: Context, g: Graph) => [
      c.variable('x', new Shape('float64', [2])).valueIn(g),
      c.variable('x', new Shape('float64', [2])).valueIn(g),
    ]);
    expect(() => twice.call()).toThrow(/variable \/x was already created in this graph/);
    expect(numbers(ctx.getVariable('/x')!.value)).toEqual([3, 3]);
    train.call();
    expect(numbers(ctx.getVariable('/x')!.value)).toEqual([6, 6]);
    expect(seen).toEqual([true]);
    const read = ctx.exec(testBackend, (c: Context, g: Graph) => {
      seen.push(c.isTraining(g));
      return { x: c.variable('x', new Shape('float64', [2])).valueIn(g) };
    });
    expect(numbers(read.call().x)).toEqual([6, 6]);
    expect(seen).toEqual([true, false]);
  });

  it('complains about graph parameters added by hand', () => {
    const ctx = new Context({ seed: 1 });
    const bad = ctx.exec(testBackend, (_c: Context, g: Graph) => g.parameter(new Shape('float32', [])));
    expect(() => bad.call()).toThrow(/parameters must be the 0 inputs/);
  });
});
