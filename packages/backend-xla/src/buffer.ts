import { type Buffer, OpError } from '@tsmlx/backends';
import { type AnyStorageArray, allocateStorage } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import { unwatchNative, watchNative } from './lifetime.js';
import type { PjrtClient } from './pjrt/client.js';

/**
 * A buffer of the XLA backend: a `PJRT_Buffer` on one device. Dispose it when done; a finalizer frees
 * forgotten ones, and disposing the backend frees all of them.
 */
export class XlaBuffer implements Buffer {
  /** Shape of the data. */
  readonly shape: Shape;
  /** Index of the device holding the data, in the backend's device list. */
  readonly device: number;
  /** The client that owns the native buffer. */
  readonly client: PjrtClient;
  private token: number | undefined;
  private readonly nativeHandle: bigint;

  /**
   * Wraps a native buffer (ownership moves to this object).
   *
   * @param device - index of the device in the backend's device list.
   */
  constructor(client: PjrtClient, handle: bigint, shape: Shape, device: number) {
    this.client = client;
    this.shape = shape;
    this.device = device;
    this.nativeHandle = handle;
    this.token = client.track('buffer', handle);
    watchNative(this, client, this.token, `buffer ${shape}`);
  }

  /** True once disposed (or the backend was). */
  get disposed(): boolean {
    return this.token === undefined || this.client.closed;
  }

  /** The `PJRT_Buffer*`. @throws when disposed. */
  get handle(): bigint {
    if (this.disposed) throw new OpError('xla', `buffer ${this.shape} was used after dispose()`);
    return this.nativeHandle;
  }

  /** Copies the data to the host; the promise resolves once the copy is done (it is synchronous here). */
  toHost(): Promise<AnyStorageArray> {
    try {
      return Promise.resolve(this.toHostSync());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Copies to the host; PJRT calls are synchronous here (the copy is awaited). */
  toHostSync(): AnyStorageArray {
    const handle = this.handle;
    const out = allocateStorage(this.shape.dtype, this.shape.size);
    if (this.shape.size > 0)
      this.client.api.bufferToHost(handle, out, this.shape.rank >= 2 ? this.shape.rank : undefined);
    return out;
  }

  /** Frees the native buffer. Idempotent; a no-op once the backend was disposed. */
  dispose(): void {
    if (this.token === undefined) return;
    const token = this.token;
    this.token = undefined;
    unwatchNative(this);
    if (!this.client.closed) this.client.release(token);
  }

  /** Same as `dispose()`, for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}
