import { afterAll, describe, expect, it } from 'vitest';
import { WasmArena } from '../wasm/arena.js';
import { Code, ModuleBuilder, ValType } from '../wasm/encoder.js';
import { ThreadPool } from './pool.js';
import { canBlock, threadSupport } from './spawn.js';

// A module with `put(address, value)`: stores the i32 `value` at `address`.
function putModule(arena: WasmArena): Uint8Array<ArrayBuffer> {
  const m = new ModuleBuilder().importMemory({
    module: 'env',
    name: 'memory',
    initial: 1,
    maximum: arena.maximumPages,
    shared: true,
  });
  m.addFunction({
    params: [ValType.i32, ValType.i32],
    results: [],
    locals: [],
    code: new Code().get(0).get(1).raw(0x36, 2, 0), // i32.store align=4 offset=0
    exportName: 'put',
  });
  return m.build();
}

async function online(pool: ThreadPool): Promise<void> {
  for (let i = 0; i < 200 && pool.onlineCount < pool.workerCount; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(threadSupport() !== 'sync')('ThreadPool (Node worker_threads)', () => {
  const arena = new WasmArena({ shared: true, maximumPages: 1024 });
  const pool = new ThreadPool(arena, 2);
  const bytes = putModule(arena);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: arena.memory } });
  afterAll(() => pool.dispose());

  it('runs every wasm task exactly once, on the workers too', async () => {
    await online(pool);
    expect(pool.onlineCount).toBe(2);
    const [put] = pool.registerModule('put', bytes, ['put'], instance.exports)!;
    const n = 4000;
    const at = arena.alloc(4 * n);
    const view = new Int32Array(arena.memory.buffer, at, n);
    const before = { ...pool.stats };
    // Many rounds, so that the workers (spinning between jobs) take part.
    for (let round = 1; round <= 20; round++) {
      pool.prepare();
      for (let i = 0; i < n; i++) pool.task(i, put!, at + 4 * i, round * 10000 + i);
      pool.launch(n);
      pool.join();
      let wrong = 0;
      for (let i = 0; i < n; i++) if (view[i] !== round * 10000 + i) wrong++;
      expect(wrong).toBe(0);
    }
    const tasks = pool.stats.tasks - before.tasks;
    const byMain = pool.stats.mainTasks - before.mainTasks;
    expect(tasks).toBe(20 * n);
    expect(byMain).toBeLessThan(tasks); // workers ran some
  });

  it('runs loop tasks over arrays of the shared memory', () => {
    const source =
      '"use strict"; return function (arrays, start, end) { const x = arrays[0], out = arrays[1]; for (let i = start; i < end; i++) out[i] = x[i] * 2 + 1; };';
    const fn = new Function(source)();
    const id = pool.registerLoop(source, fn)!;
    expect(pool.registerLoop(source, fn)).toBe(id); // cached by source
    const n = 100000;
    const xAt = arena.alloc(8 * n);
    const outAt = arena.alloc(8 * n); // (allocate before reading memory.buffer: allocation may grow it)
    const x = new Float64Array(arena.memory.buffer, xAt, n);
    const out = new Float64Array(arena.memory.buffer, outAt, n);
    for (let i = 0; i < n; i++) x[i] = i / 7;
    pool.prepare();
    pool.setArrays([x, out]);
    const step = 1000;
    for (let t = 0; t < n / step; t++) pool.task(t, id, t * step, (t + 1) * step);
    pool.launch(n / step);
    pool.join();
    let wrong = 0;
    for (let i = 0; i < n; i++) if (out[i] !== (i / 7) * 2 + 1) wrong++;
    expect(wrong).toBe(0);
  });

  it('reports a task that throws', () => {
    const source = '"use strict"; return function () { throw new Error("boom"); };';
    const id = pool.registerLoop(source, new Function(source)())!;
    pool.prepare();
    pool.setArrays([]);
    for (let t = 0; t < 8; t++) pool.task(t, id, 0, 0);
    pool.launch(8);
    expect(() => pool.join()).toThrow();
    // The pool stays usable.
    pool.prepare();
    pool.launch(0);
    pool.join();
  });

  it('stops its workers on dispose (idempotent)', () => {
    const other = new ThreadPool(arena, 1);
    expect(other.workerCount).toBe(1);
    other.dispose();
    other.dispose();
    expect(other.workerCount).toBe(0);
  });
});

describe('thread support detection', () => {
  it('says whether this thread may block', () => {
    // Node's main thread may block in Atomics.wait; a browser page's main thread may not.
    expect(canBlock()).toBe(typeof SharedArrayBuffer === 'function');
  });
});
