import { type Context, type Variable, zeros } from '@tsmlx/context';
import { add, type Graph, type Node } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';

/** Path of the global-step variable: an int64 scalar counting training steps (optimizer updates). */
export const GLOBAL_STEP_PATH = '/global_step';

/** The global-step variable (`/global_step`, int64 scalar, not trainable, starts at 0), created on first use. */
export function globalStepVariable(ctx: Context): Variable {
  return ctx
    .at('/')
    .reuse()
    .variable('global_step', new Shape('int64', []), { initializer: zeros, trainable: false });
}

/** The global step's current value in `g` (int64 scalar). */
export function globalStepIn(ctx: Context, g: Graph): Node {
  return globalStepVariable(ctx).valueIn(g);
}

/** Adds 1 to the global step in `g`; returns the new value. */
export function incrementGlobalStep(ctx: Context, g: Graph): Node {
  const v = globalStepVariable(ctx);
  const next = add(v.valueIn(g), 1);
  v.setValueIn(g, next);
  return next;
}

/** The global step on the host (0 before the first training step). */
export function readGlobalStep(ctx: Context): number {
  const v = ctx.getVariable(GLOBAL_STEP_PATH);
  return v?.value ? Number(v.toArray()) : 0;
}
