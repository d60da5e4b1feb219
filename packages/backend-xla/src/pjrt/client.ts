import type { NamedValue, PjrtApi, PjrtDevice } from './api.js';
import type { PjrtPlugin } from './plugin.js';

/** Kinds of native objects a client tracks. */
export type HandleKind = 'buffer' | 'loadedExecutable';

interface Tracked {
  readonly kind: HandleKind;
  readonly handle: bigint;
}

/**
 * A PJRT client and every native object created through it. Objects are tracked by token (not by their
 * JavaScript wrappers, so wrappers stay collectable): `release(token)` frees one, `close()` frees all of
 * them and then the client.
 */
export class PjrtClient {
  /** The plugin. */
  readonly plugin: PjrtPlugin;
  /** `PJRT_Client*`. */
  readonly handle: bigint;
  /** `'cpu'`, `'cuda'`, ... */
  readonly platformName: string;
  /** Plugin-specific version text. */
  readonly platformVersion: string;
  /** Addressable devices. */
  readonly devices: readonly PjrtDevice[];
  private readonly live = new Map<number, Tracked>();
  private nextToken = 1;
  private closedFlag = false;

  /**
   * Creates a client.
   *
   * @param options - `PJRT_Client_Create` named values.
   */
  constructor(plugin: PjrtPlugin, options: readonly NamedValue[] = []) {
    this.plugin = plugin;
    this.handle = plugin.api.createClient(options);
    try {
      this.platformName = plugin.api.platformName(this.handle);
      this.platformVersion = plugin.api.platformVersion(this.handle);
      this.devices = plugin.api.addressableDevices(this.handle);
      if (this.devices.length === 0) throw new Error('the PJRT client has no addressable device');
    } catch (error) {
      plugin.api.destroyClient(this.handle);
      throw error;
    }
  }

  /** Typed calls into the plugin. */
  get api(): PjrtApi {
    return this.plugin.api;
  }

  /** True after {@link PjrtClient.close}. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** Number of live tracked objects of a kind (all kinds when omitted). */
  liveCount(kind?: HandleKind): number {
    let n = 0;
    for (const t of this.live.values()) if (kind === undefined || t.kind === kind) n++;
    return n;
  }

  /** Starts tracking a native object; returns its token. */
  track(kind: HandleKind, handle: bigint): number {
    if (this.closedFlag) throw new Error('PJRT client is closed');
    const token = this.nextToken++;
    this.live.set(token, { kind, handle });
    return token;
  }

  /** Frees a tracked object. Unknown or already released tokens are ignored. */
  release(token: number): void {
    const tracked = this.live.get(token);
    if (!tracked) return;
    this.live.delete(token);
    if (tracked.kind === 'buffer') this.api.destroyBuffer(tracked.handle);
    else this.api.destroyLoadedExecutable(tracked.handle);
  }

  /** Forgets a tracked object without freeing it (ownership moved to the plugin). */
  untrack(token: number): void {
    this.live.delete(token);
  }

  /** Frees every tracked object (buffers first), then the client. Idempotent. */
  close(): void {
    if (this.closedFlag) return;
    const errors: unknown[] = [];
    for (const kind of ['buffer', 'loadedExecutable'] as const) {
      for (const [token, t] of [...this.live]) {
        if (t.kind !== kind) continue;
        try {
          this.release(token);
        } catch (error) {
          errors.push(error);
        }
      }
    }
    this.closedFlag = true;
    this.api.destroyClient(this.handle);
    if (errors.length) throw errors[0];
  }
}
