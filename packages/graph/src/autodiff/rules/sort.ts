// VJP rule of sort: values move through the sorting permutation, so cotangents move back through it.
import type { OpAttrs, Program } from '@tsmlx/backends';
import { isFloat } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import * as raw from '../../gen_ops.js';
import { Graph } from '../../graph.js';
import type { Node } from '../../node.js';
import { constantNode, zeros } from '../../ops/constants.js';
import { registerVJP } from '../registry.js';

type SortAttrs = OpAttrs['sort'];

/** Replays the instructions of a closed `program` into `graph` on the given argument nodes. */
function inline(graph: Graph, program: Program, args: readonly Node[]): Node[] {
  const values = new Map<number, Node>();
  program.parameterIds.forEach((id, i) => {
    values.set(id, args[i]!);
  });
  for (const instruction of program.instructions) {
    if (instruction.op === 'parameter') continue;
    if (instruction.op === 'constant') {
      const attrs = instruction.attrs as OpAttrs['constant'];
      values.set(instruction.outputs[0]!, constantNode(graph, attrs.value, attrs.shape));
      continue;
    }
    const operands = instruction.operands.map((id) => values.get(id)!);
    const result = graph.addOp(instruction.op, operands, instruction.attrs);
    const outputs = Array.isArray(result) ? result : [result];
    instruction.outputs.forEach((id, i) => {
      values.set(id, outputs[i]!);
    });
  }
  return program.outputs.map((id) => values.get(id)!);
}

/**
 * The comparator of a sort of `[...operands, iota]`: the original order, with ties (neither element before
 * the other) broken by the iota, i.e. by original position — the order a stable sort produces.
 */
function tieBreakingComparator(comparator: Program, operands: readonly Node[]): Program {
  const graph = new Graph('sortGradientComparator', { captureStacks: false });
  const pairs = operands.map((o) => [
    graph.parameter(new Shape(o.dtype)),
    graph.parameter(new Shape(o.dtype)),
  ]);
  const lhsIndex = graph.parameter(new Shape('int32'));
  const rhsIndex = graph.parameter(new Shape('int32'));
  const before = inline(graph, comparator, pairs.flat())[0]!;
  const after = inline(
    graph,
    comparator,
    pairs.flatMap(([l, r]) => [r!, l!]),
  )[0]!;
  const tie = raw.logicalAnd(raw.logicalNot(after), raw.lessThan(lhsIndex, rhsIndex));
  return graph.buildProgram([raw.logicalOr(before, tie)]);
}

/**
 * The cotangent of every float operand of a sort: the permutation is recomputed by sorting the operands
 * together with an iota (ties broken by original position, as a stable sort), and each output's
 * cotangent is scattered back to the positions its elements came from. For a stable forward sort this is
 * exact; an unstable sort may order elements the comparator calls equal differently, and the cotangents of
 * such ties then follow the stable order (an equally valid subgradient when tied elements are equal).
 */
registerVJP('sort', (node, grads, needs) => {
  const operands = node.inputs;
  const a = node.attrs as SortAttrs;
  const wanted = operands.map((o, i) => needs[i] === true && isFloat(o.dtype));
  if (!wanted.some(Boolean)) return operands.map(() => undefined);
  const graph = node.graph;
  const dims = operands[0]!.dims;
  const rank = dims.length;
  const zerosOf = (o: Node) => zeros(graph, o.dtype, o.dims);
  if (operands[0]!.shape.size === 0) return operands.map((o, i) => (wanted[i] ? zerosOf(o) : undefined));
  const positions = raw.iota(graph, { shape: new Shape('int32', dims), axis: a.axis });
  const resorted = raw.sort([...operands, positions], {
    axis: a.axis,
    stable: true,
    comparator: tieBreakingComparator(a.comparator, operands),
  });
  const permutation = resorted[operands.length]!;
  // Full coordinates of each sorted element's origin: the permutation on the sort axis, iotas elsewhere.
  const indexDims = [...dims, 1];
  const coordinates = dims.map((_, d) => {
    const c = d === a.axis ? permutation : raw.iota(graph, { shape: new Shape('int32', dims), axis: d });
    return raw.reshape(c, { dims: indexDims });
  });
  const indices = rank === 1 ? coordinates[0]! : raw.concatenate(coordinates, { axis: rank });
  const axes = dims.map((_, d) => d);
  return operands.map((o, i) => {
    if (!wanted[i]) return undefined;
    const g = grads[i];
    if (g === undefined) return zerosOf(o);
    return raw.scatterSum(zerosOf(o), indices, g, {
      indexVectorAxis: rank,
      updateWindowAxes: [],
      insertedWindowAxes: axes,
      scatterAxesToOperandAxes: axes,
      inputBatchingAxes: [],
      scatterIndicesBatchingAxes: [],
      indicesAreSorted: false,
      uniqueIndices: true,
    });
  });
});
