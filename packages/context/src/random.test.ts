import { Graph } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { Context, RNG_STATE_PATH } from './context.js';
import { randomNormal } from './initializers/index.js';
import { numbers, testBackend } from './testing.js';

function draw(ctx: Context, kind: 'uniform' | 'normal' | 'bits', shape: Shape): number[] {
  const exec = ctx.exec(testBackend, (c: Context, g: Graph) => c.random()[kind](g, shape));
  return numbers(exec.call());
}

describe('RNG state', () => {
  it('is reproducible from the seed and differs across seeds', () => {
    const shape = new Shape('float32', [64]);
    const a = draw(new Context({ seed: 123 }), 'normal', shape);
    const b = draw(new Context({ seed: 123 }), 'normal', shape);
    const c = draw(new Context({ seed: 124 }), 'normal', shape);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    // Initialized variables too.
    const init = (seed: number) => {
      const ctx = new Context({ seed });
      const v = ctx.variable('w', new Shape('float32', [4, 4]), { initializer: randomNormal() });
      ctx.initializeVariables(testBackend);
      return numbers(v.value);
    };
    expect(init(5)).toEqual(init(5));
    expect(init(5)).not.toEqual(init(6));
  });

  it('advances with each draw and each run', () => {
    const ctx = new Context({ seed: 9 });
    const shape = new Shape('float32', [8]);
    const exec = ctx.exec(testBackend, (c: Context, g: Graph) => [
      c.random().uniform(g, shape),
      c.random().uniform(g, shape),
    ]);
    const [x, y] = exec.call().map(numbers) as [number[], number[]];
    expect(x).not.toEqual(y);
    const [z] = exec.call().map(numbers) as [number[], number[]];
    expect(z).not.toEqual(x);
    expect(ctx.getVariable(RNG_STATE_PATH)!.trainable).toBe(false);
    // Two variables with the same initializer get different values.
    const v1 = ctx.variable('a', shape, { initializer: randomNormal() });
    const v2 = ctx.variable('b', shape, { initializer: randomNormal() });
    ctx.initializeVariables(testBackend);
    expect(numbers(v1.value)).not.toEqual(numbers(v2.value));
  });

  it('resets with setSeed', () => {
    const shape = new Shape('float64', [5]);
    const ctx = new Context({ seed: 3 });
    const first = draw(ctx, 'uniform', shape);
    expect(draw(ctx, 'uniform', shape)).not.toEqual(first);
    ctx.setSeed(3);
    expect(draw(ctx, 'uniform', shape)).toEqual(first);
    expect(ctx.seed).toBe(3n);
    expect(new Context({ seed: -1 }).seed).toBe(2n ** 64n - 1n);
  });

  it('makes uniform floats from the top mantissa bits of the random words', () => {
    // float32 takes the top 24 bits of a uint32, float64 the top 53 bits of a uint64, times 2^-bits.
    const n = 16;
    const bits32 = draw(new Context({ seed: 77 }), 'bits', new Shape('uint32', [n]));
    const u32 = draw(new Context({ seed: 77 }), 'uniform', new Shape('float32', [n]));
    expect(u32).toEqual(bits32.map((b) => Math.floor(b / 256) / 2 ** 24));
    const ctx = new Context({ seed: 77 });
    const bits64 = numbers(
      ctx.exec(testBackend, (c: Context, g: Graph) => c.random().bits(g, new Shape('uint64', [n]))).call(),
    );
    expect(bits64).toHaveLength(n);
    const raw64 = ctx
      .exec(testBackend, (c: Context, g: Graph) => c.random().bits(g, new Shape('uint64', [n])))
      .call()
      .toArray() as bigint[];
    const u64 = draw(new Context({ seed: 77 }), 'uniform', new Shape('float64', [2 * n]));
    // The second draw of the first context used words n..2n-1; the uniform draw of 2n covers both.
    const expected64 = raw64.map((b) => Number(b >> 11n) / 2 ** 53);
    expect(u64.slice(n)).toEqual(expected64);
  });

  it('rejects non-float uniform and non-unsigned bits', () => {
    const ctx = new Context({ seed: 1 });
    const g = new Graph();
    expect(() => ctx.random().uniform(g, new Shape('int32', [2]))).toThrow(/needs a float dtype/);
    expect(() => ctx.random().bits(g, new Shape('int32', [2]))).toThrow(/needs an unsigned dtype/);
  });
});
