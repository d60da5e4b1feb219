import { OpError } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { execOnce } from '../exec.js';
import * as raw from '../gen_ops.js';
import { Graph } from '../graph.js';
import type { Node } from '../node.js';
import { add, convert, greaterThan, mul, where } from '../ops/arith.js';
import { constant } from '../ops/constants.js';
import { argMax, reduceSum } from '../ops/reduce.js';
import { Tensor } from '../tensor.js';
import { testBackend } from '../testing.js';
import { gradient } from './index.js';

function f64(values: readonly number[], dims: readonly number[] = [values.length]): Tensor {
  return Tensor.from(Float64Array.from(values), { dtype: 'float64', shape: dims });
}

function values(t: Tensor): number[] {
  return Array.from(t.dataSync() as ArrayLike<number>, Number);
}

/** Node ids created by `make`, grouped by op. */
function opsCreatedBy(graph: Graph, make: () => unknown): Map<string, number> {
  const before = graph.nodes.length;
  make();
  const counts = new Map<string, number>();
  for (const node of graph.nodes.slice(before)) counts.set(node.op, (counts.get(node.op) ?? 0) + 1);
  return counts;
}

function total(counts: Map<string, number>): number {
  return [...counts.values()].reduce((p, q) => p + q, 0);
}

describe('gradient: errors', () => {
  const g = new Graph('errors');
  const x = g.parameter(new Shape('float64', [3]));
  it('rejects a non-scalar loss, naming the shape', () => {
    expect(() => gradient(mul(x, x), x)).toThrow(OpError);
    expect(() => gradient(mul(x, x), x)).toThrow(/loss must be a scalar, got \(float64\)\[3\]/);
  });
  it('rejects an integer or bool loss', () => {
    const i = reduceSum(convert(x, 'int32'));
    expect(() => gradient(i, x)).toThrow(/float dtype.*\(int32\)\[\]/);
    expect(() => gradient(greaterThan(reduceSum(x), 0), x)).toThrow(/float dtype/);
  });
  it('rejects wrt nodes of another graph and non-nodes', () => {
    const other = new Graph('other').parameter(new Shape('float64', [3]));
    expect(() => gradient(reduceSum(x), other)).toThrow(/belongs to graph "other"/);
    expect(() => gradient(reduceSum(x), 3 as unknown as Node)).toThrow(/wrt 0 must be a Node/);
    expect(() => gradient({} as Node, x)).toThrow(/loss must be a Node/);
  });
  it('needs no rule on integer paths (random bits converted to float)', () => {
    const state = constant(g, new BigUint64Array(3), { dtype: 'uint64', shape: [3] });
    const [, bits] = raw.rngBitGenerator(state, { shape: new Shape('uint32', [3]) }) as [Node, Node];
    // A float value computed from random bits does not depend on x: no rule is needed.
    const loss = add(reduceSum(x), reduceSum(convert(bits, 'float64')));
    expect(() => gradient(loss, x)).not.toThrow();
  });
});

