import type { PjrtClient } from './pjrt/client.js';

/** What a finalizer needs to free a forgotten native object. */
interface Held {
  readonly client: PjrtClient;
  readonly token: number;
  readonly what: string;
}

function debugLeaks(): boolean {
  return Boolean(
    (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
      ?.TSMLX_DEBUG_LEAKS,
  );
}

/**
 * Frees native objects whose JavaScript wrappers were garbage-collected without `dispose()`. A backstop
 * only: set `TSMLX_DEBUG_LEAKS=1` to be warned about each one.
 */
const registry = new FinalizationRegistry<Held>(({ client, token, what }) => {
  if (client.closed) return;
  if (debugLeaks()) console.warn(`tsmlx backend-xla: a ${what} was garbage-collected without dispose()`);
  try {
    client.release(token);
  } catch {
    // Nothing useful to do in a finalizer.
  }
});

/** Registers a wrapper so its native object is freed if the wrapper is forgotten. */
export function watchNative(wrapper: object, client: PjrtClient, token: number, what: string): void {
  registry.register(wrapper, { client, token, what }, wrapper);
}

/** Stops watching a wrapper (it was disposed explicitly). */
export function unwatchNative(wrapper: object): void {
  registry.unregister(wrapper);
}
