import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cudaDataDir,
  type DiscoveryHost,
  findPlugins,
  matchPluginFiles,
  nodeDiscoveryHost,
  PluginNotFoundError,
  searchPlugin,
} from './discovery.js';

/** An in-memory machine: a set of files; directories are implied by them. */
function fakeHost(files: readonly string[], env: Record<string, string> = {}): DiscoveryHost {
  const set = new Set(files);
  return {
    env,
    home: '/home/u',
    isFile: (p) => set.has(p),
    list: (dir) => {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      const names = new Set<string>();
      for (const f of set) if (f.startsWith(prefix)) names.add(f.slice(prefix.length).split('/')[0]!);
      return names.size ? [...names] : undefined;
    },
  };
}

describe('plugin file names', () => {
  it('prefers the exact name, then the newest version, then pjrt-plugin names', () => {
    const entries = [
      'pjrt-plugin-cpu.so',
      'pjrt_c_api_cpu_v0.9.1_plugin.so',
      'pjrt_c_api_cpu_v0.104.0_plugin.so',
      'pjrt_c_api_cpu_plugin.so',
      'pjrt_c_api_cuda_plugin.so',
      'pjrt_plugin_cpu.so',
      'libfoo.so',
    ];
    expect(matchPluginFiles('cpu', entries)).toEqual([
      'pjrt_c_api_cpu_plugin.so',
      'pjrt_c_api_cpu_v0.104.0_plugin.so',
      'pjrt_c_api_cpu_v0.9.1_plugin.so',
      'pjrt-plugin-cpu.so',
      'pjrt_plugin_cpu.so',
    ]);
  });
});

describe('plugin search order', () => {
  it('uses TSMLX_PJRT_PLUGIN above everything', () => {
    const host = fakeHost(['/x/my.so', '/home/u/.local/lib/go-xla/pjrt_c_api_cuda_plugin.so'], {
      TSMLX_PJRT_PLUGIN: '/x/my.so',
    });
    expect(findPlugins('cuda', host).map((f) => f.path)).toEqual(['/x/my.so']);
    expect(findPlugins(undefined, host).map((f) => f.path)).toEqual(['/x/my.so']);
  });

  it('reports a TSMLX_PJRT_PLUGIN that does not exist instead of searching', () => {
    const host = fakeHost(['/home/u/.local/lib/go-xla/pjrt_c_api_cpu_plugin.so'], {
      TSMLX_PJRT_PLUGIN: '/nope.so',
    });
    expect(() => findPlugins('cpu', host)).toThrow('$TSMLX_PJRT_PLUGIN=/nope.so (no such file)');
  });

  it('searches PJRT_PLUGIN_LIBRARY_PATH, then ~/.local/lib/go-xla, then /usr/local/lib/go-xla', () => {
    const host = fakeHost(
      [
        '/usr/local/lib/go-xla/pjrt_c_api_cpu_plugin.so',
        '/home/u/.local/lib/go-xla/pjrt_c_api_cpu_v0.104.0_plugin.so',
        '/b/pjrt-plugin-cpu.so',
      ],
      { PJRT_PLUGIN_LIBRARY_PATH: '/a:/b' },
    );
    expect(findPlugins('cpu', host).map((f) => f.path)).toEqual([
      '/b/pjrt-plugin-cpu.so',
      '/home/u/.local/lib/go-xla/pjrt_c_api_cpu_v0.104.0_plugin.so',
      '/usr/local/lib/go-xla/pjrt_c_api_cpu_plugin.so',
    ]);
  });

  it('finds the CUDA plugin pip put in a virtualenv, cuda13 before cuda12', () => {
    const site = '/opt/torch/.venv/lib/python3.12/site-packages';
    const host = fakeHost([
      `${site}/jax_plugins/xla_cuda12/xla_cuda_plugin.so`,
      `${site}/jax_plugins/xla_cuda13/xla_cuda_plugin.so`,
      `${site}/nvidia/cu13/bin/ptxas`,
    ]);
    const found = findPlugins('gpu', host);
    expect(found.map((f) => f.path)).toEqual([
      `${site}/jax_plugins/xla_cuda13/xla_cuda_plugin.so`,
      `${site}/jax_plugins/xla_cuda12/xla_cuda_plugin.so`,
    ]);
    expect(found[0]!.source).toBe('python site-packages');
    expect(cudaDataDir(found[0]!.path, host)).toBe(`${site}/nvidia/cu13`);
  });

  it('checks $VIRTUAL_ENV, ~/.local and system Python directories too', () => {
    const host = fakeHost(
      [
        '/venv/lib/python3.11/site-packages/jax_plugins/xla_cuda13/xla_cuda_plugin.so',
        '/home/u/.local/lib/python3.10/site-packages/jax_plugins/xla_cuda12/xla_cuda_plugin.so',
        '/usr/lib/python3/dist-packages/libtpu/libtpu.so',
      ],
      { VIRTUAL_ENV: '/venv' },
    );
    expect(findPlugins('cuda', host).map((f) => f.path)).toEqual([
      '/venv/lib/python3.11/site-packages/jax_plugins/xla_cuda13/xla_cuda_plugin.so',
      '/home/u/.local/lib/python3.10/site-packages/jax_plugins/xla_cuda12/xla_cuda_plugin.so',
    ]);
    expect(findPlugins('tpu', host).map((f) => f.path)).toEqual([
      '/usr/lib/python3/dist-packages/libtpu/libtpu.so',
    ]);
  });

  it('tries cuda, tpu and cpu in that order when no plugin is named', () => {
    const host = fakeHost([
      '/home/u/.local/lib/go-xla/pjrt_c_api_cpu_plugin.so',
      '/home/u/.local/lib/go-xla/pjrt_c_api_cuda_plugin.so',
    ]);
    expect(findPlugins(undefined, host).map((f) => f.name)).toEqual(['cuda', 'cpu']);
  });

  it('accepts an explicit path and reports a missing one', () => {
    const host = fakeHost(['/p/plugin.so']);
    expect(findPlugins('/p/plugin.so', host)[0]).toEqual({
      name: 'path',
      path: '/p/plugin.so',
      source: 'explicit path',
    });
    expect(() => findPlugins('/q/plugin.so', host)).toThrow('/q/plugin.so (no such file)');
  });
});

