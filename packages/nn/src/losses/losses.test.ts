import { constant, execOnce, type Node, reduceSum, type Tensor } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import {
  checkInputGradient,
  expectClose,
  flat,
  newContext,
  seeded,
  tensor,
  testBackend,
} from '../testing.js';
import {
  binaryCrossEntropy,
  binaryCrossEntropyLogits,
  categoricalCrossEntropy,
  categoricalCrossEntropyLogits,
  sparseCategoricalCrossEntropyLogits,
} from './classification.js';
import { huber, meanAbsoluteError, meanSquaredError } from './regression.js';

// The wrapper hides the losses' arity (execOnce passes the graph first to functions taking one more argument).
const run = (fn: (...xs: Node[]) => Node, ...xs: Tensor[]): number[] =>
  flat(execOnce(testBackend, (...nodes: Node[]) => fn(...nodes), ...xs));
/** Adapts a two-operand loss to `run`. */
const two =
  (f: (a: Node, b: Node) => Node) =>
  (...xs: Node[]): Node =>
    f(xs[0]!, xs[1]!);
const mean = (v: number[]): number => v.reduce((p, q) => p + q, 0) / v.length;

// Stable float64 references.
const log1pExp = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
function logSoftmaxRef(row: number[]): number[] {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
  return row.map((v) => v - lse);
}

describe('regression losses', () => {
  const y = [1, -2, 0.5, 3, 0, 4];
  const p = [1.5, -1, 0.5, 0, 0.2, 6.5];
  const e = p.map((v, i) => v - y[i]!);

  it('meanSquaredError, meanAbsoluteError and huber match closed forms', () => {
    const Y = tensor(y, [2, 3]);
    const P = tensor(p, [2, 3]);
    expectClose(run(two(meanSquaredError), Y, P), [mean(e.map((v) => v * v))]);
    expectClose(run(two(meanAbsoluteError), Y, P), [mean(e.map(Math.abs))]);
    const h = (d: number) => (v: number) => (Math.abs(v) <= d ? 0.5 * v * v : d * (Math.abs(v) - 0.5 * d));
    expectClose(
      run((a, b) => huber(a!, b!), Y, P),
      [mean(e.map(h(1)))],
    );
    expectClose(
      run((a, b) => huber(a!, b!, { delta: 2 }), Y, P),
      [mean(e.map(h(2)))],
    );
  });

  it('per-example weights, masks and reductions', () => {
    const Y = tensor(y, [2, 3]);
    const P = tensor(p, [2, 3]);
    const sq = e.map((v) => v * v);
    const w = [2, 0.5];
    const weighted = sq.map((v, i) => v * w[Math.floor(i / 3)]!);
    expectClose(
      run((a, b, c) => meanSquaredError(a!, b!, { weights: c! }), Y, P, tensor(w, [2])),
      [mean(weighted)],
    );
    expectClose(
      run((a, b, c) => meanSquaredError(a!, b!, { weights: c!, reduction: 'sum' }), Y, P, tensor(w, [2])),
      [weighted.reduce((s, v) => s + v)],
    );
    // Mask out the second example: the mean is over the 3 included elements.
    expectClose(
      run((a, b, m) => meanSquaredError(a!, b!, { mask: m! }), Y, P, tensor([1, 0], [2], 'bool')),
      [mean(sq.slice(0, 3))],
    );
    // Element mask [2, 3] with weights.
    const m = [1, 0, 1, 1, 1, 0];
    const kept = sq.map((v, i) => (m[i] ? v * w[Math.floor(i / 3)]! : 0));
    expectClose(
      run(
        (a, b, c, d) => meanSquaredError(a!, b!, { weights: c!, mask: d! }),
        Y,
        P,
        tensor(w, [2, 1]),
        tensor(m, [2, 3], 'bool'),
      ),
      [kept.reduce((s, v) => s + v) / 4],
    );
    const none = run(
      (a, b, d) => meanAbsoluteError(a!, b!, { mask: d!, reduction: 'none' }),
      Y,
      P,
      tensor(m, [2, 3], 'bool'),
    );
    expectClose(
      none,
      e.map((v, i) => (m[i] ? Math.abs(v) : 0)),
    );
    // All masked out: 0, not NaN.
    expectClose(
      run((a, b, d) => meanSquaredError(a!, b!, { mask: d! }), Y, P, tensor([0, 0], [2], 'bool')),
      [0],
    );
  });

  it('shape and dtype errors name the loss', () => {
    expect(() => run(two(meanSquaredError), tensor([1, 2], [2]), tensor([1, 2, 3], [3]))).toThrow(
      /meanSquaredError: labels \(float64\)\[2\] and predictions \(float64\)\[3\] must have the same dims/,
    );
    expect(() => run(two(meanSquaredError), tensor([1, 2], [2], 'float32'), tensor([1, 2], [2]))).toThrow(
      /same dtype; convert the labels/,
    );
    expect(() =>
      run(
        (a, b, c) => meanSquaredError(a!, b!, { weights: c! }),
        tensor([1, 2], [2]),
        tensor([1, 2], [2]),
        tensor([1, 2, 3], [3]),
      ),
    ).toThrow(/weights \(float64\)\[3\] must have dims that are a prefix/);
    expect(() =>
      run(
        (a, b, c) => meanSquaredError(a!, b!, { mask: c! }),
        tensor([1, 2], [2]),
        tensor([1, 2], [2]),
        tensor([1, 2], [2]),
      ),
    ).toThrow(/mask .* must have dtype bool/);
    expect(() => run((a, b) => huber(a!, b!, { delta: 0 }), tensor([1], [1]), tensor([1], [1]))).toThrow(
      /delta must be > 0/,
    );
  });
});

