import type { Builder, Value } from '@tsmlx/backends';
import type { AnyStorageArray, DType } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimpleBackend } from '../../backend.js';
import '../index.js';
import { countDifferentBytes, lcg, runOutputs } from '../../testing/programs.js';
import { acquireThreads, releaseThreads } from '../../threads/runtime.js';
import { threadSupport } from '../../threads/spawn.js';
import { hasWasmSimd } from '../../wasm/features.js';

// Wasm chains on multi-threaded backends read and write arena tensors in place (split across threads
// for large ones, one call for small ones), with repeating operands copied to scratch: the results must
// be the bits of the one-thread (copying) path and of an independent reference.

const specials = [0, -0, Number.NaN, Infinity, -Infinity, 1, -1];

function hostData(dtype: DType, n: number, seed: number): AnyStorageArray {
  const r = lcg(seed);
  if (dtype === 'bool') return Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
  const a = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = r();
    a[i] =
      u < 0.1 ? specials[Math.floor(r() * specials.length)]! : u < 0.3 ? Math.floor(r() * 3) - 1 : r() + 0.1;
  }
  return a;
}

interface Case {
  readonly shapes: readonly Shape[];
  readonly build: (b: Builder, p: Value[]) => Value[];
}

/** The case on `backend` in the steady state, on inputs from {@link hostData} (seeds 40, 41, …). */
function runOn(backend: SimpleBackend, c: Case): AnyStorageArray[] {
  const inputs = c.shapes.map((s, i) => hostData(s.dtype, s.size, 40 + i));
  return runOutputs(backend, inputs, c.shapes, c.build);
}

function scalar(b: Builder, dtype: DType, v: number, dims: readonly number[]): Value {
  const data = dtype === 'float64' ? new Float64Array([v]) : new Float32Array([v]);
  return b.broadcastInDim(b.constant(data, new Shape(dtype, [])), { dims, axesMapping: [] });
}

/** Adam's parameter update: p - lr · (m / c1) / (sqrt(v / c2) + eps), scalars folded broadcasts. */
function adam(dtype: DType, dims: number[]): Case {
  const s = new Shape(dtype, dims);
  return {
    shapes: [s, s, s],
    build: (b, [m, v, p]) => {
      const den = b.add(b.sqrt(b.div(v!, scalar(b, dtype, 0.999, dims))), scalar(b, dtype, 1e-8, dims));
      return [
        b.sub(p!, b.mul(b.div(b.div(m!, scalar(b, dtype, 0.9, dims)), den), scalar(b, dtype, 1e-3, dims))),
      ];
    },
  };
}

/** ReLU gradient as the autodiff emits it, with an extra bool mask and a bias-like periodic operand. */
function reluGrad(dtype: DType, dims: number[]): Case {
  const s = new Shape(dtype, dims);
  const channels = dims[dims.length - 1]!;
  return {
    shapes: [s, s, new Shape('bool', dims), new Shape(dtype, [channels])],
    build: (b, [x, g, keep, bias]) => {
      const z = b.add(x!, b.broadcastInDim(bias!, { dims, axesMapping: [dims.length - 1] }));
      const zero = scalar(b, dtype, 0, dims);
      const half = b.mul(g!, scalar(b, dtype, 0.5, dims));
      const grad = b.where(b.greaterThan(z, zero), g!, b.where(b.equal(z, zero), half, zero));
      return [b.where(keep!, grad, zero)];
    },
  };
}

/** Adam's three updates (new m, new v, parameter), one multi-output chain. */
function adamState(dtype: DType, dims: number[]): Case {
  const s = new Shape(dtype, dims);
  return {
    shapes: [s, s, s, s],
    build: (b, [m, v, g, p]) => {
      const c = (x: number) => scalar(b, dtype, x, dims);
      const m1 = b.add(b.mul(m!, c(0.9)), b.mul(g!, c(0.1)));
      const v1 = b.add(b.mul(v!, c(0.999)), b.mul(b.mul(g!, g!), c(0.001)));
      const den = b.add(b.sqrt(b.div(v1, c(0.5))), c(1e-8));
      return [m1, v1, b.sub(p!, b.mul(b.div(b.div(m1, c(0.25)), den), c(1e-3)))];
    },
  };
}

const enabled = threadSupport() === 'sync' && hasWasmSimd();

describe.skipIf(!enabled)('wasm chains, threads=2 in place vs threads=1 (bitwise)', () => {
  const one = new SimpleBackend({ threads: 1 });
  const two = new SimpleBackend({ threads: 2 });
  const runtime = acquireThreads(2);

  beforeAll(async () => {
    runOn(two, adam('float32', [4]));
    const pool = runtime!.pool!;
    for (let i = 0; i < 200 && pool.onlineCount < pool.workerCount; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });
  afterAll(() => {
    releaseThreads(runtime);
    two.dispose();
    one.dispose();
  });

  const same = (c: Case, threaded: boolean) => {
    const pool = runtime!.pool!;
    const before = pool.stats.tasks;
    const expected = runOn(one, c);
    const actual = runOn(two, c);
    expect(actual.length).toBe(expected.length);
    expected.forEach((e, k) => {
      expect(countDifferentBytes(e, actual[k]!), `output ${k}`).toBe(0);
    });
    if (threaded) expect(pool.stats.tasks, 'the multi-threaded path ran').toBeGreaterThan(before);
    return actual;
  };

  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: Adam update over 300×1001 (split across threads, ragged end) matches`, () => {
      const [out] = same(adam(dtype, [300, 1001]), true);
      // Independent spot checks (float64 arithmetic, rounded per op for float32).
      const r = dtype === 'float32' ? Math.fround : (v: number) => v;
      const n = 300 * 1001;
      const [m, v, p] = [0, 1, 2].map((k) => hostData(dtype, n, 40 + k) as Float32Array);
      for (const i of [0, 1, 4097, n - 3, n - 1]) {
        const den = r(r(Math.sqrt(r(v![i]! / r(0.999)))) + r(1e-8));
        const want = r(p![i]! - r(r(r(m![i]! / r(0.9)) / den) * r(1e-3)));
        expect(Object.is(out![i], want) || (Number.isNaN(out![i]!) && Number.isNaN(want))).toBe(true);
      }
    });

    it(`${dtype}: masked ReLU gradient with a bool input and a periodic bias matches`, () => {
      same(reluGrad(dtype, [7, 29, 17, 32]), true);
    });

    it(`${dtype}: Adam's three updates as one multi-output chain match`, () => {
      same(adamState(dtype, [300, 1001]), true);
      same(adamState(dtype, [1029]), false);
    });

    it(`${dtype}: small chains (one in-place call, tail not a multiple of 4) match`, () => {
      same(adam(dtype, [1027]), false);
      same(reluGrad(dtype, [3, 347, 2]), false);
    });
  }
});
