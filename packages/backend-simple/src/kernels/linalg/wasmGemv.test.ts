import { Builder, type OpAttrs } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { SimpleBackend } from '../../index.js';
import { releaseStorage } from '../../storagePool.js';
import { randoms } from '../../testing/programs.js';
import { WasmArena } from '../../wasm/arena.js';
import { withKernelVariant } from '../../wasm/variant.js';
import { WasmGemv } from './wasmGemv.js';
import { cachedWeights } from './wasmGemvCache.js';

/** Float64 reference of X[m,k]·W[k,n] with X element (i, p) at x[i*xRow + p*xCol], W row-major. */
function reference(
  x: Float32Array,
  xRow: number,
  xCol: number,
  w: Float32Array,
  m: number,
  k: number,
  n: number,
) {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const v = x[i * xRow + p * xCol]!;
      for (let j = 0; j < n; j++) c[i * n + j] = c[i * n + j]! + v * w[p * n + j]!;
    }
  return c;
}

/** Float32 accumulation error bound for depth k with |values| ≤ 1: k·2^-23 (plus slack). */
const bound = (k: number) => 1e-6 + k * 2 ** -23;

function expectClose(actual: Float32Array, expected: Float64Array, k: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i]! - expected[i]!) <= bound(k))) {
      throw new Error(`element ${i}: got ${actual[i]}, expected ${expected[i]} (k=${k})`);
    }
  }
}

describe('WasmGemv (float32, M ≤ 4, W unpacked)', () => {
  const ks = [1, 3, 4, 17, 100];
  const ns = [1, 2, 3, 5, 8, 15, 33, 50, 67];
  for (let m = 1; m <= 4; m++) {
    it(`m=${m}: matches a float64 reference for K, N around the block widths`, () => {
      for (const k of ks)
        for (const n of ns) {
          const g = new WasmGemv(m, k, n);
          const x = randoms(m * k, 3 * k + n);
          const w = randoms(k * n, 7 * n + k);
          const out = new Float32Array(m * n).fill(Number.NaN);
          g.run(x, 0, k, 1, w, 0, out, 0);
          expectClose(out, reference(x, k, 1, w, m, k, n), k);
        }
    });
  }

  it('reads strided X, offsets of W and of the output', () => {
    const [m, k, n] = [3, 9, 13];
    const x = randoms(2 + m * k, 11); // X transposed: element (i, p) at 2 + p*m + i
    const w = randoms(5 + k * n, 12);
    const out = new Float32Array(4 + m * n).fill(Number.NaN);
    new WasmGemv(m, k, n).run(x, 2, 1, m, w, 5, out, 4);
    expectClose(out.subarray(4), reference(x.subarray(2), 1, m, w.subarray(5), m, k, n), k);
    expect(Number.isNaN(out[3]!)).toBe(true);
  });

  it('propagates NaN and Inf', () => {
    const w = new Float32Array([1, 2, 3, 4, 5, 6]); // [2, 3]
    const out = new Float32Array(3);
    new WasmGemv(1, 2, 3).run(new Float32Array([Number.NaN, 1]), 0, 2, 1, w, 0, out, 0);
    expect([...out].every(Number.isNaN)).toBe(true);
    new WasmGemv(1, 2, 3).run(new Float32Array([Number.POSITIVE_INFINITY, 0]), 0, 2, 1, w, 0, out, 0);
    expect([...out]).toEqual([Infinity, Infinity, Infinity]);
  });

  it('reads W in place when it lives in a shared arena', () => {
    const arena = new WasmArena({ shared: true, maximumPages: 256 });
    const [m, k, n] = [2, 21, 12];
    const offset = arena.alloc(4 * k * n);
    const w = new Float32Array(arena.memory.buffer, offset, k * n);
    w.set(randoms(k * n, 21));
    const x = randoms(m * k, 22);
    const out = new Float32Array(m * n);
    new WasmGemv(m, k, n, arena).run(x, 0, k, 1, w, 0, out, 0);
    expectClose(out, reference(x, k, 1, w, m, k, n), k);
  });
});

