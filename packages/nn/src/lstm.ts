import type { Context, Initializer } from '@tsmlx/context';
import { isFloat } from '@tsmlx/dtypes';
import {
  add,
  broadcastTo,
  concat,
  constant,
  dotGeneral,
  logistic,
  matMul,
  mul,
  type Node,
  reshape,
  sliceAxis,
  stack,
  tanh,
  zeros,
} from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import { layerError } from './errors.js';
import { type Regularizer, regularize } from './regularizers.js';

/** Options of {@link lstm}. */
export interface LSTMOptions {
  /**
   * Run a second LSTM (scope `backward`) from the end of the sequence and concatenate both directions'
   * outputs and states on the last axis (the forward one, scope `forward`, first). Default false.
   */
  bidirectional?: boolean;
  /** Regularizer of the input and recurrent weights (default: hyperparameters; `null` disables it). */
  regularizer?: Regularizer | null;
}

/** The output of {@link lstm}. */
export interface LSTMResult {
  /** The hidden state at every step `[batch, time, hidden]` (`2·hidden` when bidirectional). */
  output: Node;
  /** The last hidden state `[batch, hidden]` (`2·hidden` when bidirectional: forward, then backward). */
  hidden: Node;
  /** The last cell state `[batch, hidden]` (`2·hidden` when bidirectional). */
  cell: Node;
}

/** Biases at 0, except the forget gate's at 1 (Jozefowicz et al. 2015). */
function forgetBiasInitializer(hidden: number): Initializer {
  return (g, shape) => {
    const values = new Array<number>(4 * hidden).fill(0);
    values.fill(1, hidden, 2 * hidden);
    return constant(g, values, { dtype: shape.dtype, shape: [4 * hidden] });
  };
}

function direction(
  ctx: Context,
  x: Node,
  hidden: number,
  reversed: boolean,
  regularizer: Regularizer | null | undefined,
): LSTMResult {
  const g = x.graph;
  const [b, t, f] = x.dims as [number, number, number];
  const w = ctx.variable('weights', new Shape(x.dtype, [f, 4 * hidden])).valueIn(g);
  const u = ctx.variable('recurrent_weights', new Shape(x.dtype, [hidden, 4 * hidden])).valueIn(g);
  const bias = ctx
    .variable('biases', new Shape(x.dtype, [4 * hidden]), { initializer: forgetBiasInitializer(hidden) })
    .valueIn(g);
  regularize(ctx, w, regularizer);
  regularize(ctx, u, regularizer);
  let h = zeros(g, x.dtype, [b, hidden]);
  let c = zeros(g, x.dtype, [b, hidden]);
  if (t === 0) return { output: zeros(g, x.dtype, [b, 0, hidden]), hidden: h, cell: c };
  // The input projection of every step at once: [b, t, 4h].
  const projected = dotGeneral(x, w, {
    lhsBatchAxes: [],
    lhsContractingAxes: [2],
    rhsBatchAxes: [],
    rhsContractingAxes: [0],
  });
  const xw = add(projected, broadcastTo(bias, projected.dims));
  const outputs = new Array<Node>(t);
  for (let s = 0; s < t; s++) {
    const step = reversed ? t - 1 - s : s;
    const z = add(reshape(sliceAxis(xw, 1, step, step + 1), [b, 4 * hidden]), matMul(h, u));
    const gate = (k: number): Node => sliceAxis(z, 1, k * hidden, (k + 1) * hidden);
    const i = logistic(gate(0));
    const fg = logistic(gate(1));
    const cand = tanh(gate(2));
    const o = logistic(gate(3));
    c = add(mul(fg, c), mul(i, cand));
    h = mul(o, tanh(c));
    outputs[step] = h;
  }
  return { output: stack(outputs, 1), hidden: h, cell: c };
}

/**
 * A long short-term memory layer (Hochreiter & Schmidhuber 1997) over `x [batch, time, features]`,
 * unrolled over the static time axis. Per step, with `z = xₜ·W + hₜ₋₁·U + b` split into the gates
 * `i, f, g, o` (in that order): `c = σ(f)·c + σ(i)·tanh(g)`, `h = σ(o)·tanh(c)`; states start at 0.
 * Variables: `weights [features, 4h]`, `recurrent_weights [h, 4h]`, `biases [4h]` (forget gate
 * initialized to 1), in `ctx`'s scope (or its `forward` / `backward` sub-scopes when bidirectional).
 *
 * @throws LayerError naming the scope when `x` is not a rank-3 float tensor or `hiddenSize` is invalid.
 * @example
 * ```ts
 * const { output, hidden } = lstm(ctx.in('encoder'), x, 64, { bidirectional: true }); // output [b, t, 128]
 * ```
 */
export function lstm(ctx: Context, x: Node, hiddenSize: number, options: LSTMOptions = {}): LSTMResult {
  if (x.rank !== 3 || !isFloat(x.dtype)) {
    throw layerError(ctx, 'lstm', `input must be a float tensor [batch, time, features], got ${x.shape}`);
  }
  if (!Number.isInteger(hiddenSize) || hiddenSize < 1) {
    throw layerError(ctx, 'lstm', `hiddenSize must be a positive integer, got ${String(hiddenSize)}`);
  }
  if (!options.bidirectional) return direction(ctx, x, hiddenSize, false, options.regularizer);
  const fw = direction(ctx.in('forward'), x, hiddenSize, false, options.regularizer);
  const bw = direction(ctx.in('backward'), x, hiddenSize, true, options.regularizer);
  return {
    output: concat([fw.output, bw.output], -1),
    hidden: concat([fw.hidden, bw.hidden], -1),
    cell: concat([fw.cell, bw.cell], -1),
  };
}
