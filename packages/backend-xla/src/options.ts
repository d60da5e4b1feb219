import type { NamedValue } from './pjrt/api.js';

/** Options of the XLA backend, parsed from `TSMLX_BACKEND=xla:<options>`. */
export interface XlaOptions {
  /** Plugin name (`cpu`, `cuda`, `tpu`) or path; undefined = try cuda, tpu, cpu in that order. */
  plugin: string | undefined;
  /** Index (into the client's addressable devices) of the default device. */
  device: number;
  /** Options passed to `PJRT_Client_Create` (e.g. `preallocate=false`, `memory_fraction=0.5`). */
  clientOptions: NamedValue[];
}

/** Client options whose values are floats even when written as integers. */
const FLOAT_KEYS = new Set(['memory_fraction']);
/** Client options whose values are int64 lists (`visible_devices=0;1`). */
const LIST_KEYS = new Set(['visible_devices']);

function namedValue(name: string, raw: string): NamedValue {
  if (LIST_KEYS.has(name) || raw.includes(';')) {
    const items = raw.split(';').filter(Boolean);
    if (!items.every((i) => /^-?\d+$/.test(i))) {
      throw new Error(`option ${name}: expected integers separated by ';', got ${JSON.stringify(raw)}`);
    }
    return { name, type: 'int64list', value: items.map((i) => BigInt(i)) };
  }
  if (raw === 'true' || raw === 'false') return { name, type: 'bool', value: raw === 'true' };
  const number = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw);
  if (number && (FLOAT_KEYS.has(name) || /[.e]/i.test(raw)))
    return { name, type: 'float', value: Number(raw) };
  if (number) return { name, type: 'int64', value: BigInt(raw) };
  return { name, type: 'string', value: raw };
}

/**
 * Parses the options part of `xla:<options>`: comma-separated, the first bare word is the plugin (a name
 * or a path), `device=N` picks the default device, every other `key=value` goes to the plugin's
 * `PJRT_Client_Create` (`true`/`false` → bool, integers → int64, decimals → float, `a;b` → int64 list,
 * anything else → string).
 *
 * @example
 * ```ts
 * parseXlaOptions('cuda,preallocate=false,memory_fraction=0.5');
 * parseXlaOptions('/opt/plugins/pjrt_c_api_cpu_plugin.so');
 * ```
 * @throws Error for two plugins or a malformed value.
 */
export function parseXlaOptions(text: string): XlaOptions {
  const options: XlaOptions = { plugin: undefined, device: 0, clientOptions: [] };
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? undefined : part.slice(0, eq).trim();
    const value = eq < 0 ? part : part.slice(eq + 1).trim();
    if (key === undefined || key === 'plugin') {
      if (options.plugin !== undefined) {
        throw new Error(`two plugins given (${JSON.stringify(options.plugin)} and ${JSON.stringify(value)})`);
      }
      options.plugin = value;
    } else if (key === 'device') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0)
        throw new Error(`device must be a non-negative integer, got ${JSON.stringify(value)}`);
      options.device = n;
    } else {
      if (!/^[A-Za-z_][\w.-]*$/.test(key)) throw new Error(`bad option name ${JSON.stringify(key)}`);
      options.clientOptions.push(namedValue(key, value));
    }
  }
  return options;
}