describe('GEMV weight cache', () => {
  it('caches W on its second use and drops the copy when W is released', () => {
    const arena = new WasmArena();
    const [k, n] = [64, 24];
    const w = randoms(k * n, 31);
    const x = randoms(k, 32);
    const g = new WasmGemv(1, k, n, arena);
    const out = new Float32Array(n);
    expect(cachedWeights(arena, w)).toBeUndefined(); // first use: not cached
    g.run(x, 0, k, 1, w, 0, out, 0); // second use: cached
    expect(cachedWeights(arena, w)).toBeDefined();
    expectClose(out, reference(x, k, 1, w, 1, k, n), k);
    // Released, then reused with new contents (as the storage pool would): the stale copy must not be read.
    releaseStorage(w);
    w.set(randoms(k * n, 33));
    g.run(x, 0, k, 1, w, 0, out, 0);
    expectClose(out, reference(x, k, 1, w, 1, k, n), k);
  });
});

describe('dotGeneral small-M path through the backend', () => {
  const backend = new SimpleBackend();
  const cases: Array<{ name: string; lhs: number[]; rhs: number[]; attrs: OpAttrs['dotGeneral'] }> = [
    {
      name: 'x[1,K]·W[K,N]',
      lhs: [1, 37],
      rhs: [37, 19],
      attrs: { lhsBatchAxes: [], lhsContractingAxes: [1], rhsBatchAxes: [], rhsContractingAxes: [0] },
    },
    {
      name: 'x[2,K]·W[K,N]',
      lhs: [2, 30],
      rhs: [30, 6],
      attrs: { lhsBatchAxes: [], lhsContractingAxes: [1], rhsBatchAxes: [], rhsContractingAxes: [0] },
    },
    {
      name: 'xᵀ: lhs [K,3] contracted on axis 0',
      lhs: [11, 3],
      rhs: [11, 41],
      attrs: { lhsBatchAxes: [], lhsContractingAxes: [0], rhsBatchAxes: [], rhsContractingAxes: [0] },
    },
    {
      name: 'batched [2,3,K]·[2,K,N]',
      lhs: [2, 3, 10],
      rhs: [2, 10, 7],
      attrs: { lhsBatchAxes: [0], lhsContractingAxes: [2], rhsBatchAxes: [0], rhsContractingAxes: [1] },
    },
    {
      name: 'vector·matrix [K]·[K,N]',
      lhs: [9],
      rhs: [9, 5],
      attrs: { lhsBatchAxes: [], lhsContractingAxes: [0], rhsBatchAxes: [], rhsContractingAxes: [0] },
    },
  ];
  for (const c of cases) {
    it(`${c.name}: matches a float64 reference (repeated calls use the cached W)`, () => {
      const lhsShape = new Shape('float32', c.lhs);
      const rhsShape = new Shape('float32', c.rhs);
      const exe = withKernelVariant('wasm', () => {
        const b = new Builder('gemv', backend);
        const [x, w] = [b.parameter(lhsShape), b.parameter(rhsShape)];
        return b.compile([b.dotGeneral(x, w, c.attrs)]);
      });
      const xs = randoms(lhsShape.size, 41);
      const ws = randoms(rhsShape.size, 42);
      // Independent reference: plain loops over the logical indices.
      const batch = c.attrs.lhsBatchAxes.length ? c.lhs[0]! : 1;
      const k = c.lhs[c.attrs.lhsContractingAxes[0]!]!;
      const n = c.rhs[c.rhs.length - 1]!;
      const m = lhsShape.size / batch / k;
      const lhsT = c.attrs.lhsContractingAxes[0] === 0 && c.lhs.length === 2;
      const expected = new Float64Array(batch * m * n);
      for (let bi = 0; bi < batch; bi++)
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let p = 0; p < k; p++) {
              const xv = lhsT ? xs[p * m + i]! : xs[bi * m * k + i * k + p]!;
              s += xv * ws[bi * k * n + p * n + j]!;
            }
            expected[(bi * m + i) * n + j] = s;
          }
      const wBuffer = backend.bufferFromHost(ws, rhsShape);
      for (let run = 0; run < 3; run++) {
        const [y] = exe.execute([backend.bufferFromHost(xs, lhsShape), wBuffer]);
        expectClose(y!.toHostSync() as Float32Array, expected, k);
        y!.dispose();
      }
      wBuffer.dispose();
    });
  }
});
