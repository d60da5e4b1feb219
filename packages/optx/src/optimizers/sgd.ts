import type { Context } from '@tsmlx/context';
import { add, mul, type Node, sub } from '@tsmlx/graph';
import {
  booleanOption,
  type CommonOptions,
  GradientOptimizer,
  numberOption,
  type VariableUpdate,
} from '../optimizer.js';

/** Options of {@link sgd}. */
export interface SGDOptions extends CommonOptions {
  /** Momentum μ (0 for plain SGD). Hyperparameter `sgd_momentum`. Default 0. */
  momentum?: number;
  /** Nesterov momentum. Hyperparameter `sgd_nesterov`. Default false. */
  nesterov?: boolean;
  /** L2 weight decay λ added to the gradient (`g + λ·p`). Hyperparameter `weight_decay`. Default 0. */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent, as PyTorch's `SGD` (dampening 0). With g' = g + λ·p:
 * - no momentum: `p ← p − lr · g'`;
 * - momentum: `v ← μ·v + g'` (state slot `momentum`), then `p ← p − lr · v`, or with Nesterov
 *   `p ← p − lr · (g' + μ·v)`.
 */
export class SGD extends GradientOptimizer {
  /** Default learning rate, 0.01. */
  protected readonly defaultLearningRate = 0.01;
  private readonly options: SGDOptions;

  /** @param options - see {@link SGDOptions}. */
  constructor(options: SGDOptions = {}) {
    super('sgd', options);
    this.options = options;
  }

  /** See {@link GradientOptimizer.updateVariable}. */
  protected updateVariable(ctx: Context, u: VariableUpdate): Node {
    const momentum = numberOption(ctx, this.options.momentum, 'sgd_momentum', 0);
    const nesterov = booleanOption(ctx, this.options.nesterov, 'sgd_nesterov', false);
    const decay = numberOption(ctx, this.options.weightDecay, 'weight_decay', 0);
    const g = decay === 0 ? u.grad : add(u.grad, mul(u.param, decay));
    let direction = g;
    if (momentum !== 0) {
      const v = add(mul(u.slot('momentum'), momentum), g);
      u.setSlot('momentum', v);
      direction = nesterov ? add(g, mul(v, momentum)) : v;
    }
    return sub(u.param, mul(u.lr, direction));
  }
}

/** Stochastic gradient descent (see {@link SGD}). */
export function sgd(options: SGDOptions = {}): SGD {
  return new SGD(options);
}
