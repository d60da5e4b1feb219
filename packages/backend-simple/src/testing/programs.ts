// Test support (not exported by the package): seeded pseudo-random inputs, running a Builder program on a
// backend in the steady state, and bit-for-bit comparisons of results.

import { Builder, type Value } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import type { SimpleBackend } from '../backend.js';

/**
 * A seeded linear congruential generator (Numerical Recipes constants, 32-bit state): each call returns the
 * next state divided by 2³², uniform in [0, 1) and exact in float64.
 */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `n` pseudo-random values uniform in [−1, 1) (`2·u − 1` of {@link lcg}), as float32 or float64. */
export function randomFloats(
  dtype: 'float32' | 'float64',
  n: number,
  seed: number,
): Float32Array | Float64Array {
  const next = lcg(seed);
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = next() * 2 - 1;
  return out;
}

/** `n` pseudo-random float32 values uniform in [−1, 1): {@link randomFloats} for float32. */
export function randoms(n: number, seed: number): Float32Array {
  return randomFloats('float32', n, seed) as Float32Array;
}

/**
 * Compiles the program `build` records (one parameter per shape) on `backend`, executes it twice on
 * `inputs` (the second run reuses pooled arrays: the steady state) and returns the second run's outputs on
 * the host. Every buffer and the executable are disposed.
 */
export function runOutputs(
  backend: SimpleBackend,
  inputs: readonly AnyStorageArray[],
  shapes: readonly Shape[],
  build: (b: Builder, params: Value[]) => Value[],
): AnyStorageArray[] {
  const b = new Builder('test', backend);
  const params = shapes.map((s) => b.parameter(s));
  const exe = b.compile(build(b, params));
  const buffers = inputs.map((x, i) => backend.bufferFromHost(x, shapes[i]!));
  for (const o of exe.execute(buffers)) o.dispose();
  const outs = exe.execute(buffers);
  const host = outs.map((o) => o.toHostSync());
  for (const o of outs) o.dispose();
  for (const x of buffers) x.dispose();
  exe.dispose();
  return host;
}

/**
 * {@link runOutputs} for a program with one output. `T` is the array type the caller knows the output
 * has (its dtype's storage); it is not checked.
 */
export function runOn<T extends AnyStorageArray = AnyStorageArray>(
  backend: SimpleBackend,
  inputs: readonly AnyStorageArray[],
  shapes: readonly Shape[],
  build: (b: Builder, params: Value[]) => Value,
): T {
  return runOutputs(backend, inputs, shapes, (b, p) => [build(b, p)])[0] as T;
}

/** How many bytes of the storage of `a` and `b` differ; −1 when their lengths differ. */
export function countDifferentBytes(a: AnyStorageArray, b: AnyStorageArray): number {
  if (a.length !== b.length || a.byteLength !== b.byteLength) return -1;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  let count = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) count++;
  return count;
}

/** Whether `a` and `b` hold the same bytes (same length, every bit equal). */
export function bitwiseEqual(a: AnyStorageArray, b: AnyStorageArray): boolean {
  return countDifferentBytes(a, b) === 0;
}

/**
 * How many elements of `actual` are not `Object.is` the element of `expected` at the same index (any NaN
 * matches any NaN, +0 does not match −0; bigints compare by value); −1 when the lengths differ.
 */
export function countMismatches(
  actual: ArrayLike<number | bigint>,
  expected: ArrayLike<number | bigint>,
): number {
  if (actual.length !== expected.length) return -1;
  let bad = 0;
  for (let i = 0; i < actual.length; i++) if (!Object.is(actual[i], expected[i])) bad++;
  return bad;
}
