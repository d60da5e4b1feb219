import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PjrtApi } from './api.js';
import { PjrtClient } from './client.js';
import { PjrtError } from './errors.js';
import { defaultPjrtFfi, openPlugin } from './plugin.js';
import { encodeCompileOptions } from './protobuf.js';
import { BUFFER_TYPES } from './slots.js';
import { buildMockPlugin, haveGcc, type MockPlugin } from './testing/mockPlugin.js';

const F32 = BUFFER_TYPES.float32;

describe.skipIf(!haveGcc())('PJRT binding against the mock plugin', () => {
  let mock: MockPlugin;
  let client: PjrtClient;
  let device: bigint;

  beforeAll(() => {
    defaultPjrtFfi(); // raise koffi's stacks before the test loads the mock through koffi
    mock = buildMockPlugin();
    client = new PjrtClient(openPlugin(mock.path), [{ name: 'preallocate', type: 'bool', value: false }]);
    device = client.devices[0]!.handle;
  });
  beforeEach(() => mock.reset());

  function expectNoLeaks(): void {
    for (const kind of ['errors', 'events', 'executables']) expect(mock.live(kind), kind).toBe(0);
    expect(mock.live('buffers'), 'buffers').toBe(client.liveCount('buffer'));
    expect(mock.live('loaded'), 'loaded executables').toBe(client.liveCount('loadedExecutable'));
  }

  it('initializes once and reads version and attributes', () => {
    const plugin = openPlugin(mock.path);
    expect(openPlugin(mock.path)).toBe(plugin);
    expect(mock.live('initialize')).toBe(1);
    expect(plugin.api.version).toEqual({ major: 0, minor: 104 });
    expect(plugin.attributes.xla_version).toBe(2n);
    expect(plugin.attributes.stablehlo_current_version).toEqual([1n, 9n, 0n]);
    expect(plugin.attributes.mock_name).toBe('tsmlx-mock');
  });

  it('creates a client with named values and reads platform and devices', () => {
    expect(mock.last('named_values')).toBe('preallocate:bool=false;');
    expect(client.platformName).toBe('mock');
    expect(client.platformVersion).toBe('mock 1.0');
    expect(client.devices.map((d) => [d.id, d.kind])).toEqual([[0, 'mock-cpu']]);
    const api = client.api;
    const other = api.createClient([
      { name: 's', type: 'string', value: 'héllo' },
      { name: 'i', type: 'int64', value: -5n },
      { name: 'l', type: 'int64list', value: [0, 2] },
      { name: 'f', type: 'float', value: 0.5 },
      { name: 'b', type: 'bool', value: true },
    ]);
    expect(mock.last('named_values')).toBe(
      's:string=héllo;i:int64=-5;l:int64list=0,2;f:float=0.5;b:bool=true;',
    );
    api.destroyClient(other);
    expect(mock.live('clients')).toBe(1);
  });

  it('turns a failed call into a PjrtError with code and message, and destroys the error', () => {
    mock.fail('Client_Compile', 3, 'bad program text at 1:1');
    let caught: unknown;
    try {
      client.api.compile(client.handle, 'module {}', 'mlir', encodeCompileOptions());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PjrtError);
    const e = caught as PjrtError;
    expect(e.code).toBe(3);
    expect(e.codeName).toBe('INVALID_ARGUMENT');
    expect(e.pluginMessage).toBe('bad program text at 1:1');
    expect(e.message).toBe('PJRT_Client_Compile failed (INVALID_ARGUMENT): bad program text at 1:1');
    expectNoLeaks();
  });

  it('quotes the plugin when it finds a struct too small (strict mode)', () => {
    const api = client.api;
    api.adaptStructSizes = false;
    try {
      mock.requireSize('PJRT_Client_BufferFromHostBuffer_Args', 128);
      expect(() => api.bufferFromHost(client.handle, new Float32Array(2), F32, [2], device)).toThrow(
        'PJRT_Client_BufferFromHostBuffer failed (INVALID_ARGUMENT): Unexpected PJRT_Client_BufferFromHostBuffer_Args size: expected 128, got 120',
      );
      mock.requireSize('PJRT_Program', 64);
      expect(() => api.compile(client.handle, 'x', 'mlir', encodeCompileOptions())).toThrow(
        'PJRT_Client_Compile failed (INVALID_ARGUMENT): Unexpected PJRT_Program size: expected 64, got 48',
      );
    } finally {
      api.adaptStructSizes = true;
    }
    expectNoLeaks();
  });

  it('pads structs for a plugin built from a newer header, and warns', () => {
    const other = buildMockPlugin();
    const api = new PjrtApi(defaultPjrtFfi(), other.path);
    api.initialize();
    other.requireSize('PJRT_Client_Create_Args', 104);
    const c = api.createClient();
    other.requireSize('PJRT_ExecuteOptions', 136); // nested in the Execute args: the operation is re-run
    const d = api.addressableDevices(c)[0]!.handle;
    const loaded = api.compile(c, 'mock.sum', 'mlir', encodeCompileOptions());
    const a = api.bufferFromHost(c, Float32Array.of(5), F32, [1], d);
    const [out] = api.execute(loaded, [a], 1, d, []);
    const host = new Float32Array(1);
    api.bufferToHost(out!, host);
    expect(host[0]).toBe(5);
    expect(api.warnings).toEqual([
      `${other.path}: PJRT_Client_Create_Args padded from 88 to 104 bytes (the plugin speaks PJRT API 0.104; this binding's structs are 0.104)`,
      `${other.path}: PJRT_ExecuteOptions padded from 120 to 136 bytes (the plugin speaks PJRT API 0.104; this binding's structs are 0.104)`,
    ]);
    for (const b of [a, out!]) api.destroyBuffer(b);
    api.destroyLoadedExecutable(loaded);
    api.destroyClient(c);
    for (const kind of ['errors', 'events', 'executables', 'buffers', 'loaded', 'clients']) {
      expect(other.live(kind), kind).toBe(0);
    }
  });

  it('sends program text, format and compile options, and counts outputs', () => {
    const code = '%0 = "stablehlo.add"(%a, %b)\n"func.return"(%0) : (tensor<f32>) -> ()';
    const loaded = client.api.compile(client.handle, code, 'mlir', encodeCompileOptions());
    const token = client.track('loadedExecutable', loaded);
    expect(mock.last('program')).toBe(code);
    expect(mock.last('format')).toBe('mlir');
    expect([...mock.lastCompileOptions()]).toEqual([...encodeCompileOptions()]);
    expect(client.api.numOutputs(loaded)).toBe(1);
    expectNoLeaks(); // the temporary PJRT_Executable was destroyed
    client.release(token);
    expect(mock.live('loaded')).toBe(0);
  });

  it('copies host data to the device and back, awaiting and destroying events', () => {
    const api = client.api;
    const data = Float32Array.from([1.5, -2, 3, 4, 5, 6]);
    const buffer = api.bufferFromHost(client.handle, data, F32, [2, 3], device);
    const token = client.track('buffer', buffer);
    expect(mock.last('semantics')).toBe('0'); // ImmutableOnlyDuringCall
    expect(api.bufferDimensions(buffer)).toEqual([2, 3]);
    expect(api.bufferElementType(buffer)).toBe(F32);
    const back = new Float32Array(6);
    api.bufferToHost(buffer, back, 2);
    expect([...back]).toEqual([1.5, -2, 3, 4, 5, 6]);
    expect(mock.last('host_layout')).toBe('tiled:1,0');
    const back2 = new Float32Array(6);
    api.bufferToHost(buffer, back2);
    expect(mock.last('host_layout')).toBe('none');
    expect([...back2]).toEqual([...data]);
    expectNoLeaks();
    client.release(token);
    expect(mock.live('buffers')).toBe(0);
  });

  it('executes with caller-allocated outputs owned by the caller', () => {
    const api = client.api;
    const loaded = api.compile(client.handle, 'mock.sum', 'mlir', encodeCompileOptions());
    const a = api.bufferFromHost(client.handle, Float32Array.from([1, 2]), F32, [2], device);
    const b = api.bufferFromHost(client.handle, Float32Array.from([10, 20]), F32, [2], device);
    const [out] = api.execute(loaded, [a, b], 1, device, [0, 1]);
    expect(mock.last('non_donatable')).toBe('0,1');
    const host = new Float32Array(2);
    api.bufferToHost(out!, host);
    expect([...host]).toEqual([11, 22]);
    for (const x of [a, b, out!]) api.destroyBuffer(x);
    api.destroyLoadedExecutable(loaded);
    expect(mock.live('buffers')).toBe(0);
    expectNoLeaks();
  });

  it('reports an execution that fails on its completion event and frees the outputs', () => {
    const api = client.api;
    const loaded = api.compile(client.handle, 'mock.outputs=2', 'mlir', encodeCompileOptions());
    const a = api.bufferFromHost(client.handle, Float32Array.from([1]), F32, [1], device);
    mock.failNextEvent(13, 'device lost');
    expect(() => api.execute(loaded, [a], 2, device, [0])).toThrow(
      'PJRT_Event_Await (execution) failed (INTERNAL): device lost',
    );
    api.destroyBuffer(a);
    api.destroyLoadedExecutable(loaded);
    expect(mock.live('buffers')).toBe(0);
    expectNoLeaks();
  });

  it('reports a failed host-to-device event and frees the new buffer', () => {
    mock.failNextEvent(8, 'out of memory');
    expect(() => client.api.bufferFromHost(client.handle, new Float32Array(4), F32, [4], device)).toThrow(
      'PJRT_Event_Await (host-to-device copy) failed (RESOURCE_EXHAUSTED): out of memory',
    );
    expect(mock.live('buffers')).toBe(0);
    expectNoLeaks();
  });

  it('handles zero-size and scalar buffers', () => {
    const api = client.api;
    const empty = api.bufferFromHost(client.handle, new Float32Array(0), F32, [0, 3], device);
    expect(api.bufferDimensions(empty)).toEqual([0, 3]);
    api.bufferToHost(empty, new Float32Array(0), 2);
    const scalar = api.bufferFromHost(
      client.handle,
      Float64Array.of(Math.PI),
      BUFFER_TYPES.float64,
      [],
      device,
    );
    const out = new Float64Array(1);
    api.bufferToHost(scalar, out, 0);
    expect(out[0]).toBe(Math.PI);
    api.destroyBuffer(empty);
    api.destroyBuffer(scalar);
    expectNoLeaks();
  });

  it('refuses functions beyond a short table and unsupported major versions', () => {
    const other = buildMockPlugin();
    other.setNumSlots(30);
    const api = new PjrtApi(defaultPjrtFfi(), other.path);
    expect(api.has('Client_Compile')).toBe(true);
    expect(api.has('Buffer_ToHostBuffer')).toBe(false);
    expect(() => api.destroyBuffer(1n)).toThrow(/lacks PJRT_Buffer_Destroy \(slot 58\)/);
    other.setVersion(1, 0);
    expect(() => new PjrtApi(defaultPjrtFfi(), other.path)).toThrow(/PJRT C API 1\.0 is not supported/);
  });

  it('closes the client, freeing every tracked object', () => {
    const plugin = openPlugin(mock.path);
    const c = new PjrtClient(plugin);
    const d = c.devices[0]!.handle;
    c.track('buffer', c.api.bufferFromHost(c.handle, new Int32Array(3), BUFFER_TYPES.int32, [3], d));
    c.track('loadedExecutable', c.api.compile(c.handle, 'x', 'mlir', encodeCompileOptions()));
    const before = mock.live('buffers');
    c.close();
    c.close();
    expect(mock.live('buffers')).toBe(before - 1);
    expect(mock.live('clients')).toBe(1);
    expect(() => c.track('buffer', 1n)).toThrow(/closed/);
  });
});
