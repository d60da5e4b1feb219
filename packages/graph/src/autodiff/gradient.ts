import { OpError } from '@tsmlx/backends';
import { isFloat } from '@tsmlx/dtypes';
import { atUserFrame } from '../errors.js';
import { describeValue } from '../graph.js';
import { Node } from '../node.js';
import { add } from '../ops/arith.js';
import { ones, zeros } from '../ops/constants.js';
import { customGradientOf } from './custom.js';
import { vjpRule } from './registry.js';

function fail(message: string): never {
  throw atUserFrame(new OpError('gradient', message));
}

/** Sums the cotangent contributions of one node with a balanced tree of adds (exact, no zeros materialized). */
function sumAll(parts: Node[]): Node {
  let level = parts;
  while (level.length > 1) {
    const next: Node[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? add(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/**
 * Reverse-mode automatic differentiation: the gradient of a scalar float `loss` with respect to each of
 * `wrt`, as new nodes of the same graph. A `wrt` node the loss does not depend on gets zeros of its shape;
 * integer and boolean paths (comparisons, argMax, iota, bit ops) carry no gradient. Contributions of a node
 * used by several consumers are summed exactly; only nodes on a path from some `wrt` to the loss are visited.
 * The returned nodes are ordinary graph nodes, so gradients of gradients work for the smooth ops.
 *
 * @throws OpError when the loss is not a scalar float, a `wrt` node is of another graph, or an op on the
 * path has no VJP rule.
 * @example
 * ```ts
 * const loss = mean(square(sub(matMul(x, w), y)));
 * const [dw] = gradient(loss, w);
 * ```
 */
export function gradient(loss: Node, ...wrt: Node[]): Node[] {
  if (!(loss instanceof Node)) fail(`the loss must be a Node, got ${describeValue(loss)}`);
  if (loss.rank !== 0)
    fail(`the loss must be a scalar, got ${loss.shape}; reduce it first (e.g. mean or reduceSum)`);
  if (!isFloat(loss.dtype)) {
    fail(`the loss must have a float dtype (float16, bfloat16, float32, float64), got ${loss.shape}`);
  }
  const graph = loss.graph;
  wrt.forEach((w, i) => {
    if (!(w instanceof Node)) fail(`wrt ${i} must be a Node, got ${describeValue(w)}`);
    if (w.graph !== graph)
      fail(`${w} belongs to graph "${w.graph.name}", not the loss's graph "${graph.name}"`);
  });
  const nodes = graph.nodes;
  const dependsOnWrt = forwardDependencies(nodes, wrt, loss);
  const firstWrt = wrt.length ? Math.min(...wrt.map((w) => w.id)) : loss.id + 1;
  const cotangents = new Map<number, Node[]>();
  if (dependsOnWrt[loss.id]) cotangents.set(loss.id, [ones(graph, loss.dtype, [])]);
  // Backward, in reverse creation order (a topological order). Outputs of one multi-output op have
  // consecutive ids; the op is handled once, at its first output, after all their consumers.
  for (let id = loss.id; id >= firstWrt; id--) {
    const node = nodes[id]!;
    const siblings = node.siblings;
    if (siblings[0] !== node) continue;
    // Nothing to propagate when no input depends on a wrt node (leaves, and wrt nodes themselves).
    if (!siblings.some((s) => dependsOnWrt[s.id] === 1)) continue;
    if (!node.inputs.some((input) => dependsOnWrt[input.id] === 1)) continue;
    const grads = siblings.map((s) => {
      const parts = cotangents.get(s.id);
      if (!parts) return undefined;
      const total = sumAll(parts);
      cotangents.set(s.id, [total]);
      return total;
    });
    if (grads.every((g) => g === undefined)) continue;
    const needs = node.inputs.map((input) => dependsOnWrt[input.id] === 1);
    const inputGrads = backward(node, grads, needs);
    node.inputs.forEach((input, i) => {
      const g = inputGrads[i];
      if (g === undefined || !needs[i]) return;
      if (!(g instanceof Node) || !g.shape.equals(input.shape)) {
        const got = g instanceof Node ? `a cotangent ${g.shape}` : describeValue(g);
        fail(
          `the gradient of "${node.op}" (${node}) gave ${got} for input ${i} of shape ${input.shape}; ` +
            `it must be a node of the input's shape and dtype`,
        );
      }
      const list = cotangents.get(input.id);
      if (list) list.push(g);
      else cotangents.set(input.id, [g]);
    });
  }
  return wrt.map((w) => {
    const parts = cotangents.get(w.id);
    if (parts) return sumAll(parts);
    return zeros(graph, w.dtype, w.dims);
  });
}

/**
 * Marks (by node id, up to the loss) the float nodes that depend on some `wrt` node through float values.
 * Integer and boolean values carry no gradient, and `stopGradient` cuts the dependency.
 */
function forwardDependencies(nodes: readonly Node[], wrt: readonly Node[], loss: Node): Uint8Array {
  const dependsOnWrt = new Uint8Array(loss.id + 1);
  const wrtIds = new Set(wrt.map((w) => w.id));
  const firstWrt = wrt.length ? Math.min(...wrt.map((w) => w.id)) : loss.id + 1;
  for (let id = firstWrt; id <= loss.id; id++) {
    const node = nodes[id]!;
    if (!isFloat(node.dtype)) continue;
    if (wrtIds.has(id)) dependsOnWrt[id] = 1;
    else if (customGradientOf(node) === 'stop') continue;
    else if (node.inputs.some((input) => input.id <= loss.id && dependsOnWrt[input.id] === 1)) {
      dependsOnWrt[id] = 1;
    }
  }
  return dependsOnWrt;
}

function backward(
  node: Node,
  grads: ReadonlyArray<Node | undefined>,
  needs: readonly boolean[],
): ReadonlyArray<Node | undefined> {
  const custom = customGradientOf(node);
  if (custom === 'stop') return [undefined];
  if (custom) return [custom(node.inputs[0]!, grads[0]!)];
  const rule = vjpRule(node.op);
  if (!rule) {
    fail(`op "${node.op}" (${node}) has no gradient rule; it is on the path from a wrt node to the loss`);
  }
  return rule(node, grads, needs);
}
