import type { Graph } from '@tsmlx/graph';
import { graphState } from './graphState.js';
import { ParamStore } from './params.js';
import type { Variable } from './variable.js';

/**
 * What every `Context` sharing one model holds: the variables by path, the hyperparameters by scope, the seed,
 * and which graph is being built (for the twice-created check). @internal
 */
export class Store {
  /** Variables by path. */
  readonly variables = new Map<string, Variable>();
  /** Hyperparameters by scope. */
  readonly params = new ParamStore();
  /** Seed of the RNG state. */
  seed: bigint;
  /** Graphs being built, innermost last. */
  readonly building: Graph[] = [];
  /** Variables requested outside any graph build (for the twice-created check). */
  readonly hostClaims = new Set<string>();

  constructor(seed: bigint) {
    this.seed = seed;
  }

  /** The graph being built, if any. */
  get currentGraph(): Graph | undefined {
    return this.building[this.building.length - 1];
  }

  /** The claim set of the current graph build (or of host code). */
  claims(): Set<string> {
    const g = this.currentGraph;
    return g ? graphState(g).claims : this.hostClaims;
  }

  /** Runs `fn` with `g` as the graph being built. */
  buildIn<T>(g: Graph, fn: () => T): T {
    this.building.push(g);
    try {
      return fn();
    } finally {
      this.building.pop();
    }
  }
}

/** A seed drawn from the platform's random source (used when a context gets none). @internal */
export function randomSeed(): bigint {
  const c = globalThis.crypto;
  if (c?.getRandomValues) {
    const words = c.getRandomValues(new Uint32Array(2));
    return (BigInt(words[1]!) << 32n) | BigInt(words[0]!);
  }
  return (
    BigInt(Math.floor(Math.random() * 2 ** 32)) * 2n ** 21n + BigInt(Math.floor(Math.random() * 2 ** 21))
  );
}
