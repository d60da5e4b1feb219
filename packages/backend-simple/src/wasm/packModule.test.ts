import { describe, expect, it } from 'vitest';
import { WasmArena } from './arena.js';
import { instantiate, memoryLimits } from './instantiate.js';
import { buildPackModule, type PackFunction } from './packModule.js';

// The packed layout, written out independently: dst[p*r*kPad + k*r + q] = X[p*r + q, k], zeros elsewhere.
function reference(
  x: Float32Array,
  off: number,
  os: number,
  is: number,
  nOuter: number,
  nInner: number,
  kPad: number,
  r: number,
): Float32Array {
  const panels = Math.ceil(nOuter / r);
  const out = new Float32Array(panels * r * kPad);
  for (let p = 0; p < panels; p++)
    for (let k = 0; k < kPad; k++)
      for (let q = 0; q < r; q++) {
        const o = p * r + q;
        out[p * r * kPad + k * r + q] = o < nOuter && k < nInner ? x[off + o * os + k * is]! : 0;
      }
  return out;
}

describe('wasm GEMM panel packing', () => {
  const arena = new WasmArena();
  const pack = instantiate(arena, 'packTest', () => buildPackModule(memoryLimits(arena))).exports
    .pack as PackFunction;

  const cases: Array<[string, number, number, number, number, number, number]> = [
    // label, outer stride, inner stride, nOuter, nInner, kPad, r
    ['row-major rows (A: inner contiguous)', 37, 1, 13, 37, 40, 4],
    ['row-major columns (B: outer contiguous)', 1, 24, 24, 19, 19, 8],
    ['B with a partial last panel', 1, 21, 21, 7, 9, 8],
    ['r not a multiple of 4', 1, 11, 11, 5, 6, 6],
    ['r = 3, strided both ways', 5, 2, 7, 4, 6, 3],
    ['no inner elements (all padding)', 1, 8, 8, 0, 3, 8],
    ['one element', 1, 1, 1, 1, 1, 4],
  ];
  for (const [label, os, is, nOuter, nInner, kPad, r] of cases) {
    it(label, () => {
      const span = (nOuter - 1) * os + Math.max(0, nInner - 1) * is + 1;
      const src = arena.alloc(4 * (span + 3));
      const panels = Math.ceil(nOuter / r);
      const dstFloats = panels * r * kPad;
      const dst = arena.alloc(4 * (dstFloats + 16));
      const f32 = arena.f32;
      const x = new Float32Array(span + 3);
      for (let i = 0; i < x.length; i++) x[i] = i + 0.5;
      f32.set(x, src / 4);
      f32.fill(Number.NaN, dst / 4, dst / 4 + dstFloats + 16);
      pack(src + 4, 4 * os, 4 * is, dst, nOuter, nInner, kPad, r);
      const got = arena.f32.slice(dst / 4, dst / 4 + dstFloats);
      expect([...got]).toEqual([...reference(x, 1, os, is, nOuter, nInner, kPad, r)]);
      // Nothing written past the panels.
      expect(Number.isNaN(arena.f32[dst / 4 + dstFloats]!)).toBe(true);
    });
  }
});