describe('gradient: values and zeros', () => {
  it('gives zeros of its shape to a wrt node the loss does not depend on', () => {
    const [gx, gu] = execOnce(
      testBackend,
      (x: Node, u: Node) => gradient(reduceSum(mul(x, x)), x, u),
      f64([1, 2, 3]),
      f64([5, 6], [1, 2]),
    ) as Tensor[];
    expect(values(gx!)).toEqual([2, 4, 6]);
    expect(gu!.shape.toString()).toBe('(float64)[1, 2]');
    expect(values(gu!)).toEqual([0, 0]);
  });

  it('gives zeros through integer paths (convert to int, argMax, comparisons)', () => {
    const [gx] = execOnce(
      testBackend,
      (x: Node) => {
        const viaInt = convert(convert(mul(x, 3), 'int32'), 'float64');
        const viaArg = convert(argMax(x, 0), 'float64');
        const viaCompare = convert(greaterThan(x, 0), 'float64');
        return gradient(add(add(reduceSum(viaInt), viaArg), reduceSum(viaCompare)), x);
      },
      f64([0.5, -2, 1.5]),
    ) as Tensor[];
    expect(values(gx!)).toEqual([0, 0, 0]);
  });

  it('gives integer zeros to an integer wrt node', () => {
    const [gi] = execOnce(
      testBackend,
      (x: Node, i: Node) => gradient(reduceSum(mul(x, convert(i, 'float64'))), i),
      f64([1, 2]),
      Tensor.from([3, 4], { dtype: 'int32' }),
    ) as Tensor[];
    expect(gi!.dtype).toBe('int32');
    expect(values(gi!)).toEqual([0, 0]);
  });

  it('sends no gradient to the condition of where', () => {
    const [gx, gy] = execOnce(
      testBackend,
      (x: Node, y: Node) => gradient(reduceSum(where(greaterThan(x, y), mul(x, 2), mul(y, 3))), x, y),
      f64([1, -1, 2]),
      f64([0, 0, 5]),
    ) as Tensor[];
    expect(values(gx!)).toEqual([2, 0, 0]);
    expect(values(gy!)).toEqual([0, 3, 3]);
  });

  it('sums the contributions of a node with several consumers exactly', () => {
    // d/dx of 0.5x + 0.25x + 2x + x*x + x: every partial is exact in binary, so is the sum.
    const [gx] = execOnce(
      testBackend,
      (x: Node) => {
        const terms = add(add(add(mul(x, 0.5), mul(x, 0.25)), add(mul(x, 2), mul(x, x))), x);
        return gradient(reduceSum(terms), x);
      },
      f64([1, -3, 0.125]),
    ) as Tensor[];
    expect(values(gx!)).toEqual([1 * 2 + 3.75, -3 * 2 + 3.75, 0.125 * 2 + 3.75]);
  });

  it('is the identity for the loss itself and sums duplicate wrt nodes', () => {
    const out = execOnce(
      testBackend,
      (x: Node) => {
        const s = reduceSum(x);
        return [...gradient(s, s), ...gradient(mul(s, s), x, x)];
      },
      f64([1, 2]),
    ) as Tensor[];
    expect(values(out[0]!)).toEqual([1]);
    expect(values(out[1]!)).toEqual([6, 6]);
    expect(values(out[2]!)).toEqual([6, 6]);
  });

  it('differentiates with respect to an intermediate node (total derivative through later wrt nodes)', () => {
    const out = execOnce(
      testBackend,
      (x: Node) => {
        const h = mul(x, 3);
        return gradient(reduceSum(mul(h, h)), h, x);
      },
      f64([1, 2]),
    ) as Tensor[];
    expect(values(out[0]!)).toEqual([6, 12]); // 2h
    expect(values(out[1]!)).toEqual([18, 36]); // 2h * 3
  });
});

describe('gradient: no redundant work', () => {
  it('builds a bounded number of nodes for sum(x*x + x*x)', () => {
    const g = new Graph('count');
    const x = g.parameter(new Shape('float64', [4]));
    const loss = reduceSum(add(mul(x, x), mul(x, x)));
    const counts = opsCreatedBy(g, () => gradient(loss, x));
    // seed 1, broadcast of the seed, one product g*x per square, three adds joining four contributions.
    expect(counts.get('mul')).toBe(2);
    expect(counts.get('add') ?? 0).toBeLessThanOrEqual(3);
    expect(total(counts)).toBeLessThanOrEqual(8);
  });

  it('reuses a shared subexpression: sum(s + s) with s = x*x', () => {
    const g = new Graph('shared');
    const x = g.parameter(new Shape('float64', [4]));
    const s = mul(x, x);
    const loss = reduceSum(add(s, s));
    const counts = opsCreatedBy(g, () => gradient(loss, x));
    expect(counts.get('mul')).toBe(1);
    expect(counts.get('add')).toBe(2); // g + g into s, then h + h into x
    expect(total(counts)).toBeLessThanOrEqual(6);
  });

  it('shares one backward pass between several wrt nodes', () => {
    const g = new Graph('joint');
    const a = g.parameter(new Shape('float64', [3]));
    const b = g.parameter(new Shape('float64', [3]));
    const loss = reduceSum(raw.tanh(raw.exp(mul(a, b))));
    const joint = total(opsCreatedBy(g, () => gradient(loss, a, b)));
    const separate = total(opsCreatedBy(g, () => [gradient(loss, a), gradient(loss, b)]));
    expect(joint).toBeLessThan(separate);
  });

  it('builds nothing for branches that do not reach a wrt node, and no zero tensors for zero rules', () => {
    const g = new Graph('prune');
    const x = g.parameter(new Shape('float64', [3]));
    const c = g.parameter(new Shape('float64', [3]));
    const loss = reduceSum(add(mul(raw.exp(c), x), raw.floor(x)));
    const counts = opsCreatedBy(g, () => gradient(loss, x));
    // g * exp(c) for x; nothing for c's branch (no exp rule: no new mul by exp) nor for floor.
    expect(counts.get('mul')).toBe(1);
    expect(counts.has('exp')).toBe(false);
    expect(counts.has('where')).toBe(false);
  });
});