describe('classification losses', () => {
  const logits = [-100, 100, 0, 3.5, -2, 0.7, 100, -100, 50];
  const labels01 = [1, 0, 1, 0.25, 1, 0, 1, 1, 0];

  it('binaryCrossEntropyLogits is exact and finite for logits ±100', () => {
    const got = run(
      (a, b) => binaryCrossEntropyLogits(a!, b!, { reduction: 'none' }),
      tensor(labels01, [9]),
      tensor(logits, [9]),
    );
    // −(z·log σ(x) + (1−z)·log(1−σ(x))) = z·log1pExp(−x) + (1−z)·log1pExp(x)
    const expected = logits.map((x, i) => labels01[i]! * log1pExp(-x) + (1 - labels01[i]!) * log1pExp(x));
    expectClose(got, expected, 1e-12);
    expect(got.every(Number.isFinite)).toBe(true);
    expect(got[0]).toBeCloseTo(100, 10); // label 1, logit −100
    expectClose(
      run(two(binaryCrossEntropyLogits), tensor(labels01, [9]), tensor(logits, [9])),
      [mean(expected)],
      1e-12,
    );
  });

  it('binaryCrossEntropy on probabilities clips to [ε, 1−ε]', () => {
    const probs = [0, 1, 0.5, 0.9, 0.2, 1e-12];
    const labels = [1, 0, 1, 0, 0.5, 0];
    const clipped = probs.map((v) => Math.min(Math.max(v, 1e-7), 1 - 1e-7));
    const expected = clipped.map((q, i) => -(labels[i]! * Math.log(q) + (1 - labels[i]!) * Math.log(1 - q)));
    const got = run(
      (a, b) => binaryCrossEntropy(a!, b!, { reduction: 'none' }),
      tensor(labels, [6]),
      tensor(probs, [6]),
    );
    expectClose(got, expected, 1e-9);
    expect(got.every(Number.isFinite)).toBe(true);
  });

  it('categorical cross-entropy on logits and probabilities', () => {
    const x = [100, -100, 0, 1, 2, 3, -50, 50, 49]; // [3, 3]
    const y = [0, 1, 0, 0.2, 0.3, 0.5, 1, 0, 0];
    const rows = [0, 1, 2].map((r) => x.slice(r * 3, r * 3 + 3));
    const perRow = rows.map((row, r) => -logSoftmaxRef(row).reduce((s, l, j) => s + y[r * 3 + j]! * l, 0));
    const got = run(
      (a, b) => categoricalCrossEntropyLogits(a!, b!, { reduction: 'none' }),
      tensor(y, [3, 3]),
      tensor(x, [3, 3]),
    );
    expectClose(got, perRow, 1e-12);
    expect(got[0]).toBeCloseTo(200, 9);
    expectClose(
      run(two(categoricalCrossEntropyLogits), tensor(y, [3, 3]), tensor(x, [3, 3])),
      [mean(perRow)],
      1e-12,
    );
    const probs = [0.7, 0.2, 0.1, 0, 1, 0];
    const ly = [1, 0, 0, 1, 0, 0];
    const expected = [-Math.log(0.7), -Math.log(1e-7)];
    const got2 = run(
      (a, b) => categoricalCrossEntropy(a!, b!, { reduction: 'none' }),
      tensor(ly, [2, 3]),
      tensor(probs, [2, 3]),
    );
    expectClose(got2, expected, 1e-9);
  });

  it('sparse categorical cross-entropy with integer labels (also [..., 1] labels) and masks', () => {
    const x = [100, -100, 0, 1, 2, 3, -100, 100, 0, 0.5, 0.5, 0.5]; // [4, 3]
    const labels = [1, 2, 0, 1];
    const rows = [0, 1, 2, 3].map((r) => logSoftmaxRef(x.slice(r * 3, r * 3 + 3)));
    const perRow = rows.map((l, r) => -l[labels[r]!]!);
    const got = run(
      (a, b) => sparseCategoricalCrossEntropyLogits(a!, b!, { reduction: 'none' }),
      tensor(labels, [4], 'int32'),
      tensor(x, [4, 3]),
    );
    expectClose(got, perRow, 1e-12);
    expect(got[0]).toBeCloseTo(200, 9);
    expect(got.every(Number.isFinite)).toBe(true);
    expectClose(
      run(two(sparseCategoricalCrossEntropyLogits), tensor(labels, [4, 1], 'int64'), tensor(x, [4, 3])),
      [mean(perRow)],
      1e-12,
    );
    const masked = run(
      (a, b, m) => sparseCategoricalCrossEntropyLogits(a!, b!, { mask: m! }),
      tensor(labels, [4], 'int32'),
      tensor(x, [4, 3]),
      tensor([0, 1, 1, 0], [4], 'bool'),
    );
    expectClose(masked, [(perRow[1]! + perRow[2]!) / 2], 1e-12);
    // float32 and extreme logits: finite.
    const f32 = run(
      two(sparseCategoricalCrossEntropyLogits),
      tensor(labels, [4], 'int32'),
      tensor(x, [4, 3], 'float32'),
    );
    expectClose(f32, [mean(perRow)], 1e-6);
  });

  it('classification errors name the loss and the shapes', () => {
    expect(() =>
      run(two(sparseCategoricalCrossEntropyLogits), tensor([0, 1], [2], 'int32'), tensor(seeded(9), [3, 3])),
    ).toThrow(/sparseCategoricalCrossEntropyLogits: labels \(int32\)\[2\] must have dims \[3\]/);
    expect(() =>
      run(two(sparseCategoricalCrossEntropyLogits), tensor([0, 1, 2], [3]), tensor(seeded(9), [3, 3])),
    ).toThrow(/integer dtype/);
    expect(() =>
      run(two(categoricalCrossEntropyLogits), tensor([0, 1], [2]), tensor(seeded(9), [3, 3])),
    ).toThrow(/categoricalCrossEntropyLogits: labels .* must have the same dims/);
    expect(() =>
      run(two(binaryCrossEntropyLogits), tensor([1], [1], 'int32'), tensor([1], [1], 'int32')),
    ).toThrow(/float dtype/);
  });

  it('gradients of the logit losses are correct and finite at ±100', () => {
    const ctx = newContext();
    const x = [-100, -3, -0.5, 0.4, 2, 100];
    checkInputGradient(
      ctx,
      (v) => binaryCrossEntropyLogits(constantLike(v, [1, 0, 1, 0.3, 0, 1]), v),
      x,
      [6],
    );
    checkInputGradient(
      ctx,
      (v) => sparseCategoricalCrossEntropyLogits(intConstant(v, [0, 2]), v),
      [100, -100, 0.5, 1, 2, -3],
      [2, 3],
    );
    checkInputGradient(
      ctx,
      (v) => categoricalCrossEntropyLogits(constantLike(v, [0.1, 0.2, 0.7, 1, 0, 0]), v),
      [3, -1, 0.5, 100, -100, 2],
      [2, 3],
    );
    checkInputGradient(
      ctx,
      (v) => reduceSum(huber(constantLike(v, [0, 0, 0, 0]), v, { reduction: 'none' })),
      [-3, -0.5, 0.2, 2],
      [4],
    );
  });
});

function constantLike(like: Node, values: number[]): Node {
  return constant(like.graph, values, { dtype: like.dtype, shape: like.dims });
}

function intConstant(like: Node, values: number[]): Node {
  return constant(like.graph, values, { dtype: 'int32', shape: like.dims.slice(0, -1) });
}
