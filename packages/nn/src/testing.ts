// Helpers for this package's tests (not exported from the package).
import { SimpleBackend } from '@tsmlx/backend-simple';
import { Context } from '@tsmlx/context';
import { bfloat16ToNumber, type DType, float16ToNumber } from '@tsmlx/dtypes';
import { constant, gradient, mul, type Node, reduceSum, Tensor } from '@tsmlx/graph';
import { expect } from 'vitest';

/** The backend the tests run on. */
export const testBackend = new SimpleBackend();

/** Deterministic uniform values in `[min, max)` (mulberry32). */
export function seeded(count: number, seed = 1, min = -1, max = 1): number[] {
  let state = (seed * 0x9e3779b9) >>> 0;
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = min + ((max - min) * ((t ^ (t >>> 14)) >>> 0)) / 4294967296;
  }
  return out;
}

/** A tensor of `dims` from flat values (default float64). */
export function tensor(values: readonly number[], dims: readonly number[], dtype: DType = 'float64'): Tensor {
  return Tensor.from(values as number[], { dtype, shape: dims });
}

/** The flat values of a tensor as numbers (float16/bfloat16 bits decoded). */
export function flat(t: Tensor): number[] {
  const data = t.dataSync() as ArrayLike<number | bigint>;
  if (t.dtype === 'float16') return Array.from(data as ArrayLike<number>, float16ToNumber);
  if (t.dtype === 'bfloat16') return Array.from(data as ArrayLike<number>, bfloat16ToNumber);
  return Array.from(data, Number);
}

/** A fresh context with a fixed seed. */
export function newContext(seed = 7): Context {
  return new Context({ seed });
}

/** The flat value of a context variable. */
export function varValues(ctx: Context, path: string): number[] {
  const v = ctx.getVariable(path);
  if (!v?.value) throw new Error(`test: variable ${path} missing or uninitialized`);
  return flat(v.value);
}

/** Asserts flat arrays are equal within `tolerance · (1 + |expected|)`; NaN matches NaN. */
export function expectClose(actual: readonly number[], expected: readonly number[], tolerance = 1e-9): void {
  expect(actual.length, 'length').toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i]!;
    if (Number.isNaN(e)) {
      expect(Number.isNaN(a), `[${i}] expected NaN, got ${a}`).toBe(true);
      return;
    }
    if (!Number.isFinite(e)) {
      expect(a, `[${i}]`).toBe(e);
      return;
    }
    expect(Math.abs(a - e), `[${i}]: got ${a}, expected ${e}`).toBeLessThanOrEqual(
      tolerance * (1 + Math.abs(e)),
    );
  });
}

/** A scalar loss from any float node: `Σ y · c` with fixed pseudo-random coefficients `c` (seeded). */
export function projection(y: Node, seed = 99): Node {
  const c = constant(y.graph, seeded(y.shape.size, seed), { dtype: y.dtype, shape: y.dims });
  return reduceSum(mul(y, c));
}

/** Options of {@link checkParameterGradients}. */
export interface ParameterGradientOptions {
  /** Train mode for the graphs. Default false. */
  training?: boolean;
  /** Largest accepted `|analytic − numeric| / max(1, |numeric|)`. Default 1e-6. */
  tolerance?: number;
  /** Finite-difference step. Default 1e-6. */
  step?: number;
  /** Check at most this many elements per variable (evenly spread). Default all. */
  maxElements?: number;
}

/**
 * Checks the gradients of a scalar float64 loss with respect to every trainable variable of the context
 * (built by `build`) against central finite differences made by perturbing the variables' values.
 * Returns the number of elements checked.
 */
export function checkParameterGradients(
  ctx: Context,
  build: (ctx: Context, ...inputs: Node[]) => Node,
  inputs: readonly Tensor[],
  options: ParameterGradientOptions = {},
): number {
  const training = options.training ?? false;
  const step = options.step ?? 1e-6;
  const tolerance = options.tolerance ?? 1e-6;
  const lossExec = ctx.exec(testBackend, (c: Context, ...xs: Node[]) => build(c, ...xs), {
    training,
    withGraph: false,
  });
  const loss = (): number => {
    const t = lossExec.call(...inputs) as Tensor;
    const v = Number(t.dataSync()[0]);
    t.dispose();
    return v;
  };
  loss(); // creates and initializes the variables
  const vars = ctx.trainableVariables();
  expect(vars.length, 'the model has trainable variables').toBeGreaterThan(0);
  const gradExec = ctx.exec(
    testBackend,
    (c: Context, ...xs: Node[]) => {
      const l = build(c, ...xs);
      return gradient(l, ...vars.map((v) => v.valueIn(l.graph)));
    },
    { training, withGraph: false },
  );
  const grads = (gradExec.call(...inputs) as Tensor[]).map((t) => {
    const values = flat(t);
    t.dispose();
    return values;
  });
  let checked = 0;
  vars.forEach((v, k) => {
    const base = Float64Array.from(flat(v.value!));
    const n = base.length;
    const count = Math.min(n, options.maxElements ?? n);
    for (let e = 0; e < count; e++) {
      const j = count === n ? e : Math.floor((e * n) / count);
      const x = base[j]!;
      const h = step * Math.max(1, Math.abs(x));
      base[j] = x + h;
      v.setValue(base);
      const fp = loss();
      base[j] = x - h;
      v.setValue(base);
      const fm = loss();
      base[j] = x;
      v.setValue(base);
      const numeric = (fp - fm) / (2 * h);
      const analytic = grads[k]![j]!;
      const error = Math.abs(analytic - numeric) / Math.max(1, Math.abs(numeric));
      expect(
        error,
        `d loss / d ${v.path}[${j}]: analytic ${analytic}, numeric ${numeric}`,
      ).toBeLessThanOrEqual(tolerance);
      checked++;
    }
  });
  lossExec.dispose();
  gradExec.dispose();
  return checked;
}

/**
 * Checks the gradient of `fn` (a scalar loss of one float64 input) against central finite differences.
 */
export function checkInputGradient(
  ctx: Context,
  fn: (x: Node) => Node,
  values: readonly number[],
  dims: readonly number[],
  tolerance = 1e-6,
): void {
  const lossExec = ctx.exec(testBackend, (_c: Context, x: Node) => fn(x), { withGraph: false });
  const gradExec = ctx.exec(testBackend, (_c: Context, x: Node) => gradient(fn(x), x)[0]!, {
    withGraph: false,
  });
  const analytic = flat(gradExec.call(tensor(values, dims)) as Tensor);
  const base = [...values];
  base.forEach((x, j) => {
    const h = 1e-6 * Math.max(1, Math.abs(x));
    base[j] = x + h;
    const fp = flat(lossExec.call(tensor(base, dims)) as Tensor)[0]!;
    base[j] = x - h;
    const fm = flat(lossExec.call(tensor(base, dims)) as Tensor)[0]!;
    base[j] = x;
    const numeric = (fp - fm) / (2 * h);
    const error = Math.abs(analytic[j]! - numeric) / Math.max(1, Math.abs(numeric));
    expect(error, `d/dx[${j}] (x=${x}): analytic ${analytic[j]}, numeric ${numeric}`).toBeLessThanOrEqual(
      tolerance,
    );
  });
}
