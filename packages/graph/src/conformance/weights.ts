import * as raw from '../gen_ops.js';
import type { Node } from '../node.js';
import { constant } from '../ops/constants.js';
import { reduceSum } from '../ops/reduce.js';
import { seededValues } from '../testing/gradcheck.js';

/**
 * `sum(y * w)` for fixed pseudo-random weights `w` in [0.5, 1.5) drawn from `seed`: a scalar loss whose
 * cotangent differs per element, so a rule that routes cotangents to the wrong element is caught (a plain
 * sum would hide permutations).
 */
export function weightedSum(y: Node, seed = 101): Node {
  const w = constant(y.graph, Float64Array.from(seededValues(y.shape.size, seed, 0.5, 1.5)), {
    dtype: y.dtype,
    shape: y.dims,
  });
  return reduceSum(raw.mul(y, w));
}
