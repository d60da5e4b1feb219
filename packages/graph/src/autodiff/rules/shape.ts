// VJP rules of the layout ops: each moves the cotangent back to where the input's elements came from.
import type { OpAttrs } from '@tsmlx/backends';
import * as raw from '../../gen_ops.js';
import type { Node } from '../../node.js';
import { scalar, zeros } from '../../ops/constants.js';
import { registerVJP } from '../registry.js';

/** Reshapes `g` to the dims of `like` unless it already has them. */
function reshapeLike(g: Node, like: Node): Node {
  if (g.dims.length === like.dims.length && g.dims.every((d, i) => d === like.dims[i])) return g;
  return raw.reshape(g, { dims: like.dims });
}

/** Sums `g` over every axis (a scalar). */
function sumAll(g: Node): Node {
  return g.rank === 0 ? g : raw.reduceSum(g, { axes: g.dims.map((_, i) => i) });
}

// broadcastInDim: sum over the axes the broadcast created or stretched from size 1, then reshape.
registerVJP('broadcastInDim', (node, [g]) => {
  const x = node.inputs[0]!;
  const { axesMapping } = node.attrs as OpAttrs['broadcastInDim'];
  const mapped = new Map<number, number>(axesMapping.map((target, axis) => [target, axis]));
  const axes = node.dims.flatMap((d, j) => {
    const axis = mapped.get(j);
    return axis === undefined || (x.dims[axis] === 1 && d !== 1) ? [j] : [];
  });
  return [reshapeLike(axes.length ? raw.reduceSum(g!, { axes }) : g!, x)];
});

registerVJP('reshape', (node, [g]) => [reshapeLike(g!, node.inputs[0]!)]);

registerVJP('transpose', (node, [g]) => {
  const { permutation } = node.attrs as OpAttrs['transpose'];
  const inverse = new Array<number>(permutation.length);
  permutation.forEach((axis, i) => {
    inverse[axis] = i;
  });
  return [raw.transpose(g!, { permutation: inverse })];
});

registerVJP('reverse', (node, [g]) => [raw.reverse(g!, node.attrs as OpAttrs['reverse'])]);

// concatenate: each operand gets its slice of the cotangent.
registerVJP('concatenate', (node, [g], needs) => {
  const { axis } = node.attrs as OpAttrs['concatenate'];
  let offset = 0;
  return node.inputs.map((input, i) => {
    const start = offset;
    offset += input.dims[axis]!;
    if (!needs[i]) return undefined;
    return raw.slice(g!, {
      start: node.dims.map((_, a) => (a === axis ? start : 0)),
      limit: node.dims.map((d, a) => (a === axis ? start + input.dims[axis]! : d)),
      strides: node.dims.map(() => 1),
    });
  });
});

// slice: pads the cotangent back with zeros; strides become interior padding.
registerVJP('slice', (node, [g]) => {
  const x = node.inputs[0]!;
  const { start, strides } = node.attrs as OpAttrs['slice'];
  const high = x.dims.map((d, i) => {
    const n = node.dims[i]!;
    return n === 0 ? d - start[i]! : d - (start[i]! + (n - 1) * strides[i]! + 1);
  });
  return [
    raw.pad(g!, scalar(g!.graph, 0, g!.dtype), {
      low: start,
      high,
      interior: strides.map((s) => s - 1),
    }),
  ];
});

// pad: undoes the edge padding (negative edges put zeros back where the pad cropped), then takes every
// (interior + 1)-th element; the padding value gets what was not routed to the operand (as JAX).
registerVJP('pad', (node, [g], needs) => {
  const { low, high, interior } = node.attrs as OpAttrs['pad'];
  const edges = low.some((v) => v !== 0) || high.some((v) => v !== 0);
  const unpadded = edges
    ? raw.pad(g!, scalar(g!.graph, 0, g!.dtype), {
        low: low.map((v) => -v),
        high: high.map((v) => -v),
        interior: low.map(() => 0),
      })
    : g!;
  const gx = interior.some((v) => v !== 0)
    ? raw.slice(unpadded, {
        start: unpadded.dims.map(() => 0),
        limit: unpadded.dims,
        strides: interior.map((v) => v + 1),
      })
    : unpadded;
  return [gx, needs[1] ? raw.sub(sumAll(g!), sumAll(gx)) : undefined];
});

// dynamicSlice: the cotangent written into zeros at the (identically clamped) start; none to the starts.
registerVJP('dynamicSlice', (node, [g]) => {
  const [x, ...starts] = node.inputs as [Node, ...Node[]];
  return [raw.dynamicUpdateSlice(zeros(x.graph, x.dtype, x.dims), g!, starts)];
});

// dynamicUpdateSlice: the operand gets the cotangent with the window zeroed, the update gets the window.
registerVJP('dynamicUpdateSlice', (node, [g], needs) => {
  const [, update, ...starts] = node.inputs as [Node, Node, ...Node[]];
  return [
    needs[0] ? raw.dynamicUpdateSlice(g!, zeros(update.graph, update.dtype, update.dims), starts) : undefined,
    needs[1] ? raw.dynamicSlice(g!, starts, { sizes: update.dims }) : undefined,
  ];
});
