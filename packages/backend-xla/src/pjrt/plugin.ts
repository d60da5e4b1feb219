import { realpathSync } from 'node:fs';
import { PjrtApi } from './api.js';
import type { PjrtFfi } from './ffi.js';
import { koffiFfi } from './koffiFfi.js';

/** A loaded and initialized PJRT plugin. */
export interface PjrtPlugin {
  /** Typed calls into the plugin. */
  readonly api: PjrtApi;
  /** `PJRT_Plugin_Attributes` (e.g. `xla_version`, `stablehlo_current_version`). */
  readonly attributes: Readonly<Record<string, unknown>>;
}

const plugins = new Map<string, PjrtPlugin>();
let defaultFfi: PjrtFfi | undefined;

/** The process-wide default {@link PjrtFfi} (koffi), created on first use. */
export function defaultPjrtFfi(): PjrtFfi {
  defaultFfi ??= koffiFfi();
  return defaultFfi;
}

/**
 * Loads a PJRT plugin and runs `PJRT_Plugin_Initialize` on it, once per process and plugin file (cached by
 * real path: plugins must be initialized once and never unloaded).
 *
 * @throws Error when the file is not a PJRT plugin, has an unsupported API version or fails to initialize.
 */
export function openPlugin(path: string, ffi: PjrtFfi = defaultPjrtFfi()): PjrtPlugin {
  let key = path;
  try {
    key = realpathSync(path);
  } catch {
    // Let the loader report the missing file.
  }
  const cached = plugins.get(key);
  if (cached) return cached;
  const api = new PjrtApi(ffi, key);
  api.initialize();
  let attributes: Record<string, unknown> = {};
  try {
    attributes = api.attributes();
  } catch {
    // Attributes are informative only.
  }
  const plugin = { api, attributes };
  plugins.set(key, plugin);
  return plugin;
}
