// Storage arrays that view the shared arena, so that every thread reads and writes tensors in place.
// Each array owns one arena block; the block is returned by `freeArenaStorage` (dispose, liveness release
// past the pool's limits) or, for an array that was simply forgotten, by a FinalizationRegistry.
import { type AnyStorageArray, type DType, storageConstructor } from '@tsmlx/dtypes';
import type { WasmArena } from '../wasm/arena.js';

interface Block {
  readonly arena: WasmArena;
  readonly offset: number;
}

const blocks = new WeakMap<object, Block>();
const finalizer = new FinalizationRegistry<Block>((block) => block.arena.free(block.offset));

/**
 * An array of `size` elements of `dtype` in `arena` (contents unspecified), or undefined when the arena
 * cannot grow that far (the caller then allocates ordinary memory).
 */
export function arenaStorage(arena: WasmArena, dtype: DType, size: number): AnyStorageArray | undefined {
  const ctor = storageConstructor(dtype);
  const length = dtype === 'complex64' || dtype === 'complex128' ? 2 * size : size;
  let offset: number;
  try {
    offset = arena.alloc(Math.max(1, length * ctor.BYTES_PER_ELEMENT));
  } catch {
    return undefined;
  }
  const array = new ctor(arena.memory.buffer, offset, length) as AnyStorageArray;
  const block = { arena, offset };
  blocks.set(array, block);
  finalizer.register(array, block, array);
  return array;
}

/** Whether `array` came from {@link arenaStorage} (and was not freed). */
export function isArenaStorage(array: AnyStorageArray): boolean {
  return blocks.has(array);
}

/** The arena holding `array`, when it came from {@link arenaStorage} (and was not freed). */
export function arenaOf(array: AnyStorageArray): WasmArena | undefined {
  return blocks.get(array)?.arena;
}

/** Returns the block of an array from {@link arenaStorage}; the array must not be used afterwards. */
export function freeArenaStorage(array: AnyStorageArray): void {
  const block = blocks.get(array);
  if (!block) return;
  blocks.delete(array);
  finalizer.unregister(array);
  block.arena.free(block.offset);
}
