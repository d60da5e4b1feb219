import { OpError } from '@tsmlx/backends';
import { Shape, ShapeError } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { execOnce } from '../exec.js';
import { Graph } from '../graph.js';
import type { Node } from '../node.js';
import { Tensor } from '../tensor.js';
import { testBackend as backend, expectClose } from '../testing.js';
import { add, clip, convert, div, greaterThan, logicalAnd, max, mul, sub, where } from './arith.js';

describe('elementwise ops: building', () => {
  const g = new Graph();
  const m = g.parameter(new Shape('float32', [2, 3]));
  const col = g.parameter(new Shape('float32', [2, 1]));
  const row = g.parameter(new Shape('float32', [1, 3]));
  const s = g.parameter(new Shape('float32', []));
  const v = g.parameter(new Shape('float32', [3]));
  const i = g.parameter(new Shape('int32', [2, 3]));

  it('broadcasts scalars to anything and size-1 dims of equal ranks', () => {
    expect(add(m, s).shape.toString()).toBe('(float32)[2, 3]');
    expect(add(s, m).shape.toString()).toBe('(float32)[2, 3]');
    expect(add(col, row).shape.toString()).toBe('(float32)[2, 3]');
    expect(add(m, 1).shape.toString()).toBe('(float32)[2, 3]');
    expect(add(1, m).shape.toString()).toBe('(float32)[2, 3]');
    expect(greaterThan(m, 0).dtype).toBe('bool');
  });

  it('does not broadcast across ranks (other than scalars) nor promote dtypes', () => {
    expect(() => add(m, v)).toThrow(ShapeError);
    expect(() => add(m, v)).toThrow(
      /add: cannot broadcast \(float32\)\[2, 3\] with \(float32\)\[3\]: ranks 2 and 1 differ/,
    );
    expect(() => add(m, i)).toThrow(OpError);
    expect(() => add(m, i)).toThrow(
      /different dtypes: \(float32\)\[2, 3\], \(int32\)\[2, 3\]; tsmlx does not promote dtypes implicitly/,
    );
  });

  it('converts JS numbers to the other operand dtype exactly', () => {
    expect(add(i, 2).dtype).toBe('int32');
    expect(() => mul(i, 0.5)).toThrow(/cannot store 0.5 as int32: not an integer/);
    expect(() => add(1 as never, 2 as never)).toThrow(/needs at least one Node operand/);
  });

  it('checks where and clip operands', () => {
    expect(() => where(m, 1, 0)).toThrow(/condition \(float32\)\[2, 3\] must have dtype bool/);
    expect(where(greaterThan(m, 0), m, 0).shape.toString()).toBe('(float32)[2, 3]');
    expect(() => clip(m, v, 1)).toThrow(ShapeError);
  });
});

describe('elementwise ops: values', () => {
  it('adds, subtracts, multiplies and divides with broadcasting (float32)', () => {
    const a = [
      [1.5, -2, 3],
      [4, 5, -6],
    ];
    const b = [[10], [0.5]];
    const [sum, diff, prod, quot] = execOnce(
      backend,
      (x: Node, y: Node) => [add(x, y), sub(x, y), mul(x, y), div(x, y)],
      a,
      b,
    );
    const expectOf = (f: (p: number, q: number) => number) =>
      a.map((r, ri) => r.map((p) => f(p, b[ri]![0]!)));
    expectClose(
      sum!.toArray(),
      expectOf((p, q) => p + q),
    );
    expectClose(
      diff!.toArray(),
      expectOf((p, q) => p - q),
    );
    expectClose(
      prod!.toArray(),
      expectOf((p, q) => p * q),
    );
    expectClose(
      quot!.toArray(),
      expectOf((p, q) => p / q),
    );
  });

  it('works on int32 (truncating division), int64 and uint8', () => {
    const ints = Tensor.from([7, -7, 9], { dtype: 'int32' });
    expect(execOnce(backend, (x: Node) => div(x, 2), ints).toArray()).toEqual([3, -3, 4]);
    const longs = Tensor.from([2n ** 40n, -5n]);
    expect(execOnce(backend, (x: Node) => add(x, 1), longs).toArray()).toEqual([2n ** 40n + 1n, -4n]);
    const bytes = Tensor.from([250, 3], { dtype: 'uint8' });
    expect(execOnce(backend, (x: Node) => add(x, 10), bytes).toArray()).toEqual([4, 13]); // wraps mod 256
  });

  it('computes in float16 with its precision', () => {
    const h = Tensor.from([1, 2048, 0.1], { dtype: 'float16' });
    const out = execOnce(backend, (x: Node) => add(x, 1), h).toArray() as number[];
    // 2048 + 1 = 2049 is not representable in float16 (spacing 2 above 2048): rounds to even, 2048.
    expect(out[0]).toBe(2);
    expect(out[1]).toBe(2048);
    expect(Math.abs(out[2]! - 1.1)).toBeLessThan(1e-3);
  });

  it('selects with where and clamps with clip, broadcasting scalars', () => {
    const x = [-2, -0.5, 0, 0.5, 3];
    const [relu, clipped] = execOnce(
      backend,
      (t: Node) => [where(greaterThan(t, 0), t, 0), clip(t, -1, 1)],
      x,
    );
    expect(relu!.toArray()).toEqual(x.map((v) => Math.max(v, 0)));
    expect(clipped!.toArray()).toEqual(x.map((v) => Math.min(1, Math.max(-1, v))));
  });

  it('propagates NaN through max, converts floats to ints, and combines bools', () => {
    const out = execOnce(backend, (t: Node) => max(t, 0), [Number.NaN, -1, 2]).toArray() as number[];
    expect(Number.isNaN(out[0]!)).toBe(true);
    expect(out.slice(1)).toEqual([0, 2]);
    expect(execOnce(backend, (t: Node) => convert(t, 'int32'), [1.9, -1.9, 0.2]).toArray()).toEqual([
      1, -1, 0,
    ]);
    const both = execOnce(
      backend,
      (p: Node, q: Node) => logicalAnd(p, q),
      [true, true, false],
      [true, false, false],
    );
    expect(both.toArray()).toEqual([true, false, false]);
  });
});
