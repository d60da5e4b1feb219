import { type Context, type Initializer, type Variable, zeros } from '@tsmlx/context';
import { isFloat } from '@tsmlx/dtypes';
import {
  add,
  convert,
  div,
  equal,
  type Graph,
  gradient,
  logicalNot,
  type Node,
  scalar,
  where,
  zeros as zerosNode,
} from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import { allFinite, clipByGlobalNorm, clipByValue } from './clip.js';
import { globalStepVariable } from './globalStep.js';
import { type LearningRate, learningRateAt } from './schedules/schedule.js';

/**
 * An optimizer: builds, inside the graph of a training step, the parameter updates that reduce a loss.
 * Its state (moments, accumulators, counters) lives in context variables under `/optimizer/<name>/...`, so it
 * is saved and restored with the model.
 */
export interface Optimizer {
  /** Name, also the scope of its state (`/optimizer/<name>`). */
  readonly name: string;
  /**
   * Builds into `g` the gradient of `loss` with respect to the trainable variables `g` reads, the new values
   * of those variables and of the optimizer state (set with `setValueIn`, written back after each run), and
   * increments the global step (`/global_step`).
   */
  update(ctx: Context, g: Graph, loss: Node): void;
}

/** Options every gradient optimizer takes (each also read from the context's hyperparameters). */
export interface CommonOptions {
  /** Learning rate: a number or a schedule of the global step. Hyperparameter `learning_rate`. */
  learningRate?: LearningRate;
  /** Clip each gradient element to ±this before the update. Hyperparameter `clip_grad_value`. Default none. */
  clipByValue?: number;
  /** Scale the gradients so their global L2 norm is at most this. Hyperparameter `clip_grad_norm`. Default none. */
  clipByGlobalNorm?: number;
  /**
   * Skip the update (parameters and state unchanged) when any gradient element is NaN or infinite, counting it
   * in `/optimizer/skipped_steps`. Hyperparameter `skip_nonfinite`. Default false.
   */
  skipNonFinite?: boolean;
  /**
   * Accumulate the gradients of this many steps (micro-batches) and apply their mean every that many steps.
   * Hyperparameter `accumulate_steps`. Default 1 (apply every step).
   */
  accumulateSteps?: number;
}

/** Path of the counter of updates skipped for non-finite gradients. */
export const SKIPPED_STEPS_PATH = '/optimizer/skipped_steps';

/** Per-variable view given to {@link GradientOptimizer.updateVariable}. */
export interface VariableUpdate {
  /** The variable being updated. */
  variable: Variable;
  /** Its current value (graph node). */
  param: Node;
  /** The gradient to apply (accumulated and clipped), same shape and dtype. */
  grad: Node;
  /** Learning rate as a scalar of the variable's dtype. */
  lr: Node;
  /** The 1-based count of applied updates (this one included), as a scalar of the variable's dtype (for bias correction). */
  count: Node;
  /** The current value of the optimizer's state slot `name` for this variable (created with `init`, default zeros). */
  slot(name: string, init?: Initializer): Node;
  /** Sets the new value of state slot `name`. */
  setSlot(name: string, value: Node): void;
}

/** Reads a number option: the constructor's, else the hyperparameter, else the default. @internal */
export function numberOption(ctx: Context, given: number | undefined, key: string, fallback: number): number {
  return given ?? ctx.getParamNumber(key, fallback);
}

/** Reads a boolean option: the constructor's, else the hyperparameter, else the default. @internal */
export function booleanOption(
  ctx: Context,
  given: boolean | undefined,
  key: string,
  fallback: boolean,
): boolean {
  return given ?? ctx.getParamBoolean(key, fallback);
}

interface Pending {
  variable: Variable;
  old: Node;
  next: Node;
}

/**
 * Base of the gradient optimizers: computes the gradients, applies accumulation, non-finite skipping and
 * clipping, counts steps, and asks {@link GradientOptimizer.updateVariable} for each variable's new value.
 */
export abstract class GradientOptimizer implements Optimizer {
  /** Name, also the scope of its state (`/optimizer/<name>`). */
  readonly name: string;
  /** Learning rate used when neither the options nor the `learning_rate` hyperparameter give one. */
  protected abstract readonly defaultLearningRate: number;
  private readonly common: CommonOptions;

  /** @param name - the state scope; @param common - see {@link CommonOptions}. */
  protected constructor(name: string, common: CommonOptions) {
    this.name = name;
    this.common = common;
  }

  /** The new value of one variable (and its state slots through `u.setSlot`). */
  protected abstract updateVariable(ctx: Context, u: VariableUpdate): Node;

  /** See {@link Optimizer.update}. @throws Error when `g` reads no trainable float variable. */
  update(ctx: Context, g: Graph, loss: Node): void {
    const vars = ctx.trainableVariables().filter((v) => v.inputIn(g) !== undefined && isFloat(v.dtype));
    if (vars.length === 0) {
      throw new Error(
        `optimizer ${this.name}: the graph reads no trainable float variable (trainable: ${
          ctx
            .trainableVariables()
            .map((v) => v.path)
            .join(', ') || 'none'
        })`,
      );
    }
    const grads = gradient(loss, ...vars.map((v) => v.inputIn(g)!));
    this.applyGradients(ctx, g, vars, grads);
  }

