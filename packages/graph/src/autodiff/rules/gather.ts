// VJP rules of gather, scatterSum, scatterMax and scatterMin (XLA dimension numbers).
//
// Index conventions follow the forward ops: gather clamps start indices so slices stay in bounds, so its
// cotangent is scattered at the same clamped starts; scatter skips windows that reach outside the operand,
// so the updates of those windows get a zero cotangent. Indices never get a gradient.
import type { OpAttrs } from '@tsmlx/backends';
import * as raw from '../../gen_ops.js';
import type { Node } from '../../node.js';
import { constant, scalar, scalarLike, zeros } from '../../ops/constants.js';
import { registerVJP } from '../registry.js';

type GatherAttrs = OpAttrs['gather'];
type ScatterAttrs = OpAttrs['scatterSum'];

function zerosLike(x: Node): Node {
  return zeros(x.graph, x.dtype, x.dims);
}

function sorted(list: readonly number[]): number[] {
  return [...list].sort((p, q) => p - q);
}

/**
 * A node of the dims of `indices` holding, along the index-vector axis, `values[j]` for component j (a
 * scalar when the index vector is implicit).
 */
function perComponent(indices: Node, indexVectorAxis: number, values: readonly number[]): Node {
  if (indexVectorAxis === indices.rank) {
    const s = scalar(indices.graph, values[0]!, indices.dtype);
    return raw.broadcastInDim(s, { dims: indices.dims, axesMapping: [] });
  }
  const c = constant(indices.graph, [...values], indices.dtype);
  return raw.broadcastInDim(c, { dims: indices.dims, axesMapping: [indexVectorAxis] });
}

/** Largest start of each index-vector component: operand dim minus the window extent on that axis. */
function upperBounds(x: Node, operandAxes: readonly number[], extent: readonly number[]): number[] {
  return operandAxes.map((axis) => x.dims[axis]! - extent[axis]!);
}

/** The scatter of a gather's cotangent: the same dimension numbers, seen from the scatter side. */
function scatterOfGather(a: GatherAttrs): ScatterAttrs {
  return {
    indexVectorAxis: a.indexVectorAxis,
    updateWindowAxes: sorted(a.offsetAxes),
    insertedWindowAxes: a.collapsedSliceAxes,
    scatterAxesToOperandAxes: a.startIndexMap,
    inputBatchingAxes: a.operandBatchingAxes,
    scatterIndicesBatchingAxes: a.startIndicesBatchingAxes,
    indicesAreSorted: a.indicesAreSorted,
    uniqueIndices: false,
  };
}

/** Extent of each update window on every operand axis (1 on inserted and batching axes). */
function windowExtent(x: Node, updates: Node, a: ScatterAttrs): number[] {
  const extent = x.dims.map(() => 1);
  const windowAxes = x.dims
    .map((_, i) => i)
    .filter((i) => !a.insertedWindowAxes.includes(i) && !a.inputBatchingAxes.includes(i));
  const updateAxes = sorted(a.updateWindowAxes);
  windowAxes.forEach((axis, k) => {
    extent[axis] = updates.dims[updateAxes[k]!]!;
  });
  return extent;
}

/** The gather that reads, for each update element, the operand element the scatter combined it into. */
function gatherOfScatter(extent: readonly number[], a: ScatterAttrs): GatherAttrs {
  return {
    indexVectorAxis: a.indexVectorAxis,
    offsetAxes: sorted(a.updateWindowAxes),
    collapsedSliceAxes: a.insertedWindowAxes,
    startIndexMap: a.scatterAxesToOperandAxes,
    sliceSizes: extent,
    operandBatchingAxes: a.inputBatchingAxes,
    startIndicesBatchingAxes: a.scatterIndicesBatchingAxes,
    indicesAreSorted: a.indicesAreSorted,
  };
}

/**
 * A bool node of the dims of `updates`: true where the update's window lies inside the operand (the
 * scatter applied it), false where the scatter skipped it.
 */
