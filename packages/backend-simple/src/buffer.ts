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
  readonly shape: Shape;
  readonly device = 0;
  private storage: AnyStorageArray | undefined;

  /** Wraps storage (not copied) of the given shape. */
  constructor(shape: Shape, storage: AnyStorageArray) {
    this.shape = shape;
    this.storage = storage;
  }

  get disposed(): boolean {
    return this.storage === undefined;
  }

  /** The storage array itself (no copy), for the backend's own use. @throws when disposed. */
  get data(): AnyStorageArray {
    if (this.storage === undefined)
      throw new UnsupportedError('simple', `buffer ${this.shape} was used after dispose()`);
    return this.storage;
  }

  toHost(): Promise<AnyStorageArray> {
    try {
      return Promise.resolve(this.toHostSync());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  toHostSync(): AnyStorageArray {
    return this.data.slice() as AnyStorageArray;
  }

  dispose(): void {
    if (this.storage === undefined) return;
    releaseStorage(this.storage);
    this.storage = undefined;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
