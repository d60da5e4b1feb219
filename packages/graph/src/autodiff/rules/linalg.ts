// VJP rules of dotGeneral and convGeneral (the transposes as JAX derives them, for every layout).
import type { OpAttrs } from '@tsmlx/backends';
import * as raw from '../../gen_ops.js';
import type { Node } from '../../node.js';
import { zeros } from '../../ops/constants.js';
import { registerVJP } from '../registry.js';

type DotAttrs = OpAttrs['dotGeneral'];
type ConvAttrs = OpAttrs['convGeneral'];

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/** The inverse of a permutation (as a transpose permutation: result axis j is operand axis out[j]). */
function argsort(list: readonly number[]): number[] {
  const out = new Array<number>(list.length);
  list.forEach((axis, position) => {
    out[axis] = position;
  });
  return out;
}

/**
 * The cotangent of operand `x` of a dotGeneral whose other operand is `y`: a dotGeneral of the cotangent
 * `g` with `y` over y's free axes (pairing batch axes), transposed back to x's axis order. `xFirst` tells
 * whether x's free axes come before y's in the forward result (x is the lhs).
 */
function dotCotangent(
  g: Node,
  x: Node,
  y: Node,
  xBatch: readonly number[],
  xContract: readonly number[],
  yBatch: readonly number[],
  yContract: readonly number[],
  xFirst: boolean,
): Node {
  const nb = xBatch.length;
  const xKept = range(0, x.rank).filter((a) => !xBatch.includes(a) && !xContract.includes(a));
  const yKept = range(0, y.rank).filter((a) => !yBatch.includes(a) && !yContract.includes(a));
  const gYAxes = xFirst
    ? range(nb + xKept.length, nb + xKept.length + yKept.length)
    : range(nb, nb + yKept.length);
  const product = raw.dotGeneral(g, y, {
    lhsBatchAxes: range(0, nb),
    rhsBatchAxes: yBatch,
    lhsContractingAxes: gYAxes,
    rhsContractingAxes: yKept,
  });
  // The product's axes: batch, x's free axes, then y's contracting axes in increasing order, i.e. x's
  // contracting axes ordered by their partners in y.
  const order = yContract.map((_, i) => i).sort((p, q) => yContract[p]! - yContract[q]!);
  const xAxes = [...xBatch, ...xKept, ...order.map((i) => xContract[i]!)];
  const permutation = argsort(xAxes);
  return permutation.every((p, i) => p === i) ? product : raw.transpose(product, { permutation });
}

registerVJP('dotGeneral', (node, [g], needs) => {
  const [lhs, rhs] = node.inputs as [Node, Node];
  const a = node.attrs as DotAttrs;
  return [
    needs[0]
      ? dotCotangent(
          g!,
          lhs,
          rhs,
          a.lhsBatchAxes,
          a.lhsContractingAxes,
          a.rhsBatchAxes,
          a.rhsContractingAxes,
          true,
        )
      : undefined,
    needs[1]
      ? dotCotangent(
          g!,
          rhs,
          lhs,
          a.rhsBatchAxes,
          a.rhsContractingAxes,
          a.lhsBatchAxes,
          a.lhsContractingAxes,
          false,
        )
      : undefined,
  ];
});

/** Size of an axis of `size` elements dilated by `d` (holes between elements). */
function dilated(size: number, d: number): number {
  return size === 0 ? 0 : (size - 1) * d + 1;
}

/** Splits axis `axis` of `x` into `[groups, size / groups]` (group-major), at positions axis and axis + 1. */
function splitAxis(x: Node, axis: number, groups: number): Node {
  const dims = [...x.dims];
  dims.splice(axis, 1, groups, x.dims[axis]! / groups);
  return raw.reshape(x, { dims });
}

/**
 * Merges axis `src` of `x` into axis `dst` as its major part; `dst` numbers the axes after `src` is
 * removed (so it is the same axis number as before {@link splitAxis} added one).
 */
function mergeAxis(x: Node, src: number, dst: number): Node {
  const permutation = range(0, x.rank).filter((a) => a !== src);
  permutation.splice(dst, 0, src);
  const dims = x.dims.filter((_, a) => a !== src);
  dims[dst] = dims[dst]! * x.dims[src]!;
  return raw.reshape(raw.transpose(x, { permutation }), { dims });
}

/**
 * Input cotangent of a convolution: the cotangent convolved with the spatially flipped kernel (input and
 * output feature axes swapped), with the forward strides as input dilation, the forward input dilation as
 * strides, the same kernel dilation and the padding that gives back the input's size. Feature or batch
 * groups move the group index from the kernel's output feature axis into its input feature axis.
 */