function appliedUpdates(x: Node, indices: Node, updates: Node, a: ScatterAttrs): Node {
  const extent = windowExtent(x, updates, a);
  const upper = perComponent(indices, a.indexVectorAxis, upperBounds(x, a.scatterAxesToOperandAxes, extent));
  const zero = raw.broadcastInDim(scalarLike(indices, 0), { dims: indices.dims, axesMapping: [] });
  let inside = raw.logicalAnd(raw.greaterOrEqual(indices, zero), raw.lessOrEqual(indices, upper));
  if (a.indexVectorAxis < indices.rank) {
    inside = raw.reduceLogicalAnd(inside, { axes: [a.indexVectorAxis] });
  }
  const scatterAxes = updates.dims.map((_, i) => i).filter((i) => !a.updateWindowAxes.includes(i));
  return raw.broadcastInDim(inside, { dims: updates.dims, axesMapping: scatterAxes });
}

registerVJP('gather', (node, [g]) => {
  const [x, indices] = node.inputs as [Node, Node];
  const a = node.attrs as GatherAttrs;
  if (x.shape.size === 0 || node.shape.size === 0) return [zerosLike(x), undefined];
  // Scatter at the starts the forward used: clamped into [0, dim - sliceSize] per component.
  const lo = raw.broadcastInDim(scalarLike(indices, 0), { dims: indices.dims, axesMapping: [] });
  const hi = perComponent(indices, a.indexVectorAxis, upperBounds(x, a.startIndexMap, a.sliceSizes));
  const starts = raw.clamp(lo, indices, hi);
  return [raw.scatterSum(zerosLike(x), starts, g!, scatterOfGather(a)), undefined];
});

registerVJP('scatterSum', (node, [g], needs) => {
  const [x, indices, updates] = node.inputs as [Node, Node, Node];
  const a = node.attrs as ScatterAttrs;
  if (!needs[2] || updates.shape.size === 0) return [g, undefined, needs[2] ? zerosLike(updates) : undefined];
  const gathered = raw.gather(g!, indices, gatherOfScatter(windowExtent(x, updates, a), a));
  const applied = appliedUpdates(x, indices, updates, a);
  return [g, undefined, raw.where(applied, gathered, zerosLike(updates))];
});

/**
 * scatterMax / scatterMin: each result element is the extreme of the operand element and the updates
 * combined into it. Its cotangent goes to every contributor equal to the result, **split evenly among
 * ties** (operand and updates alike). Skipped (out-of-range) updates get zero; NaN results give no gradient.
 */
function scatterExtremeVJP(node: Node, g: Node, needs: readonly boolean[]): ReadonlyArray<Node | undefined> {
  const [x, indices, updates] = node.inputs as [Node, Node, Node];
  const a = node.attrs as ScatterAttrs;
  const dtype = x.dtype;
  const asFloat = (b: Node) => raw.convertDType(b, { dtype });
  const xWins = asFloat(raw.equal(x, node));
  if (updates.shape.size === 0)
    return [needs[0] ? raw.mul(g, xWins) : undefined, undefined, zerosLike(updates)];
  const read = gatherOfScatter(windowExtent(x, updates, a), a);
  const applied = appliedUpdates(x, indices, updates, a);
  const updateWins = asFloat(raw.logicalAnd(applied, raw.equal(updates, raw.gather(node, indices, read))));
  const winners = raw.add(xWins, raw.scatterSum(zerosLike(x), indices, updateWins, a));
  const one = raw.broadcastInDim(scalarLike(x, 1), { dims: x.dims, axesMapping: [] });
  const share = raw.div(g, raw.max(winners, one));
  return [
    needs[0] ? raw.mul(share, xWins) : undefined,
    undefined,
    needs[2] ? raw.mul(raw.gather(share, indices, read), updateWins) : undefined,
  ];
}

registerVJP('scatterMax', (node, [g], needs) => scatterExtremeVJP(node, g!, needs));
registerVJP('scatterMin', (node, [g], needs) => scatterExtremeVJP(node, g!, needs));
