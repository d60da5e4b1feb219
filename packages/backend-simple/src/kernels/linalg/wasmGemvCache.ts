// Arena copies of GEMV weight matrices kept across calls, so that a W used again and again (the weights
// of an inference program, passed as parameters or constants) is not copied into the arena on every call.
//
// Backend storage arrays are written only by the kernel that creates them; an array's contents change
// afterwards only after it went back to the storage pool (dispose, liveness release) and was handed out
// again. So a copy stays valid until its source is released: `onStorageRelease` drops it then. An array is
// cached on its second use (a W seen once, such as the weights of a training step, is only copied), and
// the cache holds at most `MAX_CACHED_BYTES`.
import type { AnyStorageArray } from '@tsmlx/dtypes';
import { onStorageRelease } from '../../storagePool.js';
import type { WasmArena } from '../../wasm/arena.js';

const MAX_CACHED_BYTES = 64 * 1024 * 1024;
/** Floats of zeros after each copy (the GEMV may read up to 3 floats past the last row). */
const SLACK_FLOATS = 4;

interface Entry {
  readonly arena: WasmArena;
  /** Byte offset of the copy. */
  readonly offset: number;
  readonly bytes: number;
}

const entries = new WeakMap<object, Entry>();
const seen = new WeakSet<object>();
let cachedBytes = 0;

function drop(entry: Entry): void {
  entry.arena.free(entry.offset);
  cachedBytes -= entry.bytes;
}

const finalizer = new FinalizationRegistry<Entry>(drop);

function evict(array: AnyStorageArray): void {
  seen.delete(array);
  const entry = entries.get(array);
  if (!entry) return;
  entries.delete(array);
  finalizer.unregister(array);
  drop(entry);
}

onStorageRelease(evict);

/**
 * The byte offset in `arena` of a copy of all of `w` (followed by zeros), or undefined when `w` is not
 * cached (first use, too large, or used in another arena). May allocate in the arena: views of its memory
 * taken before the call must be refreshed.
 */
export function cachedWeights(arena: WasmArena, w: Float32Array): number | undefined {
  const entry = entries.get(w);
  if (entry) return entry.arena === arena ? entry.offset : undefined;
  if (!seen.has(w)) {
    seen.add(w);
    return undefined;
  }
  const bytes = 4 * (w.length + SLACK_FLOATS);
  if (cachedBytes + bytes > MAX_CACHED_BYTES) return undefined;
  let offset: number;
  try {
    offset = arena.alloc(bytes);
  } catch {
    return undefined;
  }
  const f32 = arena.f32;
  f32.set(w, offset / 4);
  f32.fill(0, offset / 4 + w.length, offset / 4 + w.length + SLACK_FLOATS);
  const created: Entry = { arena, offset, bytes };
  entries.set(w, created);
  finalizer.register(w, created, w);
  cachedBytes += bytes;
  return offset;
}

/** Drops every cached copy of `w` (for tests; release does this for backend arrays). */
export function forgetWeights(w: Float32Array): void {
  evict(w);
}
