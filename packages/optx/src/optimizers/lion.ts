import type { Context } from '@tsmlx/context';
import { add, mul, type Node, sign, sub } from '@tsmlx/graph';
import { type CommonOptions, GradientOptimizer, numberOption, type VariableUpdate } from '../optimizer.js';

/** Options of {@link lion}. */
export interface LionOptions extends CommonOptions {
  /** Interpolation factor of the update direction. Hyperparameter `lion_beta1`. Default 0.9. */
  beta1?: number;
  /** Decay of the momentum. Hyperparameter `lion_beta2`. Default 0.99. */
  beta2?: number;
  /** Decoupled weight decay λ. Hyperparameter `weight_decay`. Default 0. */
  weightDecay?: number;
}

/**
 * Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"): `c = β1·m + (1−β1)·g`,
 * `p ← p − lr · (sign(c) + λ·p)`, `m ← β2·m + (1−β2)·g` (slot `m`). Use a learning rate 3–10× smaller than
 * AdamW's (default 1e-4).
 */
export class Lion extends GradientOptimizer {
  /** Default learning rate, 1e-4. */
  protected readonly defaultLearningRate = 1e-4;
  private readonly options: LionOptions;

  /** @param options - see {@link LionOptions}. */
  constructor(options: LionOptions = {}) {
    super('lion', options);
    this.options = options;
  }

  /** See {@link GradientOptimizer.updateVariable}. */
  protected updateVariable(ctx: Context, u: VariableUpdate): Node {
    const o = this.options;
    const beta1 = numberOption(ctx, o.beta1, 'lion_beta1', 0.9);
    const beta2 = numberOption(ctx, o.beta2, 'lion_beta2', 0.99);
    const decay = numberOption(ctx, o.weightDecay, 'weight_decay', 0);
    const m = u.slot('m');
    const c = add(mul(m, beta1), mul(u.grad, 1 - beta1));
    u.setSlot('m', add(mul(m, beta2), mul(u.grad, 1 - beta2)));
    const direction = decay === 0 ? sign(c) : add(sign(c), mul(u.param, decay));
    return sub(u.param, mul(u.lr, direction));
  }
}

/** Lion (see {@link Lion}). */
export function lion(options: LionOptions = {}): Lion {
  return new Lion(options);
}
