import { type Buffer, UnsupportedError } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import { releaseStorage } from './storagePool.js';

/**
 * A buffer of backend-simple: host memory in the dtype's storage array. The array may view a
 * `WebAssembly.Memory` or `SharedArrayBuffer`, so kernels and workers can share it without copies.
 * Plain host memory needs no finalizer: a forgotten buffer is reclaimed by the garbage collector.
 */
export class SimpleBuffer implements Buffer {
  /** Shape of the data. */
  readonly shape: Shape;
  /** Device number: backend-simple has one device, 0. */
  readonly device = 0;
  private storage: AnyStorageArray | undefined;

  /** Wraps storage (not copied) of the given shape. */
  constructor(shape: Shape, storage: AnyStorageArray) {
    this.shape = shape;
    this.storage = storage;
  }

  /** True once disposed. */
  get disposed(): boolean {
    return this.storage === undefined;
  }

  /** The storage array itself (no copy), for the backend's own use. @throws when disposed. */
  get data(): AnyStorageArray {
    if (this.storage === undefined)
      throw new UnsupportedError('simple', `buffer ${this.shape} was used after dispose()`);
    return this.storage;
  }

  /** Copies the data to the host (resolves at once: the data is already there). */
  toHost(): Promise<AnyStorageArray> {
    try {
      return Promise.resolve(this.toHostSync());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Copies the data to the host synchronously. */
  toHostSync(): AnyStorageArray {
    return this.data.slice() as AnyStorageArray;
  }

  /** Frees the data (its memory may be reused by later runs). Idempotent. */
  dispose(): void {
    if (this.storage === undefined) return;
    releaseStorage(this.storage);
    this.storage = undefined;
  }

  /** Same as `dispose()`, for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}
