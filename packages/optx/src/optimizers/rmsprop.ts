import type { Context } from '@tsmlx/context';
import { add, div, mul, type Node, sqrt, square, sub } from '@tsmlx/graph';
import {
  booleanOption,
  type CommonOptions,
  GradientOptimizer,
  numberOption,
  type VariableUpdate,
} from '../optimizer.js';

/** Options of {@link rmsprop}. */
export interface RMSPropOptions extends CommonOptions {
  /** Decay ρ of the squared-gradient average. Hyperparameter `rmsprop_rho`. Default 0.99. */
  rho?: number;
  /** Added to the denominator. Hyperparameter `rmsprop_epsilon`. Default 1e-8. */
  epsilon?: number;
  /** Momentum μ. Hyperparameter `rmsprop_momentum`. Default 0. */
  momentum?: number;
  /** Centered: divide by the estimated variance instead of the second moment. Hyperparameter `rmsprop_centered`. Default false. */
  centered?: boolean;
  /** L2 weight decay λ added to the gradient. Hyperparameter `weight_decay`. Default 0. */
  weightDecay?: number;
}

/**
 * RMSProp, as PyTorch's `RMSprop`. With g' = g + λ·p: `v ← ρ·v + (1−ρ)·g'²` (slot `v`); centered:
 * `a ← ρ·a + (1−ρ)·g'` (slot `avg`) and d = sqrt(v − a²) + ε, else d = sqrt(v) + ε; without momentum
 * `p ← p − lr·g'/d`; with momentum `b ← μ·b + g'/d` (slot `momentum`) and `p ← p − lr·b`.
 */
export class RMSProp extends GradientOptimizer {
  /** Default learning rate, 0.01. */
  protected readonly defaultLearningRate = 0.01;
  private readonly options: RMSPropOptions;

  /** @param options - see {@link RMSPropOptions}. */
  constructor(options: RMSPropOptions = {}) {
    super('rmsprop', options);
    this.options = options;
  }

  /** See {@link GradientOptimizer.updateVariable}. */
  protected updateVariable(ctx: Context, u: VariableUpdate): Node {
    const o = this.options;
    const rho = numberOption(ctx, o.rho, 'rmsprop_rho', 0.99);
    const eps = numberOption(ctx, o.epsilon, 'rmsprop_epsilon', 1e-8);
    const momentum = numberOption(ctx, o.momentum, 'rmsprop_momentum', 0);
    const centered = booleanOption(ctx, o.centered, 'rmsprop_centered', false);
    const decay = numberOption(ctx, o.weightDecay, 'weight_decay', 0);
    const g = decay === 0 ? u.grad : add(u.grad, mul(u.param, decay));
    const v = add(mul(u.slot('v'), rho), mul(square(g), 1 - rho));
    u.setSlot('v', v);
    let variance = v;
    if (centered) {
      const avg = add(mul(u.slot('avg'), rho), mul(g, 1 - rho));
      u.setSlot('avg', avg);
      variance = sub(v, square(avg));
    }
    const scaled = div(g, add(sqrt(variance), eps));
    if (momentum === 0) return sub(u.param, mul(u.lr, scaled));
    const b = add(mul(u.slot('momentum'), momentum), scaled);
    u.setSlot('momentum', b);
    return sub(u.param, mul(u.lr, b));
  }
}

/** RMSProp (see {@link RMSProp}). */
export function rmsprop(options: RMSPropOptions = {}): RMSProp {
  return new RMSProp(options);
}
