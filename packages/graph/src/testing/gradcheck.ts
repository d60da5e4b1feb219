import type { Backend } from '@tsmlx/backends';
import { type DType, isFloat } from '@tsmlx/dtypes';
import { gradient } from '../autodiff/index.js';
import { DEFAULT_GRADIENT_TOLERANCE, type GradientInput } from '../conformance/types.js';
import { Exec } from '../exec.js';
import type { Node } from '../node.js';
import { Tensor } from '../tensor.js';

/** Options of {@link checkGradient}. */
export interface GradientCheckOptions {
  /**
   * Largest accepted error per element, `|analytic - numeric| / max(1, |numeric|)`. Default
   * {@link DEFAULT_GRADIENT_TOLERANCE}.
   */
  tolerance?: number;
  /** Indices of the inputs to differentiate; default every float input. */
  wrt?: readonly number[];
  /** Relative finite-difference step: element `x` moves by `step * max(1, |x|)` each way. Default 1e-6. */
  step?: number;
}

/** Where the analytic and numeric gradients disagree most. */
export interface GradientMismatch {
  /** Index of the input (argument of `fn`). */
  input: number;
  /** Row-major element index within that input. */
  index: number;
  /** The gradient computed by `gradient`. */
  analytic: number;
  /** The central finite difference. */
  numeric: number;
}

/** What {@link checkGradient} measured. */
export interface GradientCheckResult {
  /** True when every element is within the tolerance (NaN must meet NaN). */
  ok: boolean;
  /** Largest `|analytic - numeric| / max(1, |numeric|)` (the measure compared with the tolerance). */
  maxError: number;
  /** Largest `|analytic - numeric|`. */
  maxAbsError: number;
  /** Largest `|analytic - numeric| / max(|analytic|, |numeric|)` over elements where either is nonzero. */
  maxRelError: number;
  /** The element with the largest error, when there is any element. */
  worst: GradientMismatch | undefined;
  /** The analytic gradient of each differentiated input (in `wrt` order), row-major. */
  analytic: Float64Array[];
  /** The numeric gradient of each differentiated input (in `wrt` order), row-major. */
  numeric: Float64Array[];
  /** Indices of the differentiated inputs. */
  wrt: number[];
}

/**
 * Deterministic uniform values in `[min, max)` for a seed (mulberry32), so gradient cases are
 * reproducible on every backend and platform.
 */
export function seededValues(count: number, seed = 1, min = -1, max = 1): number[] {
  let state = (seed * 0x9e3779b9) >>> 0;
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = min + (max - min) * u;
  }
  return out;
}

/** The values of a {@link GradientInput}: the explicit ones, or seeded random ones. */
export function gradientInputValues(input: GradientInput): number[] {
  const count = input.dims.reduce((n, d) => n * d, 1);
  if (input.values) {
    if (input.values.length !== count) {
      throw new RangeError(
        `gradient input [${input.dims.join(', ')}] needs ${count} values, got ${input.values.length}`,
      );
    }
    return [...input.values];
  }
  const dtype = input.dtype ?? 'float64';
  const values = seededValues(count, input.seed ?? 1, input.min ?? -1, input.max ?? 1);
  return (input.integer ?? !isFloat(dtype)) ? values.map(Math.floor) : values;
}

function tensorOf(values: readonly number[] | Float64Array, input: GradientInput): Tensor {
  const dtype: DType = input.dtype ?? 'float64';
  const data = dtype === 'int64' || dtype === 'uint64' ? Array.from(values, (v) => BigInt(v)) : values;
  return Tensor.from(data as number[], { dtype, shape: input.dims });
}

function scalarOf(tensor: Tensor): number {
  const value = Number(tensor.dataSync()[0]);
  tensor.dispose();
  return value;
}

/**
 * Checks reverse-mode gradients against central finite differences, element by element: the gradient of
 * the scalar loss `fn(...inputs)` with respect to each float input, computed with `gradient` and run with
 * {@link Exec} on `backend`, against `(f(x + h) - f(x - h)) / 2h` with `h = step * max(1, |x|)`. Inputs
 * should be float64 (as should the loss) for the finite differences to be accurate; keep them away from
 * kinks and ties of non-smooth ops.
 *
 * @throws OpError from building the graph (e.g. a non-scalar loss or an op without a gradient rule).
 * @example
 * ```ts
 * const result = checkGradient(backend, (x) => reduceSum(tanh(x)), [{ dims: [3, 4], seed: 2 }]);
 * expect(result.ok).toBe(true);
 * ```
 */
