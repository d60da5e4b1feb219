import { Builder, type Value } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { SimpleBackend } from '../../backend.js';
import '../index.js';
import { reductionLayout } from './layout.js';

const backend = new SimpleBackend();

function run(input: AnyStorageArray, shape: Shape, build: (b: Builder, x: Value) => Value): AnyStorageArray {
  const b = new Builder('reduce_test', backend);
  const x = b.parameter(shape);
  const exe = b.compile([build(b, x)]);
  const buffer = backend.bufferFromHost(input, shape);
  const [out] = exe.execute([buffer]);
  const data = out!.toHostSync()!;
  out!.dispose();
  buffer.dispose();
  exe.dispose();
  return data;
}

/** Naive reference: decode every index, drop the reduced coordinates. */
function naiveReduce(
  values: Float64Array,
  dims: number[],
  axes: number[],
  combine: (a: number, b: number) => number,
  identity: number,
): number[] {
  const outDims = dims.filter((_, d) => !axes.includes(d));
  const out = new Array<number>(outDims.reduce((a, b) => a * b, 1)).fill(identity);
  for (let i = 0; i < values.length; i++) {
    let rest = i;
    const index: number[] = [];
    for (let d = dims.length - 1; d >= 0; d--) {
      index.unshift(rest % dims[d]!);
      rest = Math.floor(rest / dims[d]!);
    }
    let o = 0;
    dims.forEach((n, d) => {
      if (!axes.includes(d)) o = o * n + index[d]!;
    });
    out[o] = combine(out[o]!, values[i]!);
  }
  return out;
}

describe('reduce kernels', () => {
  it('canonicalizes layouts: drops size-1 axes and merges neighbours', () => {
    const layout = reductionLayout([2, 3, 1, 4, 5, 6], [1, 3, 4]);
    expect(layout.dims).toEqual([2, 60, 6]);
    expect(layout.reduced).toEqual([false, true, false]);
    expect(layout.outStrides).toEqual([6, 0, 1]);
    expect(reductionLayout([1, 1], [0]).dims).toEqual([1]);
  });

  it('accumulates float32 sums in float64 (2^24 + 1000 ones is exact)', () => {
    const n = 1001;
    const x = new Float32Array(n).fill(1);
    x[0] = 2 ** 24;
    const got = run(x, new Shape('float32', [n]), (b, v) => b.reduceSum(v, { axes: [0] }));
    // float32 accumulation would stay at 2^24 (each +1 rounds back to even).
    expect(got[0]).toBe(2 ** 24 + 1000);
    // Same along the outer axis (vector accumulation path).
    const col = run(x, new Shape('float32', [n, 1]), (b, v) => b.reduceSum(v, { axes: [0] }));
    expect(col[0]).toBe(2 ** 24 + 1000);
  });

  it('matches a naive reference for every axis subset of random rank-1..5 shapes', () => {
    let seed = 7;
    const rand = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    for (let trial = 0; trial < 40; trial++) {
      const rank = 1 + (trial % 5);
      const dims = Array.from({ length: rank }, () => 1 + Math.floor(rand() * 4));
      const size = dims.reduce((a, b) => a * b, 1);
      const values = Float64Array.from({ length: size }, () => Math.round(rand() * 200 - 100) / 4);
      for (let mask = 0; mask < 1 << rank; mask++) {
        const axes = dims.map((_, d) => d).filter((d) => mask & (1 << d));
        const shape = new Shape('float64', dims);
        const sum = run(values, shape, (b, v) => b.reduceSum(v, { axes }));
        expect(Array.from(sum as Float64Array)).toEqual(naiveReduce(values, dims, axes, (a, b) => a + b, 0));
        // float32 (its own sum loops for one or two merged axes): quarter-integers sum exactly.
        const sum32 = run(Float32Array.from(values), new Shape('float32', dims), (b, v) =>
          b.reduceSum(v, { axes }),
        );
        expect(Array.from(sum32 as Float32Array)).toEqual(
          naiveReduce(values, dims, axes, (a, b) => a + b, 0),
        );
        const max = run(values, shape, (b, v) => b.reduceMax(v, { axes }));
        expect(Array.from(max as Float64Array)).toEqual(
          naiveReduce(values, dims, axes, Math.max, Number.NEGATIVE_INFINITY),
        );
      }
    }
  });
});
