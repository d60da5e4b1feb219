// Arena copies of GEMV weight matrices kept across calls (see arenaDerivedCache.ts), so that a W used again
// and again (the weights of an inference program) is not copied into the arena on every call.
import type { WasmArena } from '../../wasm/arena.js';
import { cachedDerived, forgetDerived } from './arenaDerivedCache.js';

/** Floats of zeros after each copy (the GEMV may read up to 3 floats past the last row). */
const SLACK_FLOATS = 4;

/**
 * The byte offset in `arena` of a copy of all of `w` (followed by zeros), or undefined when `w` is not
 * cached (first use, too large, or used in another arena). May allocate in the arena: views of its memory
 * taken before the call must be refreshed.
 */
export function cachedWeights(arena: WasmArena, w: Float32Array): number | undefined {
  return cachedDerived(arena, w, 'gemv-copy', 4 * (w.length + SLACK_FLOATS), (offset) => {
    const f32 = arena.f32;
    f32.set(w, offset / 4);
    f32.fill(0, offset / 4 + w.length, offset / 4 + w.length + SLACK_FLOATS);
  });
}

/** Drops every cached copy of `w` (for tests; release does this for backend arrays). */
export function forgetWeights(w: Float32Array): void {
  forgetDerived(w);
}
