import type { Graph, Node } from '@tsmlx/graph';
import type { Shape } from '@tsmlx/shapes';

/**
 * A source of random values inside a graph. Each call draws new values and advances the RNG state it
 * reads from (for a context's source, the `/rng_state` variable), so a run is reproducible from its seed.
 */
export interface RandomSource {
  /** Uniform floats in `[0, 1)` of `shape` (a float dtype). */
  uniform(g: Graph, shape: Shape): Node;
  /** Standard normal floats (mean 0, standard deviation 1) of `shape` (a float dtype). */
  normal(g: Graph, shape: Shape): Node;
  /** Raw random bits of `shape` (an unsigned dtype: uint8, uint16, uint32 or uint64). */
  bits(g: Graph, shape: Shape): Node;
}

/**
 * Builds the initial value of a variable of `shape` as a node of `g`, drawing randomness from `rng`. Runs
 * in the initialization graph the executor builds before the first graph that uses the variable.
 *
 * @example
 * ```ts
 * const halves: Initializer = (g, shape) => full(g, shape.dtype, shape.dims, 0.5);
 * ctx.variable('w', new Shape('float32', [2, 2]), { initializer: halves });
 * ```
 */
export type Initializer = (g: Graph, shape: Shape, rng: RandomSource) => Node;
