import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { execOnce } from '../exec.js';
import { Graph } from '../graph.js';
import type { Node } from '../node.js';
import { Tensor } from '../tensor.js';
import { testBackend as backend } from '../testing.js';
import {
  broadcastTo,
  concat,
  expandDims,
  gatherRows,
  reshape,
  reverse,
  sliceAxis,
  split,
  squeeze,
  stack,
  transpose,
} from './shape.js';

const g = new Graph();
const x = g.parameter(new Shape('float32', [2, 3, 4]));

describe('shape ops: building', () => {
  it('reshape infers one -1 dim', () => {
    expect(reshape(x, [-1, 4]).shape.toString()).toBe('(float32)[6, 4]');
    expect(() => reshape(x, [-1, 5])).toThrow(/the -1 dim is not a whole number/);
    expect(() => reshape(x, [-1, -1])).toThrow(/at most one dim may be -1/);
    expect(reshape(x, [2, 3, 4])).toBe(x);
  });

  it('transpose reverses axes by default and takes negative axes', () => {
    expect(transpose(x).shape.toString()).toBe('(float32)[4, 3, 2]');
    expect(transpose(x, [0, -1, 1]).shape.toString()).toBe('(float32)[2, 4, 3]');
  });

  it('broadcastTo aligns trailing dims numpy style', () => {
    const b = g.parameter(new Shape('float32', [3, 1]));
    expect(broadcastTo(b, [5, 3, 4]).shape.toString()).toBe('(float32)[5, 3, 4]');
    expect(() => broadcastTo(b, [4, 4])).toThrow(
      /broadcastTo: cannot broadcast \(float32\)\[3, 1\] to \[4, 4\]/,
    );
  });

  it('squeeze, expandDims, concat, stack, split and sliceAxis shapes', () => {
    const y = g.parameter(new Shape('float32', [1, 3, 1]));
    expect(squeeze(y).shape.toString()).toBe('(float32)[3]');
    expect(squeeze(y, -1).shape.toString()).toBe('(float32)[1, 3]');
    expect(() => squeeze(y, 1)).toThrow(/axis 1 of \(float32\)\[1, 3, 1\] has size 3, not 1/);
    expect(expandDims(x, -1).shape.toString()).toBe('(float32)[2, 3, 4, 1]');
    expect(expandDims(x, [0, 2]).shape.toString()).toBe('(float32)[1, 2, 1, 3, 4]');
    expect(concat([x, x], -1).shape.toString()).toBe('(float32)[2, 3, 8]');
    expect(stack([x, x, x], -1).shape.toString()).toBe('(float32)[2, 3, 4, 3]');
    expect(split(x, 2, -1).map((n) => n.shape.toString())).toEqual([
      '(float32)[2, 3, 2]',
      '(float32)[2, 3, 2]',
    ]);
    expect(split(x, [1, 3], 2).map((n) => n.dims[2])).toEqual([1, 3]);
    expect(() => split(x, 3, -1)).toThrow(/cannot split into 3 equal parts/);
    expect(sliceAxis(x, -1, -3).shape.toString()).toBe('(float32)[2, 3, 3]');
    expect(sliceAxis(x, 1, 5).shape.toString()).toBe('(float32)[2, 0, 4]');
  });
});

describe('shape ops: values', () => {
  const m = [
    [1, 2, 3],
    [4, 5, 6],
  ];

  it('transpose, reshape and broadcastTo', () => {
    const [t, r, b] = execOnce(
      backend,
      (a: Node) => [transpose(a), reshape(a, [3, -1]), broadcastTo(sliceAxis(a, 0, 0, 1), [2, 2, 3])],
      Tensor.from(m, { dtype: 'int32' }),
    );
    expect(t!.toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(r!.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(b!.toArray()).toEqual([
      [
        [1, 2, 3],
        [1, 2, 3],
      ],
      [
        [1, 2, 3],
        [1, 2, 3],
      ],
    ]);
  });

  it('concat, stack, split, sliceAxis with negative indices and stride, reverse', () => {
    const outs = execOnce(
      backend,
      (a: Node) => [
        concat([a, a], 1),
        stack([a, a], 0),
        ...split(a, [1, 2], 1),
        sliceAxis(a, -1, -2),
        sliceAxis(a, 1, 0, undefined, 2),
        reverse(a, [0, -1]),
      ],
      Tensor.from(m, { dtype: 'int32' }),
    );
    expect(outs[0]!.toArray()).toEqual(m.map((r) => [...r, ...r]));
    expect(outs[1]!.toArray()).toEqual([m, m]);
    expect(outs[2]!.toArray()).toEqual(m.map((r) => r.slice(0, 1)));
    expect(outs[3]!.toArray()).toEqual(m.map((r) => r.slice(1)));
    expect(outs[4]!.toArray()).toEqual(m.map((r) => r.slice(-2)));
    expect(outs[5]!.toArray()).toEqual(m.map((r) => [r[0], r[2]]));
    expect(outs[6]!.toArray()).toEqual([...m].reverse().map((r) => [...r].reverse()));
  });

  it('gatherRows picks rows at indices of any shape, clamping out-of-range ones', () => {
    const table = [
      [0, 0.5],
      [1, 1.5],
      [2, 2.5],
    ];
    const out = execOnce(
      backend,
      (t: Node, i: Node) => gatherRows(t, i),
      Tensor.from(table),
      Tensor.from(
        [
          [2, 0],
          [1, 7],
        ],
        { dtype: 'int32' },
      ),
    );
    expect(out.shape.toString()).toBe('(float32)[2, 2, 2]');
    expect(out.toArray()).toEqual([
      [table[2], table[0]],
      [table[1], table[2]],
    ]);
  });
});
