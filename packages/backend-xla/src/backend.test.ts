import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  type Backend,
  Builder,
  getBackend,
  type Program,
  registerBackend,
  UnsupportedError,
} from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultEmitter, type StableHloEmitter, XlaBackend } from './backend.js';
import { XlaBuffer } from './buffer.js';
import { type DiscoveryHost, findPlugins } from './discovery.js';
import { defaultPjrtFfi } from './pjrt/plugin.js';
import { buildMockPlugin, haveGcc, type MockPlugin } from './pjrt/testing/mockPlugin.js';
import './register.js';

/** Stands in for the StableHLO emitter: text the mock plugin understands. */
const stubEmitter: StableHloEmitter = {
  ops: new Set(['add', 'neg']),
  emit(program: Program): string {
    const header = `// program ${program.name}\n`;
    if (program.instructions.some((i) => i.op === 'add'))
      return `${header}%0 = "stablehlo.add"(%arg0, %arg1)`;
    const donate = program.name.includes('donate') ? ' mock.donate' : '';
    return `${header}mock.outputs=${program.outputs.length}${donate}`;
  },
};

function hostWith(env: Record<string, string>): DiscoveryHost {
  return { env, home: '/nonexistent-home', isFile: () => false, list: () => undefined };
}

const f32 = (...dims: number[]) => new Shape('float32', dims);