describe('the not-found error', () => {
  it('says every place it looked and how to get a plugin', () => {
    const host = fakeHost(['/opt/torch/.venv/lib/python3.12/site-packages/numpy/x.py']);
    let error: unknown;
    try {
      findPlugins('cuda', host);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PluginNotFoundError);
    const message = (error as Error).message;
    for (const place of [
      'no PJRT plugin found for "cuda"',
      '$TSMLX_PJRT_PLUGIN (not set)',
      '$PJRT_PLUGIN_LIBRARY_PATH (not set)',
      '/home/u/.local/lib/go-xla/{pjrt_c_api_cuda[_vX.Y.Z]_plugin.so, pjrt[-_]plugin[-_]cuda.so} (no such directory)',
      '/usr/local/lib/go-xla/{',
      '/opt/torch/.venv/lib/python3.12/site-packages/jax_plugins/xla_cuda13/xla_cuda_plugin.so (absent)',
      '/opt/torch/.venv/lib/python3.12/site-packages/jax_plugins/xla_cuda12/xla_cuda_plugin.so (absent)',
      '/home/u/.local/lib/python3*/site-packages/{',
      '/usr/lib/python3/dist-packages/{',
      'pip install "jax[cuda13]"',
      'github.com/gomlx/pjrt-cpu-binaries',
      'TSMLX_PJRT_PLUGIN=/path/to/plugin.so',
    ]) {
      expect(message).toContain(place);
    }
    expect(searchPlugin('cuda', host).looked).toEqual((error as PluginNotFoundError).looked);
  });

  it('names every plugin tried when none was asked for', () => {
    expect(() => findPlugins(undefined, fakeHost([]))).toThrow(
      'no PJRT plugin found for any of cuda, tpu, cpu',
    );
  });
});

describe('discovery on the real file system', () => {
  it('finds a plugin in a PJRT_PLUGIN_LIBRARY_PATH directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsmlx-discovery-'));
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'pjrt_c_api_mock_plugin.so'), '');
    const real = nodeDiscoveryHost();
    const host: DiscoveryHost = {
      ...real,
      env: { PJRT_PLUGIN_LIBRARY_PATH: `${join(dir, 'empty')}:${dir}` },
    };
    expect(findPlugins('mock', host).map((f) => f.path)).toEqual([join(dir, 'pjrt_c_api_mock_plugin.so')]);
  });
});
