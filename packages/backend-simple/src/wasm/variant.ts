// Which kernel variant (pure TypeScript or WebAssembly SIMD) the kernel factories build.
import { hasWasmSimd } from './features.js';

/** `ts`: pure TypeScript kernels; `wasm`: WebAssembly SIMD kernels where they exist (TS elsewhere). */
export type KernelVariant = 'ts' | 'wasm';

let scoped: KernelVariant | undefined;

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

/** Runs `f` (a compilation) with kernel factories building `variant` (undefined: the default). */
export function withKernelVariant<T>(variant: KernelVariant | undefined, f: () => T): T {
  const saved = scoped;
  scoped = variant;
  try {
    return f();
  } finally {
    scoped = saved;
  }
}
