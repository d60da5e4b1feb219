// Which kernel variant (pure TypeScript or WebAssembly SIMD) the kernel factories build.
import { hasRelaxedSimd, hasWasmSimd } from './features.js';

/** `ts`: pure TypeScript kernels; `wasm`: WebAssembly SIMD kernels where they exist (TS elsewhere). */
export type KernelVariant = 'ts' | 'wasm';

let scoped: KernelVariant | undefined;
let scopedRelaxed: boolean | undefined;

/** The variant chosen when none is requested: `wasm` when the engine has WebAssembly SIMD, else `ts`. */
export function defaultKernelVariant(): KernelVariant {
  return hasWasmSimd() ? 'wasm' : 'ts';
}

/**
 * The variant kernel factories should build now: the one requested by the enclosing
 * {@link withKernelVariant}, else the default. A request for `wasm` without engine support yields `ts`.
 */
export function activeKernelVariant(): KernelVariant {
  const v = scoped ?? defaultKernelVariant();
  return v === 'wasm' && !hasWasmSimd() ? 'ts' : v;
}

/**
 * Whether wasm kernels built now should use relaxed-SIMD fused multiply-add: as requested by the enclosing
 * {@link withKernelVariant} (default: yes), and only where the engine has it.
 */
export function activeRelaxedSimd(): boolean {
  return (scopedRelaxed ?? true) && hasRelaxedSimd();
}

/**
 * Runs `f` (a compilation) with kernel factories building `variant` (undefined: the default), with or
 * without relaxed-SIMD FMA (`relaxed`; undefined: with it where the engine has it).
 */
export function withKernelVariant<T>(variant: KernelVariant | undefined, f: () => T, relaxed?: boolean): T {
  const saved = scoped;
  const savedRelaxed = scopedRelaxed;
  scoped = variant;
  scopedRelaxed = relaxed;
  try {
    return f();
  } finally {
    scoped = saved;
    scopedRelaxed = savedRelaxed;
  }
}