export function checkGradient(
  backend: Backend,
  fn: (...inputs: Node[]) => Node,
  inputs: readonly GradientInput[],
  options: GradientCheckOptions = {},
): GradientCheckResult {
  const tolerance = options.tolerance ?? DEFAULT_GRADIENT_TOLERANCE;
  const step = options.step ?? 1e-6;
  const wrt = [
    ...(options.wrt ?? inputs.flatMap((input, i) => (isFloat(input.dtype ?? 'float64') ? [i] : []))),
  ];
  for (const i of wrt) {
    const input = inputs[i];
    if (!input || !isFloat(input.dtype ?? 'float64')) {
      throw new RangeError(
        `checkGradient: wrt index ${i} is not a float input (there are ${inputs.length} inputs)`,
      );
    }
  }
  const values = inputs.map(gradientInputValues);
  const tensors = values.map((v, i) => tensorOf(v, inputs[i]!));
  const lossExec = new Exec(backend, (...xs: Node[]) => fn(...xs), {
    name: 'gradcheckLoss',
    withGraph: false,
  });
  const gradExec = new Exec(backend, (...xs: Node[]) => gradient(fn(...xs), ...wrt.map((i) => xs[i]!)), {
    name: 'gradcheckGradient',
    withGraph: false,
  });
  try {
    const analytic = (gradExec.call(...tensors) as Tensor[]).map((t) => {
      const data = Float64Array.from(t.dataSync() as ArrayLike<number>, Number);
      t.dispose();
      return data;
    });
    const numeric = wrt.map((i) => {
      const base = Float64Array.from(values[i]!);
      const out = new Float64Array(base.length);
      const run = (x: Float64Array): number => {
        const perturbed = tensorOf(x, inputs[i]!);
        const args = tensors.map((t, k) => (k === i ? perturbed : t));
        try {
          return scalarOf(lossExec.call(...args) as Tensor);
        } finally {
          perturbed.dispose();
        }
      };
      for (let j = 0; j < base.length; j++) {
        const x = base[j]!;
        const h = step * Math.max(1, Math.abs(x));
        const xp = x + h;
        const xm = x - h;
        base[j] = xp;
        const fp = run(base);
        base[j] = xm;
        const fm = run(base);
        base[j] = x;
        out[j] = (fp - fm) / (xp - xm);
      }
      return out;
    });
    return summarize(wrt, analytic, numeric, tolerance);
  } finally {
    for (const t of tensors) t.dispose();
    lossExec.dispose();
    gradExec.dispose();
  }
}

function summarize(
  wrt: number[],
  analytic: Float64Array[],
  numeric: Float64Array[],
  tolerance: number,
): GradientCheckResult {
  let maxError = 0;
  let maxAbsError = 0;
  let maxRelError = 0;
  let worst: GradientMismatch | undefined;
  let worstError = -1;
  wrt.forEach((input, k) => {
    const a = analytic[k]!;
    const n = numeric[k]!;
    for (let j = 0; j < n.length; j++) {
      const av = a[j]!;
      const nv = n[j]!;
      let abs = av === nv ? 0 : Math.abs(av - nv);
      let error = abs / Math.max(1, Math.abs(nv));
      if (Number.isNaN(av) || Number.isNaN(nv)) {
        abs = Number.isNaN(av) && Number.isNaN(nv) ? 0 : Number.POSITIVE_INFINITY;
        error = abs;
      }
      const scale = Math.max(Math.abs(av), Math.abs(nv));
      const rel = scale > 0 ? abs / scale : 0;
      maxAbsError = Math.max(maxAbsError, abs);
      maxRelError = Math.max(maxRelError, Number.isNaN(rel) ? 0 : rel);
      maxError = Math.max(maxError, error);
      if (error > worstError) {
        worstError = error;
        worst = { input, index: j, analytic: av, numeric: nv };
      }
    }
  });
  return { ok: maxError <= tolerance, maxError, maxAbsError, maxRelError, worst, analytic, numeric, wrt };
}
