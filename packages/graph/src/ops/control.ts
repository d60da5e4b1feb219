import type { Program } from '@tsmlx/backends';
import type { Shape } from '@tsmlx/shapes';
import { opError } from '../errors.js';
import { describeValue, Graph } from '../graph.js';
import { Node } from '../node.js';

/**
 * Builds a closed sub-program (for the raw `whileLoop`, `ifElse`, `sort` and `call` ops) from a graph
 * function: `fn` receives one parameter node per shape, on a fresh graph, and returns the outputs.
 *
 * @example
 * ```ts
 * const descending = subProgram('cmp', [Shape.scalar('float32'), Shape.scalar('float32')], (a, b) =>
 *   greaterThan(a, b),
 * );
 * ```
 */
export function subProgram(
  name: string,
  shapes: readonly Shape[],
  fn: (...params: Node[]) => Node | readonly Node[],
): Program {
  const graph = new Graph(name);
  const params = shapes.map((s) => graph.parameter(s));
  const result = fn(...params);
  const outputs = result instanceof Node ? [result] : [...(result as readonly Node[])];
  for (const out of outputs) {
    if (!(out instanceof Node) || out.graph !== graph) {
      throw opError(name, `a sub-program must return nodes of its own graph, got ${describeValue(out)}`);
    }
  }
  return graph.buildProgram(outputs);
}