  /**
   * Applies given gradients (one per variable, same shapes) instead of differentiating a loss: the rest of
   * {@link Optimizer.update} (accumulation, skipping, clipping, state, global step).
   */
  applyGradients(ctx: Context, g: Graph, vars: readonly Variable[], grads: readonly Node[]): void {
    if (vars.length !== grads.length)
      throw new Error(`optimizer ${this.name}: ${vars.length} variables but ${grads.length} gradients`);
    vars.forEach((v, i) => {
      if (!grads[i]!.shape.equals(v.shape)) {
        throw new Error(
          `optimizer ${this.name}: gradient ${grads[i]!.shape} does not match variable ${v.path} ${v.shape}`,
        );
      }
    });
    const root = ctx.at('/').reuse();
    const common = this.common;
    const lrOption: LearningRate =
      common.learningRate ?? ctx.getParamNumber('learning_rate', this.defaultLearningRate);
    const clipValue = common.clipByValue ?? optionalNumber(ctx, 'clip_grad_value');
    const clipNorm = common.clipByGlobalNorm ?? optionalNumber(ctx, 'clip_grad_norm');
    const skip = booleanOption(ctx, common.skipNonFinite, 'skip_nonfinite', false);
    const steps = numberOption(ctx, common.accumulateSteps, 'accumulate_steps', 1);
    if (!Number.isInteger(steps) || steps < 1)
      throw new Error(`optimizer ${this.name}: accumulateSteps must be an integer >= 1, got ${steps}`);

    const stepVar = globalStepVariable(ctx);
    const step = stepVar.valueIn(g);
    stepVar.setValueIn(g, add(step, 1));

    const pending: Pending[] = [];
    const stateVar = (scope: Context, name: string, shape: Shape, init: Initializer = zeros): Variable =>
      scope.reuse().variable(name, shape, { initializer: init, trainable: false });
    const defer = (variable: Variable, next: Node) =>
      pending.push({ variable, old: variable.valueIn(g), next });

    let apply: Node | undefined;
    let effective = [...grads];
    const finite = skip ? allFinite(grads) : undefined;
    if (finite) {
      const skipped = stateVar(root.in('optimizer'), 'skipped_steps', new Shape('int64', []));
      const s = skipped.valueIn(g);
      skipped.setValueIn(g, add(s, convert(logicalNot(finite), 'int64')));
      apply = finite;
    }
    if (steps > 1) {
      const scope = root.in('optimizer').in('accumulate');
      const counter = stateVar(scope, 'count', new Shape('int64', []));
      const c = counter.valueIn(g);
      const c1 = finite ? add(c, convert(finite, 'int64')) : add(c, 1);
      const ready = equal(c1, steps);
      effective = vars.map((v, i) => {
        const acc = stateVar(pathScope(scope, v.path), 'sum', v.shape);
        const a = acc.valueIn(g);
        const a1 = finite ? where(finite, add(a, grads[i]!), a) : add(a, grads[i]!);
        acc.setValueIn(g, where(ready, zerosLike(a1), a1));
        return div(a1, steps);
      });
      counter.setValueIn(g, where(ready, zerosLike(c1), c1));
      apply = ready;
    }
    if (clipValue !== undefined) effective = clipByValue(effective, clipValue);
    if (clipNorm !== undefined) effective = clipByGlobalNorm(effective, clipNorm).grads;

    const scope = root.in('optimizer').in(this.name);
    const countVar = stateVar(scope, 'count', new Shape('int64', []));
    const count = add(countVar.valueIn(g), 1);
    defer(countVar, count);
    // A fixed rate is a constant of each variable's dtype (exact in float64); a schedule is float32.
    const scheduled = typeof lrOption === 'number' ? undefined : learningRateAt(lrOption, step);
    vars.forEach((v, i) => {
      const slotScope = pathScope(scope, v.path);
      const update: VariableUpdate = {
        variable: v,
        param: v.valueIn(g),
        grad: effective[i]!,
        lr: scheduled ? convert(scheduled, v.dtype) : scalar(g, lrOption as number, v.dtype),
        count: convert(count, v.dtype),
        slot: (name, init) => stateVar(slotScope, name, v.shape, init).valueIn(g),
        setSlot: (name, value) => defer(stateVar(slotScope, name, v.shape), value),
      };
      defer(v, this.updateVariable(ctx, update));
    });
    for (const { variable, old, next } of pending) {
      const value = apply ? where(apply, next, old) : next;
      variable.setValueIn(g, value.dtype === variable.dtype ? value : convert(value, variable.dtype));
    }
  }
}

function optionalNumber(ctx: Context, key: string): number | undefined {
  return ctx.hasParam(key) ? ctx.getParamNumber(key) : undefined;
}

function zerosLike(x: Node): Node {
  return zerosNode(x.graph, x.dtype, x.dims);
}

/** The scope of a variable's optimizer state: `scope` followed by the variable's path elements. @internal */
export function pathScope(scope: Context, path: string): Context {
  return path
    .split('/')
    .filter(Boolean)
    .reduce((c, name) => c.in(name), scope);
}

/** Number of updates skipped so far for non-finite gradients (0 when none, or when skipping is off). */
export function skippedSteps(ctx: Context): number {
  const v = ctx.getVariable(SKIPPED_STEPS_PATH);
  return v?.value ? Number(v.toArray()) : 0;
}
