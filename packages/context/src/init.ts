import type { Backend } from '@tsmlx/backends';
import { Graph } from '@tsmlx/graph';
import type { RandomSource } from './initializers/types.js';
import { compileContextGraph, runContextGraph } from './runner.js';
import type { Store } from './store.js';
import type { Variable } from './variable.js';

const initializing = new WeakSet<Variable>();

/**
 * Initializes `variables` (those without a value) by building and running one graph that calls each
 * variable's initializer, in the given order, drawing randomness from `rng` (the context's RNG state, which
 * advances). @internal
 */
export function initializeVariables(
  backend: Backend,
  store: Store,
  variables: readonly Variable[],
  rng: RandomSource,
): void {
  const todo = variables.filter((v) => !v.initialized);
  if (todo.length === 0) return;
  for (const v of todo) {
    if (initializing.has(v)) {
      throw new Error(`variable ${v.path}: its initializer (directly or not) reads the variable itself`);
    }
  }
  const g = new Graph('initialize_variables');
  const outputs = store.buildIn(g, () => {
    return todo.map((v) => {
      const value = v.initializer(g, v.shape, rng);
      if (!value.shape.equals(v.shape)) {
        throw new Error(
          `variable ${v.path}: its initializer returned ${value.shape}, the variable is ${v.shape}`,
        );
      }
      return value;
    });
  });
  const compiled = compileContextGraph(backend, g, 0, outputs);
  for (const v of todo) initializing.add(v);
  try {
    initializeVariables(backend, store, compiled.variableInputs, rng);
    const values = runContextGraph(backend, compiled, []);
    todo.forEach((v, i) => {
      v.replaceValue(values[i]);
    });
  } finally {
    for (const v of todo) initializing.delete(v);
    compiled.executable.dispose();
  }
}
