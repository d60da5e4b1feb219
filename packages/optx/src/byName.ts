import type { Context } from '@tsmlx/context';
import type { Optimizer } from './optimizer.js';
import { adagrad } from './optimizers/adagrad.js';
import { adam, adamax, adamW, amsgrad } from './optimizers/adam.js';
import { lion } from './optimizers/lion.js';
import { rmsprop } from './optimizers/rmsprop.js';
import { sgd } from './optimizers/sgd.js';

const KNOWN: Record<string, () => Optimizer> = {
  sgd: () => sgd(),
  adam: () => adam(),
  adamw: () => adamW(),
  adamax: () => adamax(),
  amsgrad: () => amsgrad(),
  rmsprop: () => rmsprop(),
  adagrad: () => adagrad(),
  lion: () => lion(),
};

/** Names {@link optimizerByName} knows. */
export const KNOWN_OPTIMIZERS: readonly string[] = Object.keys(KNOWN);

/**
 * An optimizer by name (`sgd`, `adam`, `adamw`, `adamax`, `amsgrad`, `rmsprop`, `adagrad`, `lion`; case
 * insensitive) with its hyperparameters read from the context at update time.
 *
 * @throws Error listing the known names.
 */
export function optimizerByName(name: string): Optimizer {
  const make = KNOWN[name.toLowerCase()];
  if (!make) throw new Error(`unknown optimizer "${name}"; known: ${KNOWN_OPTIMIZERS.join(', ')}`);
  return make();
}

/** The optimizer the context's `optimizer` hyperparameter names (default `adamw`). */
export function optimizerFromContext(ctx: Context): Optimizer {
  return optimizerByName(ctx.getParamString('optimizer', 'adamw'));
}