function convInputCotangent(g: Node, input: Node, kernel: Node, a: ConvAttrs): Node {
  const groups = Math.max(a.featureGroupCount, a.batchGroupCount);
  let k = kernel;
  if (groups > 1) {
    k = splitAxis(k, a.kernelOutputChannelsAxis, groups);
    k = mergeAxis(k, a.kernelOutputChannelsAxis, a.kernelInputChannelsAxis);
  }
  const padding = a.inputSpatialAxes.map((axis, i): [number, number] => {
    const inDil = dilated(input.dims[axis]!, a.inputDilations[i]!);
    const kDil = dilated(kernel.dims[a.kernelSpatialAxes[i]!]!, a.kernelDilations[i]!);
    const outDil = dilated(g.dims[a.outputSpatialAxes[i]!]!, a.strides[i]!);
    const before = kDil - a.padding[i]![0] - 1;
    return [before, inDil + kDil - 1 - outDil - before];
  });
  let out = raw.convGeneral(g, raw.reverse(k, { axes: a.kernelSpatialAxes }), {
    inputBatchAxis: a.outputBatchAxis,
    inputChannelsAxis: a.outputChannelsAxis,
    inputSpatialAxes: a.outputSpatialAxes,
    kernelInputChannelsAxis: a.kernelOutputChannelsAxis,
    kernelOutputChannelsAxis: a.kernelInputChannelsAxis,
    kernelSpatialAxes: a.kernelSpatialAxes,
    outputBatchAxis: a.inputBatchAxis,
    outputChannelsAxis: a.inputChannelsAxis,
    outputSpatialAxes: a.inputSpatialAxes,
    strides: a.inputDilations,
    padding,
    inputDilations: a.strides,
    kernelDilations: a.kernelDilations,
    featureGroupCount: groups,
    batchGroupCount: 1,
  });
  if (a.batchGroupCount > 1) {
    out = splitAxis(out, a.inputChannelsAxis, a.batchGroupCount);
    out = mergeAxis(out, a.inputChannelsAxis, a.inputBatchAxis);
  }
  return out;
}

/**
 * Kernel cotangent of a convolution: the input convolved with the cotangent, batch and feature axes swapped
 * (the batch is contracted), the forward kernel dilation as strides and the forward strides as kernel
 * dilation. Feature groups of the forward become batch groups here and vice versa.
 */
function convKernelCotangent(g: Node, input: Node, kernel: Node, a: ConvAttrs): Node {
  const padding = a.inputSpatialAxes.map((axis, i): [number, number] => {
    const lo = a.padding[i]![0];
    const inDil = dilated(input.dims[axis]!, a.inputDilations[i]!);
    const kDil = dilated(kernel.dims[a.kernelSpatialAxes[i]!]!, a.kernelDilations[i]!);
    const outDil = dilated(g.dims[a.outputSpatialAxes[i]!]!, a.strides[i]!);
    return [lo, outDil - inDil + kDil - lo - 1];
  });
  return raw.convGeneral(input, g, {
    inputBatchAxis: a.inputChannelsAxis,
    inputChannelsAxis: a.inputBatchAxis,
    inputSpatialAxes: a.inputSpatialAxes,
    kernelInputChannelsAxis: a.outputBatchAxis,
    kernelOutputChannelsAxis: a.outputChannelsAxis,
    kernelSpatialAxes: a.outputSpatialAxes,
    outputBatchAxis: a.kernelInputChannelsAxis,
    outputChannelsAxis: a.kernelOutputChannelsAxis,
    outputSpatialAxes: a.kernelSpatialAxes,
    strides: a.kernelDilations,
    padding,
    inputDilations: a.inputDilations,
    kernelDilations: a.strides,
    featureGroupCount: a.batchGroupCount,
    batchGroupCount: a.featureGroupCount,
  });
}

registerVJP('convGeneral', (node, [g], needs) => {
  const [input, kernel] = node.inputs as [Node, Node];
  const a = node.attrs as ConvAttrs;
  // With nothing to convolve (an empty output, input or kernel) both cotangents are zero.
  const empty = node.shape.size === 0 || input.shape.size === 0 || kernel.shape.size === 0;
  const zerosLike = (x: Node) => zeros(x.graph, x.dtype, x.dims);
  return [
    needs[0] ? (empty ? zerosLike(input) : convInputCotangent(g!, input, kernel, a)) : undefined,
    needs[1] ? (empty ? zerosLike(kernel) : convKernelCotangent(g!, input, kernel, a)) : undefined,
  ];
});
