import { type Context, constant } from '@tsmlx/context';
import { add, div, mul, type Node, sqrt, square, sub } from '@tsmlx/graph';
import { type CommonOptions, GradientOptimizer, numberOption, type VariableUpdate } from '../optimizer.js';

/** Options of {@link adagrad}. */
export interface AdagradOptions extends CommonOptions {
  /** Added to the denominator. Hyperparameter `adagrad_epsilon`. Default 1e-10. */
  epsilon?: number;
  /** Initial value of the squared-gradient sum. Hyperparameter `adagrad_initial_accumulator`. Default 0. */
  initialAccumulator?: number;
  /** L2 weight decay λ added to the gradient. Hyperparameter `weight_decay`. Default 0. */
  weightDecay?: number;
}

/**
 * Adagrad, as PyTorch's `Adagrad` (no lr decay). With g' = g + λ·p: `s ← s + g'²` (slot `sum`), then
 * `p ← p − lr · g' / (sqrt(s) + ε)`.
 */
export class Adagrad extends GradientOptimizer {
  /** Default learning rate, 0.01. */
  protected readonly defaultLearningRate = 0.01;
  private readonly options: AdagradOptions;

  /** @param options - see {@link AdagradOptions}. */
  constructor(options: AdagradOptions = {}) {
    super('adagrad', options);
    this.options = options;
  }

  /** See {@link GradientOptimizer.updateVariable}. */
  protected updateVariable(ctx: Context, u: VariableUpdate): Node {
    const o = this.options;
    const eps = numberOption(ctx, o.epsilon, 'adagrad_epsilon', 1e-10);
    const initial = numberOption(ctx, o.initialAccumulator, 'adagrad_initial_accumulator', 0);
    const decay = numberOption(ctx, o.weightDecay, 'weight_decay', 0);
    const g = decay === 0 ? u.grad : add(u.grad, mul(u.param, decay));
    const s = add(u.slot('sum', constant(initial)), square(g));
    u.setSlot('sum', s);
    return sub(u.param, mul(u.lr, div(g, add(sqrt(s), eps))));
  }
}

/** Adagrad (see {@link Adagrad}). */
export function adagrad(options: AdagradOptions = {}): Adagrad {
  return new Adagrad(options);
}
