import type { Context } from '@tsmlx/context';
import type { DType } from '@tsmlx/dtypes';
import { abs, add, convert, type Graph, mul, type Node, reduceSum, scalar, square } from '@tsmlx/graph';
import { nnError } from './errors.js';
import { ParamKeys } from './params.js';

/** A regularizer: turns a weight node into a scalar penalty (same dtype) added to the loss. */
export type Regularizer = (weights: Node) => Node;

function amountOf(op: string, amount: number): number {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    throw nnError(op, `the amount must be a finite number ≥ 0, got ${String(amount)}`);
  }
  return amount;
}

/** L2 penalty `amount · Σ w²`. */
export function l2Regularizer(amount: number): Regularizer {
  const a = amountOf('l2Regularizer', amount);
  return (w) => mul(reduceSum(square(w)), a);
}

/** L1 penalty `amount · Σ |w|`. */
export function l1Regularizer(amount: number): Regularizer {
  const a = amountOf('l1Regularizer', amount);
  return (w) => mul(reduceSum(abs(w)), a);
}

/** The sum of several regularizers' penalties. */
export function combineRegularizers(...regularizers: Regularizer[]): Regularizer {
  return (w) => {
    const terms = regularizers.map((r) => r(w));
    return terms.reduce((p, q) => add(p, q));
  };
}

/**
 * The regularizer the context's hyperparameters ask for at its scope: `l1_regularization` and
 * `l2_regularization` (both default 0). Undefined when both are 0.
 */
export function regularizerFromContext(ctx: Context): Regularizer | undefined {
  const l1 = ctx.getParam<number>(ParamKeys.l1Regularization, 0);
  const l2 = ctx.getParam<number>(ParamKeys.l2Regularization, 0);
  const list: Regularizer[] = [];
  if (l1 !== 0) list.push(l1Regularizer(l1));
  if (l2 !== 0) list.push(l2Regularizer(l2));
  if (list.length === 0) return undefined;
  return list.length === 1 ? list[0]! : combineRegularizers(...list);
}

// Regularization terms registered while building each graph. Keyed weakly by graph, so they vanish
// with it.
const termsByGraph = new WeakMap<Graph, Node[]>();

/**
 * Registers a scalar penalty to add to the loss of the graph it belongs to; {@link regularizationLoss}
 * sums them. Layers call it for their weights; user code may call it for any extra term.
 *
 * @throws OpError when the term is not a scalar.
 */
export function addRegularizationLoss(term: Node): void {
  if (term.rank !== 0) throw nnError('addRegularizationLoss', `the term must be a scalar, got ${term.shape}`);
  const list = termsByGraph.get(term.graph);
  if (list) list.push(term);
  else termsByGraph.set(term.graph, [term]);
}

/**
 * Applies the regularizer for `weights` of a layer: `explicit` when given (`null` disables it), else the
 * one of the context's hyperparameters ({@link regularizerFromContext}); the penalty is registered with
 * {@link addRegularizationLoss}.
 */
export function regularize(ctx: Context, weights: Node, explicit?: Regularizer | null): void {
  if (explicit === null) return;
  const r = explicit ?? regularizerFromContext(ctx);
  if (r) addRegularizationLoss(r(weights));
}

/**
 * The sum of the regularization terms registered while building graph `g` (by layers reading the
 * `l1_regularization` / `l2_regularization` hyperparameters, by layer options, or by
 * {@link addRegularizationLoss}). Add it to the main loss before differentiating:
 *
 * ```ts
 * const loss = add(meanSquaredError(labels, predictions), regularizationLoss(ctx, g));
 * ```
 *
 * Terms are converted to `dtype` (default: the first term's dtype, or float32 when there is none); with
 * no term the result is a scalar 0. The context argument is where the terms' hyperparameters were read;
 * the terms themselves are tracked per graph.
 */
export function regularizationLoss(_ctx: Context, g: Graph, dtype?: DType): Node {
  const terms = termsByGraph.get(g) ?? [];
  const target = dtype ?? terms[0]?.dtype ?? 'float32';
  if (terms.length === 0) return scalar(g, 0, target);
  return terms.map((t) => convert(t, target)).reduce((p, q) => add(p, q));
}
