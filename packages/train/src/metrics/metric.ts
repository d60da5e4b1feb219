import { type Context, type Variable, zeros } from '@tsmlx/context';
import { add, convert, div, type Graph, max, mul, type Node, scalar, sub } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';

/** What a metric sees of one step: the batch, the model's predictions and the (main) loss, as graph nodes. */
export interface MetricInputs {
  /** The model inputs of the batch. */
  inputs: readonly Node[];
  /** The labels of the batch. */
  labels: readonly Node[];
  /** The model's outputs. */
  predictions: readonly Node[];
  /** The batch's main loss (the loss function's value, without regularization), a scalar. */
  loss: Node;
}

/**
 * A metric computed inside the train or eval graph. Its state (running sums, moving averages) lives in context
 * variables under the scope it is given (`/metrics/train/<scopeName>` or `/metrics/eval/<scopeName>`), so it
 * is updated by the same graph run as the step and reported after each step or evaluation.
 */
export interface Metric {
  /** Display name, e.g. `Mean Accuracy`. */
  readonly name: string;
  /** Short name: the key of the metric's value in step results, e.g. `acc`; also the progress-bar label. */
  readonly shortName: string;
  /** Name of the scope of its state variables, e.g. `mean_accuracy`. */
  readonly scopeName: string;
  /** What it measures, e.g. `loss` or `accuracy`: plots draw metrics of one kind in one chart. */
  readonly kind: string;
  /**
   * Builds into `g` the update of the metric's state for one batch and returns its current value (a float
   * scalar). `ctx` is the metric's own scope.
   */
  update(ctx: Context, g: Graph, inputs: MetricInputs): Node;
  /** Resets the state (e.g. before an evaluation). `ctx` is the metric's own scope. */
  reset(ctx: Context): void;
  /** Formats a value for progress reports. */
  format(value: number): string;
}

/**
 * What a batch contributes to an averaged metric: `sum` of per-example values and `count` of examples
 * (float scalars, or a number for the count). The batch value is `sum / count`.
 */
export interface BatchValue {
  /** Sum of the batch's per-example values (any float dtype, converted to float64). */
  sum: Node;
  /** Number of examples (or total weight) in the batch. */
  count: Node | number;
}

/** Computes a {@link BatchValue} from a step's nodes. */
export type BatchValueFn = (inputs: MetricInputs) => BatchValue;

/** Names and formatting of a metric made by {@link meanMetric} or {@link movingAverageMetric}. */
export interface MetricInfo {
  /** Display name. */
  name: string;
  /** Short name (step-result key). */
  shortName: string;
  /** Scope name of its state. Default: `name` in snake case. */
  scopeName?: string;
  /** Kind (see {@link Metric.kind}). Default `'metric'`. */
  kind?: string;
  /** Formats values. Default: 4 significant digits, or a percentage for kind `accuracy`. */
  format?: (value: number) => string;
}

const F64 = 'float64';

/** A float64 scalar state variable of a metric (zeros, not trainable). */
function stateVariable(ctx: Context, name: string): Variable {
  return ctx.reuse().variable(name, new Shape(F64, []), { initializer: zeros, trainable: false });
}

function asF64(x: Node | number, g: Graph): Node {
  if (typeof x === 'number') return scalar(g, x, F64);
  if (x.rank !== 0) throw new Error(`metric values must be scalars, got ${x.shape}`);
  return x.dtype === F64 ? x : convert(x, F64);
}

/** Sets every variable under `ctx`'s scope to zeros. */
export function resetScope(ctx: Context): void {
  for (const v of ctx.variablesInScope()) if (v.initialized) v.setValue(0);
}

function snakeCase(name: string): string {
  return name
    .trim()
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toLowerCase();
}

/** Default formatting: a percentage with 2 decimals for accuracies, else 4 significant digits. */
export function formatMetricValue(kind: string, value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (kind === 'accuracy') return `${(value * 100).toFixed(2)}%`;
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e5) ? value.toExponential(3) : value.toPrecision(4);
}

function base(info: MetricInfo): Omit<Metric, 'update'> {
  const kind = info.kind ?? 'metric';
  return {
    name: info.name,
    shortName: info.shortName,
    scopeName: info.scopeName ?? snakeCase(info.name),
    kind,
    reset: resetScope,
    format: info.format ?? ((v: number) => formatMetricValue(kind, v)),
  };
}

/**
 * The running mean of `fn` over every example seen since the last reset: the state keeps the total of the
 * batch sums and of the counts (float64 variables `total` and `count`); the value is `total / count` (0 before
 * any example). Used for evaluation metrics (reset before each evaluation) and for whole-run averages.
 */
export function meanMetric(info: MetricInfo, fn: BatchValueFn): Metric {
  return {
    ...base(info),
    update(ctx, g, inputs) {
      const { sum, count } = fn(inputs);
      const totalVar = stateVariable(ctx, 'total');
      const countVar = stateVariable(ctx, 'count');
      const total = add(totalVar.valueIn(g), asF64(sum, g));
      const n = add(countVar.valueIn(g), asF64(count, g));
      totalVar.setValueIn(g, total);
      countVar.setValueIn(g, n);
      return div(total, max(n, scalar(g, Number.MIN_VALUE, F64)));
    },
  };
}

/**
 * An exponential moving average of the batch values of `fn` (`sum / count` per batch): with `k` the number of
 * batches seen (this one included), `avg ← avg + w·(x − avg)` where `w = max(rate, 1/k)`, so the first batches
 * are averaged plainly and later ones decay with `rate`. State: float64 variables `average` and `batches`.
 */
export function movingAverageMetric(info: MetricInfo, fn: BatchValueFn, rate = 0.01): Metric {
  if (!(rate > 0 && rate <= 1))
    throw new RangeError(`movingAverageMetric ${info.name}: rate must be in (0, 1], got ${rate}`);
  return {
    ...base(info),
    update(ctx, g, inputs) {
      const { sum, count } = fn(inputs);
      const x = div(asF64(sum, g), asF64(count, g));
      const avgVar = stateVariable(ctx, 'average');
      const batchesVar = stateVariable(ctx, 'batches');
      const k = add(batchesVar.valueIn(g), 1);
      const w = max(div(scalar(g, 1, F64), k), scalar(g, rate, F64));
      const avg = avgVar.valueIn(g);
      const next = add(avg, mul(w, sub(x, avg)));
      avgVar.setValueIn(g, next);
      batchesVar.setValueIn(g, k);
      return next;
    },
  };
}

/**
 * A metric reporting `fn`'s batch value (`sum / count`) of each step, with no state: e.g. the loss of the
 * current batch.
 */
export function batchMetric(info: MetricInfo, fn: BatchValueFn): Metric {
  return {
    ...base(info),
    update(_ctx, g, inputs) {
      const { sum, count } = fn(inputs);
      return div(asF64(sum, g), asF64(count, g));
    },
  };
}
