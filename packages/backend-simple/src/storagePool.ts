import { type AnyStorageArray, allocateStorage, type DType, storageConstructor } from '@tsmlx/dtypes';
import { activeThreads } from './threads/runtime.js';
import { arenaStorage, freeArenaStorage, isArenaStorage } from './threads/storage.js';

// Reuse of storage arrays across runs: released intermediates and disposed buffers go back here, and
// kernels that overwrite every element of their output take arrays from here instead of allocating
// (which, for large arrays, costs zero-filling and first-touch page faults).

const MAX_POOLED_BYTES = 256 * 1024 * 1024;
// Arrays kept per (type, length): training keeps many same-sized activations alive at once (the byte cap
// above bounds the total).
const MAX_PER_KEY = 32;
const MIN_POOLED_BYTES = 4096;

const free = new Map<string, AnyStorageArray[]>();
let freshAllocations = 0;
let pooledBytes = 0;
// Arrays in the shared arena of multi-threaded backends, pooled apart (only those backends take them).
const freeShared = new Map<string, AnyStorageArray[]>();
let pooledSharedBytes = 0;

function keyOf(ctor: { name: string }, length: number): string {
  return `${ctor.name}:${length}`;
}

/**
 * An array of `size` elements of `dtype` whose contents are unspecified: only for kernels that write every
 * element. Small arrays are always freshly allocated.
 */
export function acquireStorage(dtype: DType, size: number): AnyStorageArray {
  const ctor = storageConstructor(dtype);
  const length = dtype === 'complex64' || dtype === 'complex128' ? 2 * size : size;
  const threads = activeThreads();
  if (threads && length * ctor.BYTES_PER_ELEMENT >= MIN_POOLED_BYTES) {
    // Multi-threaded: large arrays live in the shared arena, where workers can read and write them.
    const reused = freeShared.get(keyOf(ctor, length))?.pop();
    if (reused) {
      pooledSharedBytes -= reused.byteLength;
      return reused;
    }
    freshAllocations++;
    const shared = arenaStorage(threads.arena, dtype, size);
    if (shared) return shared;
  }
  if (length * ctor.BYTES_PER_ELEMENT >= MIN_POOLED_BYTES) {
    const list = free.get(keyOf(ctor, length));
    const reused = list?.pop();
    if (reused) {
      pooledBytes -= reused.byteLength;
      return reused;
    }
    if (!threads) freshAllocations++;
  }
  return allocateStorage(dtype, size);
}

/** How many poolable (≥ 4 KiB) arrays {@link acquireStorage} has had to allocate anew (for tests). */
export function freshStorageAllocations(): number {
  return freshAllocations;
}

const releaseListeners: Array<(array: AnyStorageArray) => void> = [];

/**
 * Registers `listener`, called with every array given to {@link releaseStorage} before it can be reused
 * (caches of array contents drop their entry for it).
 */
export function onStorageRelease(listener: (array: AnyStorageArray) => void): void {
  releaseListeners.push(listener);
}

/**
 * Gives an array back for reuse. The caller guarantees nothing else reads or writes it any more. Arrays
 * that view shared or foreign memory (a subarray, a WebAssembly.Memory) are not pooled.
 */
export function releaseStorage(array: AnyStorageArray): void {
  for (const listener of releaseListeners) listener(array);
  const bytes = array.byteLength;
  if (isArenaStorage(array)) {
    const key = keyOf(array.constructor as { name: string }, array.length);
    let list = freeShared.get(key);
    if (!list) {
      list = [];
      freeShared.set(key, list);
    }
    if (list.includes(array)) return;
    if (list.length >= MAX_PER_KEY || pooledSharedBytes + bytes > MAX_POOLED_BYTES) freeArenaStorage(array);
    else {
      list.push(array);
      pooledSharedBytes += bytes;
    }
    return;
  }
  if (bytes < MIN_POOLED_BYTES || array.byteOffset !== 0 || array.buffer.byteLength !== bytes) return;
  if (!(array.buffer instanceof ArrayBuffer)) return;
  if (pooledBytes + bytes > MAX_POOLED_BYTES) return;
  const key = keyOf(array.constructor as { name: string }, array.length);
  let list = free.get(key);
  if (!list) {
    list = [];
    free.set(key, list);
  }
  if (list.length >= MAX_PER_KEY || list.includes(array)) return;
  list.push(array);
  pooledBytes += bytes;
}

/** Empties the pool (e.g. after a memory-heavy phase). */
export function clearStoragePool(): void {
  free.clear();
  pooledBytes = 0;
  for (const list of freeShared.values()) for (const array of list) freeArenaStorage(array);
  freeShared.clear();
  pooledSharedBytes = 0;
}

/** Bytes currently held by the pool (ordinary and shared-arena arrays). */
export function pooledStorageBytes(): number {
  return pooledBytes + pooledSharedBytes;
}
