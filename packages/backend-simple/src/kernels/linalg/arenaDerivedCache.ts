// Arena blocks derived from a storage array (a copy of GEMV weights, GEMM panels packed from a weight
// matrix), kept across calls so that an operand used again and again — the weights of an inference
// program — is not copied or packed on every call.
//
// Backend storage arrays are written only by the kernel that creates them; an array's contents change
// afterwards only after it went back to the storage pool (dispose, liveness release) and was handed out
// again. So a derived block stays valid until its source is released: `onStorageRelease` drops it then
// (and a FinalizationRegistry when the source is simply forgotten). A block is made on the second use of
// an (array, key) pair (an operand seen once, such as the weights of one training step, is not cached),
// and all blocks together hold at most `MAX_CACHED_BYTES`.
import type { AnyStorageArray } from '@tsmlx/dtypes';
import { onStorageRelease } from '../../storagePool.js';
import type { WasmArena } from '../../wasm/arena.js';

const MAX_CACHED_BYTES = 64 * 1024 * 1024;

interface Entry {
  readonly arena: WasmArena;
  /** Byte offset of the block. */
  readonly offset: number;
  readonly bytes: number;
}

/** Per source array: its derived blocks by key (and as a list, for the finalizer), the keys seen once. */
interface Derived {
  readonly blocks: Map<string, Entry>;
  readonly list: Entry[];
  readonly seen: Set<string>;
}

const derived = new WeakMap<object, Derived>();
let cachedBytes = 0;

function drop(entries: Entry[]): void {
  for (const e of entries) {
    e.arena.free(e.offset);
    cachedBytes -= e.bytes;
  }
}

const finalizer = new FinalizationRegistry<Entry[]>(drop);

function evict(array: object): void {
  const d = derived.get(array);
  if (!d) return;
  derived.delete(array);
  finalizer.unregister(array);
  drop(d.list);
}

onStorageRelease(evict);

/**
 * The byte offset in `arena` of the block derived from `array` under `key` (made by `fill(offset)` on the
 * second use of the pair), or undefined (first use, over the size budget, arena full, or a block of another
 * arena). May allocate in the arena: views of its memory taken before the call must be refreshed.
 */
export function cachedDerived(
  arena: WasmArena,
  array: AnyStorageArray,
  key: string,
  bytes: number,
  fill: (offset: number) => void,
): number | undefined {
  let d = derived.get(array);
  const entry = d?.blocks.get(key);
  if (entry) return entry.arena === arena ? entry.offset : undefined;
  if (!d) {
    d = { blocks: new Map(), list: [], seen: new Set() };
    derived.set(array, d);
    finalizer.register(array, d.list, array);
  }
  if (!d.seen.has(key)) {
    d.seen.add(key);
    return undefined;
  }
  if (cachedBytes + bytes > MAX_CACHED_BYTES) return undefined;
  let offset: number;
  try {
    offset = arena.alloc(bytes);
  } catch {
    return undefined;
  }
  fill(offset);
  const created: Entry = { arena, offset, bytes };
  d.blocks.set(key, created);
  d.list.push(created);
  cachedBytes += bytes;
  return offset;
}

/** Drops every block derived from `array` (for tests; release does this for backend arrays). */
export function forgetDerived(array: AnyStorageArray): void {
  evict(array);
}
