import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Finds PJRT plugins on this machine without downloading anything: `TSMLX_PJRT_PLUGIN`, then the
 * go-xla directories (`PJRT_PLUGIN_LIBRARY_PATH`, `~/.local/lib/go-xla`, `/usr/local/lib/go-xla`), then the
 * plugins pip installs into Python environments (`jax[cuda13]`, `jax[cuda12]`, `libtpu`).
 */

/** What discovery reads from the machine; replaceable in tests. */
export interface DiscoveryHost {
  /** Environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The home directory. */
  readonly home: string;
  /** True when `path` is an existing file. */
  isFile(path: string): boolean;
  /** Entry names of a directory, or undefined when it does not exist. */
  list(dir: string): string[] | undefined;
}

/** The real machine. */
export function nodeDiscoveryHost(): DiscoveryHost {
  return {
    env: process.env,
    home: homedir(),
    isFile: (path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    },
    list: (dir) => {
      try {
        return existsSync(dir) ? readdirSync(dir) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** A plugin found on disk. */
export interface FoundPlugin {
  /** The plugin name asked for (`'cuda'`), or `'path'` for an explicit path. */
  readonly name: string;
  /** Absolute path of the shared library. */
  readonly path: string;
  /** Where it was found, for messages (`'$TSMLX_PJRT_PLUGIN'`, `'~/.local/lib/go-xla'`, `'python site-packages'`). */
  readonly source: string;
}

/** Result of a search: what was found, and every place looked at. */
export interface PluginSearch {
  /** Plugins found, best first. */
  readonly found: FoundPlugin[];
  /** Human-readable list of the places looked at. */
  readonly looked: string[];
}

/** Plugin names tried, in order, when none is asked for. */
export const AUTO_PLUGIN_ORDER: readonly string[] = ['cuda', 'tpu', 'cpu'];

const NAME_ALIASES: Readonly<Record<string, string>> = { gpu: 'cuda', nvidia: 'cuda' };

/** Python-installed plugin files per plugin name, relative to a site-packages directory. */
const PYTHON_PLUGINS: Readonly<Record<string, readonly string[]>> = {
  cuda: ['jax_plugins/xla_cuda13/xla_cuda_plugin.so', 'jax_plugins/xla_cuda12/xla_cuda_plugin.so'],
  tpu: ['libtpu/libtpu.so'],
  cpu: ['xla_plugins/xla_cpu_pjrt/xla_cpu_pjrt.so'],
};

/** Tells whether a plugin option is a file path rather than a name. */
export function isPluginPath(plugin: string): boolean {
  return plugin.includes('/') || /\.(so|dylib|dll)$/.test(plugin);
}

/** Canonical plugin name (`gpu` → `cuda`). */
export function canonicalPluginName(name: string): string {
  const lower = name.trim().toLowerCase();
  return NAME_ALIASES[lower] ?? lower;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** File names a plugin directory may hold for a name, best first; versioned names newest first. */
export function matchPluginFiles(name: string, entries: readonly string[]): string[] {
  const n = escapeRegExp(name);
  const exact = new RegExp(`^pjrt_c_api_${n}_plugin\\.(so|dylib)$`);
  const versioned = new RegExp(`^pjrt_c_api_${n}_v(\\d+)\\.(\\d+)\\.(\\d+)_plugin\\.(so|dylib)$`);
  const short = new RegExp(`^pjrt[-_]plugin[-_]${n}\\.(so|dylib)$`);
  const version = (file: string): number[] => (versioned.exec(file) ?? []).slice(1, 4).map(Number);
  const newestFirst = (a: string, b: string): number => {
    const [va, vb] = [version(a), version(b)];
    for (let i = 0; i < 3; i++) if (va[i] !== vb[i]) return (vb[i] ?? 0) - (va[i] ?? 0);
    return 0;
  };
  return [
    ...entries.filter((e) => exact.test(e)),
    ...entries.filter((e) => versioned.test(e)).sort(newestFirst),
    ...entries.filter((e) => short.test(e)).sort(),
  ];
}

/** Expands a path whose segments may contain `*` (no `**`), using the host's directory listings. */
function expandGlob(host: DiscoveryHost, pattern: string): string[] {
  const parts = pattern.split('/').filter((p, i) => p !== '' || i === 0);
  let paths = [parts[0] === '' ? '/' : parts[0]!];
  for (const part of parts.slice(1)) {
    const next: string[] = [];
    for (const base of paths) {
      if (!part.includes('*')) {
        next.push(join(base, part));
        continue;
      }
      const re = new RegExp(`^${part.split('*').map(escapeRegExp).join('.*')}$`);
      for (const entry of (host.list(base) ?? []).sort()) if (re.test(entry)) next.push(join(base, entry));
    }
    paths = next;
  }
  return paths;
}

/** go-xla-compatible plugin directories, in search order. */
export function pluginDirectories(host: DiscoveryHost): string[] {
  const fromEnv = (host.env.PJRT_PLUGIN_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  return [...fromEnv, join(host.home, '.local/lib/go-xla'), '/usr/local/lib/go-xla'];
}

/** Python site-packages patterns searched for pip-installed plugins. */
export function pythonSitePatterns(host: DiscoveryHost): string[] {
  const venv = host.env.VIRTUAL_ENV;
  return [
    ...(venv ? [join(venv, 'lib/python3*/site-packages')] : []),
    '/opt/*/.venv/lib/python3*/site-packages',
    '/opt/*/venv/lib/python3*/site-packages',
    join(host.home, '.local/lib/python3*/site-packages'),
    '/usr/local/lib/python3*/dist-packages',
    '/usr/local/lib/python3*/site-packages',
    '/usr/lib/python3/dist-packages',
  ];
}

/**
 * Searches for a plugin by name (`'cpu'`, `'cuda'`, `'tpu'`, or any go-xla plugin name) or checks an
 * explicit path. `TSMLX_PJRT_PLUGIN`, when set, wins over everything.
 */
export function searchPlugin(plugin: string, host: DiscoveryHost = nodeDiscoveryHost()): PluginSearch {
  const found: FoundPlugin[] = [];
  const looked: string[] = [];
  const forced = host.env.TSMLX_PJRT_PLUGIN?.trim();
  if (forced) {
    looked.push(`$TSMLX_PJRT_PLUGIN=${forced}${host.isFile(forced) ? '' : ' (no such file)'}`);
    if (host.isFile(forced)) found.push({ name: 'path', path: forced, source: '$TSMLX_PJRT_PLUGIN' });
    return { found, looked };
  }
  looked.push('$TSMLX_PJRT_PLUGIN (not set)');
  if (isPluginPath(plugin)) {
    looked.push(`${plugin}${host.isFile(plugin) ? '' : ' (no such file)'}`);
    if (host.isFile(plugin)) found.push({ name: 'path', path: plugin, source: 'explicit path' });
    return { found, looked };
  }
  const name = canonicalPluginName(plugin);
  if (!host.env.PJRT_PLUGIN_LIBRARY_PATH) looked.push('$PJRT_PLUGIN_LIBRARY_PATH (not set)');
  const patterns = `pjrt_c_api_${name}[_vX.Y.Z]_plugin.so, pjrt[-_]plugin[-_]${name}.so`;
  for (const dir of pluginDirectories(host)) {
    const entries = host.list(dir);
    looked.push(`${dir}/{${patterns}}${entries ? '' : ' (no such directory)'}`);
    for (const file of matchPluginFiles(name, entries ?? [])) {
      const path = join(dir, file);
      if (host.isFile(path)) found.push({ name, path, source: dir });
    }
  }
  const relative = PYTHON_PLUGINS[name] ?? [];
  if (relative.length) {
    for (const pattern of pythonSitePatterns(host)) {
      const sites = expandGlob(host, pattern).filter((site) => host.list(site) !== undefined);
      if (sites.length === 0) looked.push(`${pattern}/{${relative.join(', ')}} (no such directory)`);
      for (const site of sites) {
        for (const file of relative) {
          const path = join(site, file);
          const ok = host.isFile(path);
          looked.push(`${path}${ok ? '' : ' (absent)'}`);
          if (ok) found.push({ name, path, source: 'python site-packages' });
        }
      }
    }
  }
  return { found, looked };
}

/** How to get a plugin, for error messages. */
export const HOW_TO_GET_A_PLUGIN = [
  'NVIDIA GPU: pip install "jax[cuda13]" (the plugin is site-packages/jax_plugins/xla_cuda13/xla_cuda_plugin.so;',
  '  it is found in virtualenvs under /opt/*/.venv, $VIRTUAL_ENV, ~/.local and the system Python directories)',
  'CPU: unpack pjrt_cpu_<os>_<arch>.tar.gz from https://github.com/gomlx/pjrt-cpu-binaries/releases into',
  '  ~/.local/lib/go-xla (or run go-xla/GoMLX once: it installs plugins there)',
  'TPU: pip install libtpu',
  'any plugin: TSMLX_PJRT_PLUGIN=/path/to/plugin.so, PJRT_PLUGIN_LIBRARY_PATH=dir1:dir2, or TSMLX_BACKEND=xla:/path/to/plugin.so',
].join('\n    ');

/** Error thrown when no plugin is found; the message lists every place looked at and how to get one. */
export class PluginNotFoundError extends Error {
  /** Every place looked at. */
  readonly looked: readonly string[];
  /** @param what - the plugin asked for; @param looked - places looked at. */
  constructor(what: string, looked: readonly string[]) {
    super(
      `no PJRT plugin found for ${what}. Looked at:\n  - ${[...new Set(looked)].join('\n  - ')}\n` +
        `  To get a plugin:\n    ${HOW_TO_GET_A_PLUGIN}`,
    );
    this.name = 'PluginNotFoundError';
    this.looked = looked;
  }
}

/**
 * Finds the plugins to try for a backend option: the named one, or (when `plugin` is undefined) every
 * plugin of {@link AUTO_PLUGIN_ORDER} found.
 *
 * @throws PluginNotFoundError listing every place looked at.
 */
export function findPlugins(
  plugin: string | undefined,
  host: DiscoveryHost = nodeDiscoveryHost(),
): FoundPlugin[] {
  const names = plugin === undefined ? AUTO_PLUGIN_ORDER : [plugin];
  const found: FoundPlugin[] = [];
  const looked: string[] = [];
  for (const name of names) {
    const search = searchPlugin(name, host);
    found.push(...search.found);
    looked.push(...search.looked);
    if (search.found.length && host.env.TSMLX_PJRT_PLUGIN?.trim()) break;
  }
  const unique = found.filter((f, i) => found.findIndex((g) => g.path === f.path) === i);
  if (unique.length === 0) {
    const what = plugin === undefined ? `any of ${AUTO_PLUGIN_ORDER.join(', ')}` : JSON.stringify(plugin);
    throw new PluginNotFoundError(what, looked);
  }
  return unique;
}

/**
 * The CUDA data directory (with `bin/ptxas`) next to a pip-installed CUDA plugin, for
 * `XLA_FLAGS=--xla_gpu_cuda_data_dir=...`; undefined when there is none.
 */
export function cudaDataDir(
  pluginPath: string,
  host: DiscoveryHost = nodeDiscoveryHost(),
): string | undefined {
  const dir = dirname(pluginPath);
  const candidates = [
    join(dir, '../../nvidia/cu13'),
    join(dir, '../../nvidia/cuda_nvcc'),
    join(dir, '../nvidia/cu13'),
    join(dir, '../nvidia/cuda_nvcc'),
    join(dir, '../nvidia'),
  ];
  return candidates.find((c) => host.isFile(join(c, 'bin/ptxas')));
}
