import { describe, expect, it } from 'vitest';
import { WasmArena } from './arena.js';
import { hasWasmSimd } from './features.js';
import { instantiate, memoryLimits } from './instantiate.js';
import {
  buildReduceModule,
  type KrFunction,
  type ReduceCombination,
  type ReduceLane,
  type RkFunction,
  reduceIdentity,
  reduceModuleKey,
} from './reduceModule.js';

// The generated column (`rk`) and row (`kr`) folds against float64 reference loops written here.

function values(n: number, seed: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(Math.fround((s / 2 ** 32) * 8 - 4));
  }
  return out;
}

/** The sequential fold of the TypeScript kernels: float64 sums/products, max/min taking NaN. */
function fold(combination: ReduceCombination, xs: readonly number[]): number {
  let s = reduceIdentity(combination);
  for (const v of xs) {
    if (combination === 'sum') s += v;
    else if (combination === 'product') s *= v;
    else if (combination === 'max') {
      if (v > s || Number.isNaN(v)) s = v;
    } else if (v < s || Number.isNaN(v)) s = v;
  }
  return s;
}

function setup(lane: ReduceLane, combination: ReduceCombination) {
  const arena = new WasmArena();
  const spec = { lane, combination };
  const inst = instantiate(arena, reduceModuleKey(spec), () => buildReduceModule(spec, memoryLimits(arena)));
  const eb = lane === 'f32' ? 4 : 8;
  const ab = combination === 'sum' || combination === 'product' || lane === 'f64' ? 8 : 4;
  const elems = (at: number, n: number) =>
    lane === 'f32'
      ? new Float32Array(arena.memory.buffer, at, n)
      : new Float64Array(arena.memory.buffer, at, n);
  const accs = (at: number, n: number) =>
    ab === 4 ? new Float32Array(arena.memory.buffer, at, n) : new Float64Array(arena.memory.buffer, at, n);
  return {
    arena,
    eb,
    ab,
    elems,
    accs,
    rk: inst.exports.rk as RkFunction,
    kr: inst.exports.kr as KrFunction,
  };
}

const lanes: ReduceLane[] = ['f32', 'f64'];
const combinations: ReduceCombination[] = ['sum', 'product', 'max', 'min'];

describe.skipIf(!hasWasmSimd())('wasm reduce module', () => {
  for (const lane of lanes) {
    for (const combination of combinations) {
      it(`${lane} ${combination} rk: each column folded in row order (bit-exact)`, () => {
        const m = setup(lane, combination);
        // Columns 37 = 2·16 + 4 + 1: main chunks, a vector chunk and a scalar column; rb 3 splits the rows.
        for (const [r, k, rb, ld] of [
          [13, 37, 3, 37],
          [5, 16, 8, 20],
          [1, 3, 1, 3],
          [40, 1, 7, 1],
        ] as const) {
          const data = values(r * ld, 7 * r + k).map((v) =>
            Math.fround(combination === 'product' ? 1 + v / 16 : v),
          );
          if (combination === 'max' || combination === 'min') {
            data[ld + 1] = Number.NaN;
            data[0] = 0;
            if (r > 1) data[ld] = -0;
          }
          const x = m.arena.alloc(m.eb * data.length);
          const acc = m.arena.alloc(m.ab * k);
          m.elems(x, data.length).set(data);
          m.accs(acc, k).fill(reduceIdentity(combination));
          m.rk(x, acc, r, k, m.eb * ld, rb);
          const got = Array.from(m.accs(acc, k));
          for (let c = 0; c < k; c++) {
            const col = Array.from({ length: r }, (_, j) => data[j * ld + c]!);
            const want = m.ab === 4 ? Math.fround(fold(combination, col)) : fold(combination, col);
            expect(Object.is(got[c], want), `r ${r} k ${k} column ${c}: ${got[c]} vs ${want}`).toBe(true);
          }
        }
      });

      it(`${lane} ${combination} kr: rows folded in lanes (sums within float64 rounding)`, () => {
        const m = setup(lane, combination);
        for (const [rows, len] of [
          [3, 1],
          [4, 3],
          [5, 10],
          [2, 35],
          [2, 67],
          [1, 1001],
        ] as const) {
          const data = values(rows * len, rows + 31 * len).map((v) =>
            Math.fround(combination === 'product' ? 1 + v / 64 : v),
          );
          const x = m.arena.alloc(m.eb * data.length);
          const out = m.arena.alloc(m.ab * rows);
          m.elems(x, data.length).set(data);
          m.kr(x, out, rows, len);
          const got = Array.from(m.accs(out, rows));
          for (let i = 0; i < rows; i++) {
            const row = data.slice(i * len, (i + 1) * len);
            const want = fold(combination, row);
            if (combination === 'max' || combination === 'min') {
              expect(got[i]).toBe(m.ab === 4 ? Math.fround(want) : want);
            } else {
              // Float64 folds in any order: |error| ≤ (len − 1)·2⁻⁵³·Σ|terms| (products: relative).
              const scale = combination === 'sum' ? row.reduce((a, v) => a + Math.abs(v), 0) : Math.abs(want);
              expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(len * 2 ** -52 * scale);
            }
          }
        }
      });
    }

    it(`${lane} max/min kr propagate NaN and Inf`, () => {
      for (const combination of ['max', 'min'] as const) {
        const m = setup(lane, combination);
        const len = 41;
        const data = values(3 * len, 5);
        data[17] = Number.NaN; // row 0: NaN
        data[len + 40] = Number.POSITIVE_INFINITY; // row 1: +Inf in the scalar tail
        data[2 * len + 3] = Number.NEGATIVE_INFINITY;
        const x = m.arena.alloc(m.eb * data.length);
        const out = m.arena.alloc(m.ab * 3);
        m.elems(x, data.length).set(data);
        m.kr(x, out, 3, len);
        const got = m.accs(out, 3);
        expect(got[0]).toBeNaN();
        expect(got[1]).toBe(
          combination === 'max' ? Number.POSITIVE_INFINITY : fold('min', data.slice(len, 2 * len)),
        );
        expect(got[2]).toBe(
          combination === 'min' ? Number.NEGATIVE_INFINITY : fold('max', data.slice(2 * len)),
        );
      }
    });
  }

  it('f32 sum rk widens exactly: 2²⁴ + 1 + 1 is exact in float64', () => {
    const m = setup('f32', 'sum');
    const data = [2 ** 24, 1, 1, 1, 1, 1];
    const x = m.arena.alloc(4 * data.length);
    const acc = m.arena.alloc(8);
    m.elems(x, data.length).set(data);
    m.accs(acc, 1).fill(0);
    m.rk(x, acc, data.length, 1, 4, 64);
    expect(m.accs(acc, 1)[0]).toBe(2 ** 24 + 5);
  });
});
