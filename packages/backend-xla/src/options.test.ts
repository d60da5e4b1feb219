import { describe, expect, it } from 'vitest';
import { parseXlaOptions } from './options.js';

describe('xla options', () => {
  it('defaults to automatic plugin choice on device 0', () => {
    expect(parseXlaOptions('')).toEqual({ plugin: undefined, device: 0, clientOptions: [] });
  });
  it('reads a plugin name or path and typed client options', () => {
    expect(
      parseXlaOptions(
        'cuda, preallocate=false,memory_fraction=1,allocator=bfc,visible_devices=0;2,n=3,x=2.5',
      ),
    ).toEqual({
      plugin: 'cuda',
      device: 0,
      clientOptions: [
        { name: 'preallocate', type: 'bool', value: false },
        { name: 'memory_fraction', type: 'float', value: 1 },
        { name: 'allocator', type: 'string', value: 'bfc' },
        { name: 'visible_devices', type: 'int64list', value: [0n, 2n] },
        { name: 'n', type: 'int64', value: 3n },
        { name: 'x', type: 'float', value: 2.5 },
      ],
    });
    expect(parseXlaOptions('/a/b/pjrt_c_api_cpu_plugin.so,device=1')).toMatchObject({
      plugin: '/a/b/pjrt_c_api_cpu_plugin.so',
      device: 1,
    });
    expect(parseXlaOptions('plugin=tpu').plugin).toBe('tpu');
  });
  it('rejects two plugins, bad devices and bad lists', () => {
    expect(() => parseXlaOptions('cpu,cuda')).toThrow('two plugins given ("cpu" and "cuda")');
    expect(() => parseXlaOptions('device=-1')).toThrow('device must be a non-negative integer');
    expect(() => parseXlaOptions('visible_devices=a;b')).toThrow("expected integers separated by ';'");
  });
});
