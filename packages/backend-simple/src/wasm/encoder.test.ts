import { describe, expect, it } from 'vitest';
import { WasmArena } from './arena.js';
import { Code, ModuleBuilder, pushS32, pushU32, ValType } from './encoder.js';
import { hasRelaxedSimd, hasWasmSimd } from './features.js';

function instance(m: ModuleBuilder, memory?: WebAssembly.Memory): WebAssembly.Exports {
  const bytes = m.build();
  expect(WebAssembly.validate(bytes as BufferSource)).toBe(true);
  return new WebAssembly.Instance(
    new WebAssembly.Module(bytes as BufferSource),
    memory ? { env: { memory } } : {},
  ).exports;
}

describe('LEB128', () => {
  it('encodes unsigned values (spec examples)', () => {
    const out: number[] = [];
    pushU32(out, 624485);
    expect(out).toEqual([0xe5, 0x8e, 0x26]);
    const zero: number[] = [];
    pushU32(zero, 0);
    expect(zero).toEqual([0]);
  });
  it('encodes signed values', () => {
    const cases: Array<[number, number[]]> = [
      [0, [0]],
      [-1, [0x7f]],
      [63, [0x3f]],
      [64, [0xc0, 0x00]],
      [-64, [0x40]],
      [-123456, [0xc0, 0xbb, 0x78]],
    ];
    for (const [v, bytes] of cases) {
      const out: number[] = [];
      pushS32(out, v);
      expect(out, String(v)).toEqual(bytes);
    }
  });
});