describe.skipIf(!haveGcc())('XlaBackend on the mock plugin', () => {
  let mock: MockPlugin;
  let backend: XlaBackend;

  beforeAll(() => {
    defaultPjrtFfi();
    mock = buildMockPlugin();
    backend = new XlaBackend({ plugin: mock.path, emitter: stubEmitter, clientOptions: [] });
  });
  beforeEach(() => mock.reset());

  function expectOnlyLive(buffers: number, loaded: number): void {
    expect(mock.live('buffers'), 'live buffers').toBe(buffers);
    expect(mock.live('loaded'), 'live loaded executables').toBe(loaded);
    for (const kind of ['errors', 'events', 'executables']) expect(mock.live(kind), kind).toBe(0);
  }

  it('describes itself and its capabilities', () => {
    expect(backend.name).toBe('xla');
    expect(backend.description).toContain(`PJRT plugin ${mock.path}`);
    expect(backend.description).toContain('PJRT C API 0.104');
    expect(backend.capabilities.ops.has('add')).toBe(true);
    expect(backend.capabilities.ops.has('parameter')).toBe(true);
    expect(backend.capabilities.ops.has('dotGeneral')).toBe(false);
    expect(backend.capabilities.dtypes.has('bfloat16')).toBe(true);
    expect(backend.capabilities.dtypes.has('complex64')).toBe(false);
    expect(backend.capabilities.devices).toEqual([
      { id: 0, kind: 'mock', description: 'mock-cpu (PJRT device id 0)' },
    ]);
  });

  it('compiles with the emitter, runs, and reads results back', async () => {
    const b = new Builder('sum', backend);
    const x = b.parameter(f32(2, 2));
    const y = b.parameter(f32(2, 2));
    const exe = b.compile([b.add(x, y)]);
    expect(mock.last('program')).toBe('// program sum\n%0 = "stablehlo.add"(%arg0, %arg1)');
    const a = backend.bufferFromHost(Float32Array.from([1, 2, 3, 4]), f32(2, 2));
    const c = backend.bufferFromHost(Float32Array.from([0.5, 0.25, -3, 10]), f32(2, 2));
    const [out] = exe.execute([a, c]);
    expect(out!.shape.equals(f32(2, 2))).toBe(true);
    expect([...(await out!.toHost())]).toEqual([1.5, 2.25, 0, 14]);
    expect(mock.last('host_layout')).toBe('tiled:1,0');
    expect(mock.last('non_donatable')).toBe('0,1');
    expectOnlyLive(3, 1);
    for (const buf of [a, c, out!]) buf.dispose();
    exe.dispose();
    exe.dispose();
    expectOnlyLive(0, 0);
  });

  it('round-trips every supported dtype, scalars and empty shapes', () => {
    const cases = [
      [new Shape('bool', [3]), Uint8Array.from([1, 0, 1])],
      [new Shape('int8', [2]), Int8Array.from([-128, 127])],
      [new Shape('int64', [2]), BigInt64Array.from([-(2n ** 63n), 2n ** 62n + 1n])],
      [new Shape('uint64', [1]), BigUint64Array.from([2n ** 64n - 1n])],
      [new Shape('uint8', [0, 4]), new Uint8Array(0)],
      [new Shape('float16', [2]), Uint16Array.from([0x3c00, 0x7e00])],
      [new Shape('bfloat16', [1, 1, 1]), Uint16Array.from([0xff80])],
      [new Shape('float64', []), Float64Array.from([Number.NaN])],
    ] as const;
    for (const [shape, data] of cases) {
      const buffer = backend.bufferFromHost(data, shape);
      const back = buffer.toHostSync();
      expect(back.constructor).toBe(data.constructor);
      expect([...back]).toEqual([...data]);
      buffer.dispose();
    }
    expectOnlyLive(0, 0);
  });

  it('rejects unsupported ops at compile time without touching the plugin', () => {
    const b = new Builder('dot', backend);
    const x = b.parameter(f32(2, 2));
    let error: unknown;
    try {
      b.compile([b.exp(x)]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedError);
    expect((error as Error).message).toContain('op "exp"');
    expectOnlyLive(0, 0);
  });

  it('reports compile errors from the plugin and leaks nothing', () => {
    mock.fail('Client_Compile', 3, "error: 'stablehlo.add' op requires the same type");
    const b = new Builder('bad', backend);
    const x = b.parameter(f32(1));
    expect(() => b.compile([b.add(x, x)])).toThrow(
      "PJRT_Client_Compile failed (INVALID_ARGUMENT): error: 'stablehlo.add' op requires the same type",
    );
    expectOnlyLive(0, 0);
  });

  it('disposes donated inputs and tells PJRT which inputs it must not consume', () => {
    const b = new Builder('identity_donate', backend);
    const x = b.parameter(f32(2));
    const y = b.parameter(f32(2));
    const exe = b.compile([b.neg(x), y]);
    // The stub emits "mock.outputs=2 mock.donate": output i copies input i; donated inputs get consumed.
    const p = backend.bufferFromHost(Float32Array.from([1, 2]), f32(2));
    const q = backend.bufferFromHost(Float32Array.from([3, 4]), f32(2));
    const outs = exe.execute([p, q], [true, false]);
    expect(mock.last('non_donatable')).toBe('1');
    expect(p.disposed).toBe(true);
    expect(q.disposed).toBe(false);
    expect(() => p.toHostSync()).toThrow('used after dispose()');
    expect([...outs[0]!.toHostSync()]).toEqual([1, 2]);
    expect([...outs[1]!.toHostSync()]).toEqual([3, 4]);
    // The same buffer passed twice is never donated.
    const twice = exe.execute([q, q], [true, true]);
    expect(mock.last('non_donatable')).toBe('0,1');
    expect(q.disposed).toBe(false);
    for (const buf of [q, ...outs, ...twice]) buf.dispose();
    exe.dispose();
    expectOnlyLive(0, 0);
  });

  it('checks inputs before running', () => {
    const b = new Builder('check', backend);
    const x = b.parameter(f32(2));
    const y = b.parameter(f32(2));
    const exe = b.compile([b.add(x, y)]);
    const good = backend.bufferFromHost(new Float32Array(2), f32(2));
    const wrong = backend.bufferFromHost(new Float32Array(3), f32(3));
    expect(() => exe.execute([good])).toThrow('takes 2 inputs, got 1');
    expect(() => exe.execute([good, wrong])).toThrow(
      'input 1 of "check" has shape (float32)[3], expected (float32)[2]',
    );
    expect(() => backend.bufferFromHost(new Float64Array(2), f32(2))).toThrow(
      "must be the dtype's storage array",
    );
    expect(() => backend.bufferFromHost(new Float32Array(2), f32(2), 3)).toThrow('has 1 device(s), got 3');
    good.dispose();
    wrong.dispose();
    exe.dispose();
    expectOnlyLive(0, 0);
  });

  it('frees everything when the backend is disposed, and refuses further use', () => {
    const local = new XlaBackend({ plugin: mock.path, emitter: stubEmitter });
    expect(mock.live('clients')).toBe(2);
    const b = new Builder('leftover', local);
    const exe = b.compile([b.add(b.parameter(f32(1)), b.parameter(f32(1)))]);
    const buf = local.bufferFromHost(Float32Array.of(1), f32(1));
    exe.execute([buf, buf]);
    expect(mock.live('buffers')).toBe(2);
    local.dispose();
    expectOnlyLive(0, 0);
    expect(mock.live('clients')).toBe(1);
    expect(buf.disposed).toBe(true);
    expect(() => exe.execute([buf, buf])).toThrow('used after dispose()');
    expect(() => local.bufferFromHost(Float32Array.of(1), f32(1))).toThrow('disposed');
    buf.dispose(); // harmless after the backend is gone
  });

  it('frees forgotten buffers through the finalizer', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    (() => {
      for (let i = 0; i < 10; i++) backend.bufferFromHost(new Float32Array(4), f32(4));
    })();
    expect(mock.live('buffers')).toBe(10);
    for (let i = 0; i < 20 && mock.live('buffers') > 0; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(mock.live('buffers')).toBe(0);
  });

  it('wraps outputs as XlaBuffers owned by the caller', () => {
    const b = new Builder('own', backend);
    const exe = b.compile([b.add(b.parameter(f32(1)), b.parameter(f32(1)))]);
    const input = backend.bufferFromHost(Float32Array.of(2), f32(1));
    const [out] = exe.execute([input, input]);
    expect(out).toBeInstanceOf(XlaBuffer);
    input.dispose();
    expect([...out!.toHostSync()]).toEqual([4]);
    out!.dispose();
    exe.dispose();
    expectOnlyLive(0, 0);
  });
});

describe('registration', () => {
  it('loads nothing at import and starts the plugin only when asked', () => {
    // Importing ./register.js above registered the backend; the registry lists it without starting it.
    expect(() => getBackend('xla:/nonexistent/dir/plugin.so')).toThrow(
      /backend "xla" failed to start with options "\/nonexistent\/dir\/plugin.so": no PJRT plugin found for "\/nonexistent\/dir\/plugin.so"/,
    );
  });

  it('fails with the full search report when no plugin exists', () => {
    expect(() => new XlaBackend({ emitter: stubEmitter, host: hostWith({}) })).toThrow(
      /no PJRT plugin found for any of cuda, tpu, cpu\. Looked at:[\s\S]*To get a plugin/,
    );
  });
});

function emitterAvailable(): boolean {
  try {
    defaultEmitter();
    return true;
  } catch {
    return false;
  }
}

function pluginInstalled(): boolean {
  try {
    findPlugins(undefined);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!haveGcc() || !emitterAvailable())('getBackend("xla:<plugin>") with the real emitter', () => {
  it('emits StableHLO, compiles it on the mock and runs a sum', () => {
    defaultPjrtFfi();
    const mock = buildMockPlugin();
    const backend = getBackend(`xla:${mock.path}`);
    const b = new Builder('e2e', backend);
    const exe = b.compile([b.add(b.parameter(f32(3)), b.parameter(f32(3)))]);
    expect(mock.last('program')).toContain('stablehlo.add');
    expect(mock.last('format')).toBe('mlir');
    const x = backend.bufferFromHost(Float32Array.from([1, 2, 3]), f32(3));
    const y = backend.bufferFromHost(Float32Array.from([4, 5, 6]), f32(3));
    const [out] = exe.execute([x, y]);
    expect([...out!.toHostSync()]).toEqual([5, 7, 9]);
    backend.dispose();
    expect(mock.live('buffers')).toBe(0);
    expect(mock.live('loaded')).toBe(0);
    expect(mock.live('clients')).toBe(0);
  });
});

describe.skipIf(pluginInstalled() || Boolean(process.env.TSMLX_BACKEND))('fallback', () => {
  it('lets getBackend() fall back to a lower-priority backend when no plugin is found', () => {
    const fallback = { name: 'fallback-for-xla-test' } as unknown as Backend;
    registerBackend('fallback-for-xla-test', () => fallback, { priority: 10 });
    expect(getBackend()).toBe(fallback);
  });
});
