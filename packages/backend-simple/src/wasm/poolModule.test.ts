import { describe, expect, it } from 'vitest';
import { WasmArena } from './arena.js';
import { hasWasmSimd } from './features.js';
import { memoryLimits } from './instantiate.js';
import {
  buildPoolModule,
  type PoolConfig,
  type PoolFunction,
  type PoolKind,
  poolKey,
  poolWindowsInside,
} from './poolModule.js';

// The generated pooling modules called directly on an arena: hand-computed small cases, row ranges run
// separately, the zeroing of select-and-scatter. (Kernel-level tests with reference loops, both dtypes,
// padding and threads: kernels/reduce/wasmPool.test.ts.)

const base: PoolConfig = {
  lane: 'f32',
  kind: 'max',
  h: 2,
  w: 2,
  c: 1,
  oh: 1,
  ow: 1,
  wh: 2,
  ww: 2,
  sh: 2,
  sw: 2,
  pt: 0,
  pl: 0,
};

function load(arena: WasmArena, cfg: PoolConfig): PoolFunction {
  const module = new WebAssembly.Module(buildPoolModule(cfg, memoryLimits(arena)));
  return new WebAssembly.Instance(module, { env: { memory: arena.memory } }).exports.run as PoolFunction;
}

/** Copies `values` into a new arena block; returns its byte offset. */
function put(arena: WasmArena, values: number[], f64 = false): number {
  const bytes = values.length * (f64 ? 8 : 4);
  const at = arena.alloc(Math.max(16, bytes));
  const view = f64
    ? new Float64Array(arena.memory.buffer, at, values.length)
    : new Float32Array(arena.memory.buffer, at, values.length);
  view.set(values);
  return at;
}

function get(arena: WasmArena, at: number, n: number, f64 = false): number[] {
  return Array.from(
    f64 ? new Float64Array(arena.memory.buffer, at, n) : new Float32Array(arena.memory.buffer, at, n),
  );
}

describe.skipIf(!hasWasmSimd())('pooling module', () => {
  it('keys differ by every field; windows inside the operand are recognized', () => {
    const keys = new Set<string>();
    for (const [k, v] of Object.entries(base)) {
      const changed = {
        ...base,
        [k]: typeof v === 'number' ? v + 1 : k === 'lane' ? 'f64' : 'min',
      } as PoolConfig;
      keys.add(poolKey(changed));
    }
    keys.add(poolKey(base));
    expect(keys.size).toBe(Object.keys(base).length + 1);
    expect(poolWindowsInside(base)).toBe(true);
    expect(poolWindowsInside({ ...base, pt: 1, oh: 1 })).toBe(false);
    expect(poolWindowsInside({ ...base, h: 3, pt: -1 })).toBe(true);
    expect(poolWindowsInside({ ...base, h: 3, pt: -2 })).toBe(false);
  });

  it('every kind and lane type builds a valid module (vector, looped and scalar channels)', () => {
    const arena = new WasmArena();
    for (const lane of ['f32', 'f64'] as const)
      for (const kind of ['max', 'min', 'sum', 'selectMax', 'selectMin'] as PoolKind[])
        for (const c of [1, 4, 70, 150]) {
          for (const pt of [0, 1]) {
            const bytes = buildPoolModule({ ...base, lane, kind, c, pt }, memoryLimits(arena));
            expect(WebAssembly.validate(bytes), `${lane} ${kind} c=${c} pt=${pt}`).toBe(true);
          }
        }
  });

  it('computes a hand-checked 2×2 window (ties, signed zero, float64 sum)', () => {
    const arena = new WasmArena();
    for (const lane of ['f32', 'f64'] as const) {
      const f64 = lane === 'f64';
      const x = put(arena, [1, 3, 3, -0], f64);
      const out = put(arena, [9], f64);
      const run = (kind: PoolKind) => {
        load(arena, { ...base, lane, kind })(x, 0, out, 0, 1, out, 0);
        return get(arena, out, 1, f64)[0];
      };
      expect(run('max')).toBe(3);
      expect(Object.is(run('min'), -0)).toBe(true);
      expect(run('sum')).toBe(7);
      // select: the first of the tied maxima (tap 1) takes the source; a −0 source is written as +0.
      const grad = put(arena, [7, 7, 7, 7], f64);
      const src = put(arena, [-0], f64);
      load(arena, { ...base, lane, kind: 'selectMax' })(x, src, grad, 0, 1, grad, 0);
      const g = get(arena, grad, 4, f64);
      expect(g).toEqual([0, 0, 0, 0]);
      expect(g.every((v) => Object.is(v, 0))).toBe(true);
      const src2 = put(arena, [2.5], f64);
      load(arena, { ...base, lane, kind: 'selectMin' })(x, src2, grad, 0, 1, grad, 0);
      expect(get(arena, grad, 4, f64)).toEqual([0, 0, 0, 2.5]);
    }
  });

  it('a float32 window sum is rounded once from float64', () => {
    const arena = new WasmArena();
    // 1 + 2⁻²⁴ + 2⁻²⁴ in float64 is 1 + 2⁻²³ (a float32); summed in float32 it would stay 1.
    const x = put(arena, [1, 2 ** -24, 2 ** -24, 0, 1, 1, 1, 1]);
    const out = put(arena, [0, 0]);
    load(arena, { ...base, kind: 'sum', c: 2, w: 2 })(x, 0, out, 0, 1, out, 0);
    // channel 0: taps 1, 2⁻²⁴, 1, 1 → 3 + 2⁻²⁴ rounds to 3; channel 1: 2⁻²⁴ + 0 + 1 + 1.
    expect(get(arena, out, 2)).toEqual([Math.fround(3 + 2 ** -24), Math.fround(2 + 2 ** -24)]);
  });

  it('row ranges run separately equal one run; select zeroes exactly the given byte range', () => {
    const arena = new WasmArena();
    const cfg: PoolConfig = { ...base, kind: 'selectMax', h: 6, w: 5, c: 6, oh: 3, ow: 2, sh: 2, sw: 3 };
    const run = load(arena, cfg);
    const n = 2;
    const size = n * cfg.h * cfg.w * cfg.c;
    const xs = Array.from({ length: size }, (_, i) => Math.sin(i * 0.77));
    const x = put(arena, xs);
    const src = put(
      arena,
      Array.from({ length: n * cfg.oh * cfg.ow * cfg.c }, (_, i) => i + 1),
    );
    const whole = put(arena, new Array(size).fill(5));
    run(x, src, whole, 0, n * cfg.oh, whole, size * 4);
    const parts = put(arena, new Array(size).fill(5));
    const rowBytes = cfg.w * cfg.c * 4;
    // Rows 0–2 own input rows 0–5 of image 0 (the last output row owns the leftover row); rows 3–5 image 1.
    run(x, src, parts, 3, 6, parts + 6 * rowBytes, 6 * rowBytes);
    run(x, src, parts, 0, 3, parts, 6 * rowBytes);
    expect(get(arena, parts, size)).toEqual(get(arena, whole, size));
    // Column 2 of every row belongs to no window (windows cover columns 0–1 and 3–4): zeroed.
    const g = get(arena, whole, size);
    for (let r = 0; r < n * cfg.h; r++)
      for (let q = 0; q < cfg.c; q++) expect(g[(r * cfg.w + 2) * cfg.c + q]).toBe(0);
    // Every source value lands exactly once.
    expect(g.filter((v) => v !== 0).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 72 }, (_, i) => i + 1),
    );
  });
});