describe('ModuleBuilder', () => {
  it('builds i32 arithmetic with constants and locals', () => {
    const m = new ModuleBuilder();
    // f(a, b) = (a + b) * -3 - 1000000
    m.addFunction({
      params: [ValType.i32, ValType.i32],
      results: [ValType.i32],
      locals: [ValType.i32],
      code: new Code().get(0).get(1).i32Add().set(2).get(2).i32Const(-3).i32Mul().i32Const(1000000).i32Sub(),
      exportName: 'f',
    });
    const f = instance(m).f as (a: number, b: number) => number;
    expect(f(2, 5)).toBe(-1000021);
    expect(f(-7, 3)).toBe(-999988);
  });

  it('builds loops with branches (sum of 1..n)', () => {
    const m = new ModuleBuilder();
    const c = new Code().i32Const(0).set(1);
    c.block().get(0).i32Eqz().brIf(0);
    c.loop().get(1).get(0).i32Add().set(1).get(0).i32Const(1).i32Sub().tee(0).brIf(0).end();
    c.end().get(1);
    m.addFunction({
      params: [ValType.i32],
      results: [ValType.i32],
      locals: [ValType.i32],
      code: c,
      exportName: 'sum',
    });
    const sum = instance(m).sum as (n: number) => number;
    expect(sum(0)).toBe(0);
    expect(sum(100)).toBe(5050);
  });

  it('reads and writes an imported memory with f32 and v128 ops', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const m = new ModuleBuilder().importMemory({ module: 'env', name: 'memory', initial: 1, maximum: 4 });
    // out[0..3] = a[0..3] * splat(s) + b[0..3];  out[4] = f32 a[0] / 2 (scalar path)
    const c = new Code()
      .i32Const(32)
      .get(0)
      .v128Load(0)
      .i32Const(64)
      .v128Load32Splat(0)
      .f32x4Mul()
      .get(0)
      .v128Load(16)
      .f32x4Add()
      .v128Store(0)
      .i32Const(48)
      .get(0)
      .f32Load(0)
      .f32Const(2)
      .f32Div()
      .f32Store(0);
    m.addFunction({ params: [ValType.i32], results: [], locals: [], code: c, exportName: 'run' });
    const run = instance(m, memory).run as (p: number) => void;
    const f = new Float32Array(memory.buffer);
    f.set([1, 2, 3, 4, 10, 20, 30, 40], 0);
    f[16] = 0.5; // byte 64
    run(0);
    expect([...f.subarray(8, 13)]).toEqual([10.5, 21, 31.5, 42, 0.5]);
  });

  it('computes f32x4 min/max/abs/neg/sqrt/sub lane-wise with NaN propagation', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    const m = new ModuleBuilder().importMemory({ module: 'env', name: 'memory', initial: 1, maximum: 1 });
    const load = (c: Code, at: number) => c.i32Const(at).v128Load(0);
    const c = new Code();
    c.i32Const(32);
    load(c, 0);
    load(c, 16);
    c.f32x4Max().v128Store(0);
    c.i32Const(48);
    load(c, 0);
    load(c, 16);
    c.f32x4Min().v128Store(0);
    c.i32Const(64);
    load(c, 0);
    c.f32x4Abs().f32x4Sqrt().f32x4Neg().v128Store(0);
    c.i32Const(80);
    load(c, 0);
    load(c, 16);
    c.f32x4Sub().v128Store(0);
    m.addFunction({ params: [], results: [], locals: [], code: c, exportName: 'run' });
    const run = instance(m, memory).run as () => void;
    const f = new Float32Array(memory.buffer);
    f.set([4, -9, Number.NaN, -0, 1, 2, 3, 0], 0);
    run();
    expect([...f.subarray(8, 12)]).toEqual([4, 2, Number.NaN, 0]);
    expect(Object.is(f[11], 0)).toBe(true);
    expect([...f.subarray(12, 16)]).toEqual([1, -9, Number.NaN, -0]);
    expect(Object.is(f[15], -0)).toBe(true);
    expect([...f.subarray(16, 20)]).toEqual([-2, -3, Number.NaN, -0]);
    expect([...f.subarray(20, 24)]).toEqual([3, -11, Number.NaN, -0]);
  });

  it('encodes relaxed_madd when the engine has relaxed SIMD', () => {
    expect(hasWasmSimd()).toBe(true); // Node 20 has WebAssembly SIMD
    if (!hasRelaxedSimd()) return;
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    const m = new ModuleBuilder().importMemory({ module: 'env', name: 'memory', initial: 1, maximum: 1 });
    const c = new Code()
      .i32Const(48)
      .i32Const(0)
      .v128Load(0)
      .i32Const(0)
      .v128Load(16)
      .i32Const(0)
      .v128Load(32);
    c.f32x4RelaxedMadd().v128Store(0);
    m.addFunction({ params: [], results: [], locals: [], code: c, exportName: 'run' });
    const run = instance(m, memory).run as () => void;
    const f = new Float32Array(memory.buffer);
    f.set([1, 2, 3, 4, 5, 6, 7, 8, 0.5, 0.5, 0.5, 0.5], 0);
    run();
    expect([...f.subarray(12, 16)]).toEqual([5.5, 12.5, 21.5, 32.5]);
  });

  it('imports a shared memory', () => {
    const memory = new WebAssembly.Memory({
      initial: 1,
      maximum: 2,
      shared: true,
    } as WebAssembly.MemoryDescriptor);
    const m = new ModuleBuilder().importMemory({
      module: 'env',
      name: 'memory',
      initial: 1,
      maximum: 2,
      shared: true,
    });
    m.addFunction({
      params: [],
      results: [ValType.f32],
      locals: [],
      code: new Code().i32Const(4).f32Load(0),
      exportName: 'get',
    });
    const get = instance(m, memory).get as () => number;
    new Float32Array(memory.buffer)[1] = 2.5;
    expect(get()).toBe(2.5);
  });
});

describe('WasmArena', () => {
  it('allocates aligned, non-overlapping blocks, reuses freed ones and grows', () => {
    const arena = new WasmArena({ initialPages: 1, maximumPages: 64 });
    const a = arena.alloc(100);
    const b = arena.alloc(70000); // forces growth
    expect(a % 64).toBe(0);
    expect(b % 64).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 100);
    expect(arena.memory.buffer.byteLength).toBeGreaterThanOrEqual(b + 70000);
    arena.f32[b / 4] = 7; // the view follows growth
    expect(arena.f32[b / 4]).toBe(7);
    arena.free(a);
    const c = arena.alloc(64);
    expect(c).toBe(a);
    arena.free(c);
    arena.free(b);
    expect(arena.usedBytes()).toBe(0);
    expect(() => arena.free(b)).toThrow(/not allocated/);
  });

  it('works on a shared memory', () => {
    const arena = new WasmArena({ initialPages: 1, maximumPages: 16, shared: true });
    expect(arena.memory.buffer instanceof SharedArrayBuffer).toBe(true);
    const a = arena.alloc(1 << 17);
    arena.f32[a / 4 + 1000] = 3;
    expect(arena.f32[a / 4 + 1000]).toBe(3);
  });
});
