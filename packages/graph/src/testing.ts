// Helpers for this package's tests (not exported from the package).
import { SimpleBackend } from '@tsmlx/backend-simple';
import { expect } from 'vitest';
import type { NestedArray } from './values.js';

/** The backend the tests run on. */
export const testBackend = new SimpleBackend();

/** Deterministic pseudo-random numbers in [-1, 1) (a small LCG), for test inputs. */
export function randomValues(count: number, seed = 1): number[] {
  let state = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out.push(state / 2 ** 31 - 1);
  }
  return out;
}

/** Rounds numbers to float32, as inputs stored in float32 tensors are. */
export function f32(values: readonly number[]): number[] {
  return Array.from(new Float32Array(values));
}

/** Nests a flat list into dims (row-major). */
export function nest(flat: readonly number[], dims: readonly number[]): NestedArray {
  if (dims.length === 0) return flat[0]!;
  let offset = 0;
  const build = (axis: number): NestedArray[] => {
    const out: NestedArray[] = [];
    for (let i = 0; i < dims[axis]!; i++)
      out.push(axis === dims.length - 1 ? flat[offset++]! : build(axis + 1));
    return out;
  };
  return build(0);
}

/** Asserts nested arrays of numbers are equal within `tolerance` (absolute + relative); NaN matches NaN. */
export function expectClose(
  actual: NestedArray,
  expected: NestedArray,
  tolerance = 1e-5,
  path = 'value',
): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    const a = actual as readonly NestedArray[];
    expect(a.length, `${path} length`).toBe(expected.length);
    expected.forEach((e, i) => {
      expectClose(a[i]!, e, tolerance, `${path}[${i}]`);
    });
    return;
  }
  const e = Number(expected);
  const a = Number(actual);
  if (Number.isNaN(e)) {
    expect(Number.isNaN(a), `${path}: expected NaN, got ${a}`).toBe(true);
    return;
  }
  if (!Number.isFinite(e)) {
    expect(a, path).toBe(e);
    return;
  }
  expect(Math.abs(a - e), `${path}: got ${a}, expected ${e}`).toBeLessThanOrEqual(
    tolerance * (1 + Math.abs(e)),
  );
}
