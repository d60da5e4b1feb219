import type { Graph, Node } from '@tsmlx/graph';
import type { Variable } from './variable.js';

/**
 * What the context knows about one graph: whether it is a training graph, the parameter node of each
 * variable it reads (in the order they were added), the current value of each variable in the graph (the
 * last one set, else the parameter) and the new values to write back after a run.
 *
 * @internal Shared by {@link Variable}, `Context` and `ContextExec`.
 */
export class GraphState {
  /** Training graph (dropout active, batch statistics updated, ...). */
  training = false;
  /** Parameter node per variable read in the graph, in creation order. */
  readonly inputs = new Map<Variable, Node>();
  /** Current value per variable in the graph (the last set, else its parameter). */
  readonly current = new Map<Variable, Node>();
  /** New value per variable, written back after each run of the graph. */
  readonly updates = new Map<Variable, Node>();
  /** Paths of variables requested (created or fetched) while building this graph, for the twice-created check. */
  readonly claims = new Set<string>();
}

const states = new WeakMap<Graph, GraphState>();

/** The context state of a graph (made on first use). @internal */
export function graphState(g: Graph): GraphState {
  let state = states.get(g);
  if (!state) {
    state = new GraphState();
    states.set(g, state);
  }
  return state;
}
