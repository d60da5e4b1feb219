import type { Backend } from './backend.js';
import { BackendError } from './errors.js';

/** Creates a backend from the options part of a config string (`'threads=2'` in `'simple:threads=2'`). */
export type BackendFactory = (options: string) => Backend;

/** Registration options. */
export interface RegisterOptions {
  /** Higher is preferred when no backend is named. Default 0. */
  priority?: number;
  /** Other names that select this backend (e.g. `stablehlo` for `xla`). */
  aliases?: readonly string[];
}

interface Registration {
  readonly name: string;
  readonly factory: BackendFactory;
  readonly priority: number;
  readonly aliases: readonly string[];
}

const registrations = new Map<string, Registration>();
const aliasTargets = new Map<string, string>();
const instances = new Map<string, Backend>();

/**
 * Registers a backend factory under a name. Registering a name again replaces the factory.
 *
 * @example
 * ```ts
 * registerBackend('mine', (options) => new MyBackend(options), { priority: 5 });
 * ```
 */
export function registerBackend(name: string, factory: BackendFactory, options: RegisterOptions = {}): void {
  if (!/^[a-z][a-z0-9_-]*$/.test(name)) {
    throw new BackendError(
      `registerBackend: invalid name ${JSON.stringify(name)} (use lower-case letters, digits, - and _)`,
    );
  }
  const registration: Registration = {
    name,
    factory,
    priority: options.priority ?? 0,
    aliases: options.aliases ?? [],
  };
  registrations.set(name, registration);
  for (const alias of registration.aliases) aliasTargets.set(alias, name);
  for (const key of [...instances.keys()])
    if (key === name || key.startsWith(`${name}:`)) instances.delete(key);
}

/** Names of the registered backends, highest priority first, with their aliases. */
export function listBackends(): Array<{ name: string; priority: number; aliases: readonly string[] }> {
  return [...registrations.values()]
    .sort((a, b) => b.priority - a.priority)
    .map(({ name, priority, aliases }) => ({ name, priority, aliases }));
}

function environmentConfig(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.TSMLX_BACKEND?.trim();
  return value ? value : undefined;
}

/**
 * Returns a backend (cached per config string). `config` is `name[:options]`; without it,
 * `TSMLX_BACKEND` is read, else the highest-priority registered backend that initializes is used.
 *
 * @throws BackendError for an unknown name (listing the known ones) or a backend that fails to start.
 * @example
 * ```ts
 * const backend = getBackend();          // TSMLX_BACKEND or the best registered one
 * const simple = getBackend('simple');
 * ```
 */
export function getBackend(config?: string): Backend {
  const chosen = config ?? environmentConfig();
  if (chosen !== undefined) return instantiate(chosen);
  const failures: string[] = [];
  for (const { name } of listBackends()) {
    try {
      return instantiate(name);
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`);
    }
  }
  throw new BackendError(
    registrations.size === 0
      ? 'getBackend: no backend is registered; import "@tsmlx/backend-simple" (or "tsmlx") to register the default one'
      : `getBackend: no registered backend could start:\n  ${failures.join('\n  ')}`,
  );
}

function instantiate(config: string): Backend {
  const cached = instances.get(config);
  if (cached) return cached;
  const colon = config.indexOf(':');
  const requested = (colon < 0 ? config : config.slice(0, colon)).trim();
  const options = colon < 0 ? '' : config.slice(colon + 1);
  const name = registrations.has(requested) ? requested : aliasTargets.get(requested);
  const registration = name === undefined ? undefined : registrations.get(name);
  if (!registration) {
    const known = listBackends()
      .map((b) => (b.aliases.length ? `${b.name} (${b.aliases.join(', ')})` : b.name))
      .join(', ');
    throw new BackendError(
      `unknown backend ${JSON.stringify(requested)}; registered backends: ${known || 'none'}`,
    );
  }
  let backend: Backend;
  try {
    backend = registration.factory(options);
  } catch (error) {
    throw new BackendError(
      `backend "${registration.name}" failed to start with options ${JSON.stringify(options)}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  instances.set(config, backend);
  return backend;
}
