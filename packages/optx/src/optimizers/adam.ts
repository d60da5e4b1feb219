import type { Context } from '@tsmlx/context';
import { abs, add, div, max, mul, type Node, pow, scalarLike, sqrt, square, sub } from '@tsmlx/graph';
import { type CommonOptions, GradientOptimizer, numberOption, type VariableUpdate } from '../optimizer.js';

/** Options of {@link adam}, {@link adamW}, {@link amsgrad} and {@link adamax}. */
export interface AdamOptions extends CommonOptions {
  /** Decay of the first moment. Hyperparameter `adam_beta1`. Default 0.9. */
  beta1?: number;
  /** Decay of the second moment. Hyperparameter `adam_beta2`. Default 0.999. */
  beta2?: number;
  /** Added to the denominator. Hyperparameter `adam_epsilon`. Default 1e-8. */
  epsilon?: number;
  /**
   * Weight decay λ. Hyperparameter `weight_decay`. Adam: L2, added to the gradient (default 0); AdamW:
   * decoupled, `p ← p − lr·λ·p` besides the Adam step (default 0.01).
   */
  weightDecay?: number;
  /** Decoupled weight decay (AdamW). Default false for {@link adam}, true for {@link adamW}. */
  decoupled?: boolean;
  /** AMSGrad: divide by the running maximum of the second moment (state slot `vmax`). Default false. */
  amsgrad?: boolean;
  /** Adamax: the infinity-norm variant (state slot `u` instead of `v`). Default false. */
  adamax?: boolean;
}

/**
 * Adam and its variants (as PyTorch's `Adam`, `AdamW`, `Adamax`), with t the 1-based count of applied
 * updates (state `count`) and state slots `m`, `v`:
 * - `m ← β1·m + (1−β1)·g`, `v ← β2·v + (1−β2)·g²`, `m̂ = m / (1−β1^t)`, `v̂ = v / (1−β2^t)`;
 * - Adam: `p ← p − lr · m̂ / (sqrt(v̂) + ε)`;
 * - AMSGrad: `vmax ← max(vmax, v)`, `p ← p − lr · m̂ / (sqrt(vmax / (1−β2^t)) + ε)`;
 * - AdamW: also `− lr·λ·p` (decoupled decay, using p before the step);
 * - Adamax: `u ← max(β2·u, |g| + ε)`, `p ← p − (lr / (1−β1^t)) · m / u`.
 */
export class Adam extends GradientOptimizer {
  /** Default learning rate: 0.001 (0.002 for Adamax). */
  protected readonly defaultLearningRate: number;
  private readonly options: AdamOptions;

  /** @param options - see {@link AdamOptions}. */
  constructor(options: AdamOptions = {}) {
    const name = options.adamax
      ? 'adamax'
      : options.decoupled
        ? 'adamw'
        : options.amsgrad
          ? 'amsgrad'
          : 'adam';
    super(name, options);
    this.options = options;
    this.defaultLearningRate = options.adamax ? 0.002 : 0.001;
  }

  /** See {@link GradientOptimizer.updateVariable}. */
  protected updateVariable(ctx: Context, u: VariableUpdate): Node {
    const o = this.options;
    const beta1 = numberOption(ctx, o.beta1, 'adam_beta1', 0.9);
    const beta2 = numberOption(ctx, o.beta2, 'adam_beta2', 0.999);
    const eps = numberOption(ctx, o.epsilon, 'adam_epsilon', 1e-8);
    const decay = numberOption(ctx, o.weightDecay, 'weight_decay', o.decoupled ? 0.01 : 0);
    const g = !o.decoupled && decay !== 0 ? add(u.grad, mul(u.param, decay)) : u.grad;
    const m = add(mul(u.slot('m'), beta1), mul(g, 1 - beta1));
    u.setSlot('m', m);
    const correction1 = sub(1, pow(scalarLike(u.count, beta1), u.count));
    let step: Node;
    if (o.adamax) {
      const inf = max(mul(u.slot('u'), beta2), add(abs(g), eps));
      u.setSlot('u', inf);
      step = div(div(m, correction1), inf);
    } else {
      const v = add(mul(u.slot('v'), beta2), mul(square(g), 1 - beta2));
      u.setSlot('v', v);
      let second = v;
      if (o.amsgrad) {
        second = max(u.slot('vmax'), v);
        u.setSlot('vmax', second);
      }
      const correction2 = sub(1, pow(scalarLike(u.count, beta2), u.count));
      step = div(div(m, correction1), add(sqrt(div(second, correction2)), eps));
    }
    let next = sub(u.param, mul(u.lr, step));
    if (o.decoupled && decay !== 0) next = sub(next, mul(mul(u.lr, decay), u.param));
    return next;
  }
}

/** Adam (see {@link Adam}); L2 weight decay with `weightDecay`. */
export function adam(options: AdamOptions = {}): Adam {
  return new Adam({ ...options, decoupled: false });
}

/** AdamW: Adam with decoupled weight decay (default λ = 0.01; see {@link Adam}). */
export function adamW(options: Omit<AdamOptions, 'decoupled'> = {}): Adam {
  return new Adam({ ...options, decoupled: true });
}

/** AMSGrad: Adam dividing by the running maximum of the second moment (see {@link Adam}). */
export function amsgrad(options: Omit<AdamOptions, 'amsgrad'> = {}): Adam {
  return new Adam({ ...options, amsgrad: true });
}

/** Adamax: Adam with the infinity norm (default lr 0.002; see {@link Adam}). */
export function adamax(options: Omit<AdamOptions, 'adamax'> = {}): Adam {
  return new Adam({ ...options, adamax: true });
}
