import type { GradientCase } from '../types.js';
import * as composite from './composite.js';
import * as elementwise from './elementwise.js';
import * as gather from './gather.js';
import * as linalg from './linalg.js';
import * as reduce from './reduce.js';
import * as secondOrder from './secondOrder.js';
import * as shape from './shape.js';
import * as sort from './sort.js';
import * as window from './window.js';

/** Every array of cases a case file exports (each file exports its list, e.g. `SHAPE_GRADIENT_CASES`). */
function collect(...modules: ReadonlyArray<Record<string, unknown>>): GradientCase[] {
  return modules.flatMap((m) =>
    Object.values(m).flatMap((value) => (Array.isArray(value) ? (value as GradientCase[]) : [])),
  );
}

/** Every gradient case, grouped by file: elementwise, shape, reduce, window, linalg, gather, sort, composite,
 * second order. */
export const ALL_GRADIENT_CASES: readonly GradientCase[] = collect(
  elementwise,
  shape,
  reduce,
  window,
  linalg,
  gather,
  sort,
  composite,
  secondOrder,
);
