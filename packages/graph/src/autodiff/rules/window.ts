// VJP rules of the window ops: reduceWindow (sum, max, min, product) and selectAndScatterMax/Min/Sum.
//
// Conventions (documented in the rules below):
// - max/min windows send each window's cotangent to the FIRST position (in row-major window order) holding
//   the window's extreme, as XLA's select-and-scatter does; padding is never selected. A NaN in a window is
//   its extreme, so the first NaN gets the cotangent.
// - product windows send to each element the product of the other elements of the window (exact with zeros).
import type { OpAttrs } from '@tsmlx/backends';
import * as raw from '../../gen_ops.js';
import type { Node } from '../../node.js';
import { scalar, scalarLike, zeros } from '../../ops/constants.js';
import { registerVJP } from '../registry.js';

type WindowAttrs = OpAttrs['reduceWindow'];
type ScatterWindowAttrs = OpAttrs['selectAndScatterMax'];

/** Size of an axis of `size` elements dilated by `d`. */
function dilated(size: number, d: number): number {
  return size === 0 ? 0 : (size - 1) * d + 1;
}

/** The full window attributes of a select-and-scatter window (no dilations). */
function fullWindow(reduction: WindowAttrs['reduction'], a: ScatterWindowAttrs): WindowAttrs {
  const ones = a.windowDims.map(() => 1);
  return {
    reduction,
    windowDims: a.windowDims,
    strides: a.strides,
    padding: a.padding,
    baseDilations: ones,
    windowDilations: ones,
  };
}

/**
 * The geometry of a window sweep seen as taps: the operand padded (with the reduction's identity) and
 * base-dilated is `P`; tap `t` (a window offset, row-major) is the strided slice of `P` holding element
 * `t` of every window, so it has the dims of the output.
 */
class WindowTaps {
  /** Dims of the operand. */
  readonly inDims: readonly number[];
  /** Dims of the output (one element per window). */
  readonly outDims: readonly number[];
  /** Dims of the padded, dilated operand. */
  readonly paddedDims: readonly number[];
  /** Start of every tap's slice in the padded operand. */
  readonly starts: readonly (readonly number[])[];
  private readonly a: WindowAttrs;

  constructor(inDims: readonly number[], outDims: readonly number[], a: WindowAttrs) {
    this.inDims = inDims;
    this.outDims = outDims;
    this.a = a;
    this.paddedDims = inDims.map(
      (d, i) => dilated(d, a.baseDilations[i]!) + a.padding[i]![0] + a.padding[i]![1],
    );
    const starts: number[][] = [[]];
    a.windowDims.forEach((w, i) => {
      const next: number[][] = [];
      for (const prefix of starts)
        for (let k = 0; k < w; k++) next.push([...prefix, k * a.windowDilations[i]!]);
      starts.splice(0, starts.length, ...next);
    });
    this.starts = starts;
  }

  /** Every tap of `x` (dims of the operand), padding and dilation holes filled with `fill`. */
  of(x: Node, fill: Node): Node[] {
    const a = this.a;
    const padded = raw.pad(x, fill, {
      low: a.padding.map((p) => p[0]),
      high: a.padding.map((p) => p[1]),
      interior: a.baseDilations.map((d) => d - 1),
    });
    return this.starts.map((start) =>
      raw.slice(padded, {
        start,
        limit: start.map((s, i) => s + (this.outDims[i]! - 1) * a.strides[i]! + 1),
        strides: a.strides,
      }),
    );
  }

  /** The transpose of {@link WindowTaps.of}: adds the per-tap cotangents back into an operand-shaped one. */
  transpose(cotangents: readonly Node[]): Node {
    const a = this.a;
    const zero = scalarLike(cotangents[0]!, 0);
    const parts = cotangents.map((c, t) => {
      const start = this.starts[t]!;
      return raw.pad(c, zero, {
        low: start,
        high: start.map((s, i) => this.paddedDims[i]! - s - (this.outDims[i]! - 1) * a.strides[i]! - 1),
        interior: a.strides.map((s) => s - 1),
      });
    });
    return unpad(sumAll(parts), this.inDims, a);
  }
}

/** Sums nodes with a balanced tree of adds. */
function sumAll(parts: Node[]): Node {
  let level = parts;
  while (level.length > 1) {
    const next: Node[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? raw.add(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/** The transpose of padding + base dilation: crops the padding and keeps every `baseDilation`-th element. */
function unpad(gp: Node, inDims: readonly number[], a: WindowAttrs): Node {
  const trivial = a.padding.every((p) => p[0] === 0 && p[1] === 0) && a.baseDilations.every((d) => d === 1);
  if (trivial) return gp;
  const cropped = raw.pad(gp, scalarLike(gp, 0), {
    low: a.padding.map((p) => -p[0]),
    high: a.padding.map((p) => -p[1]),
    interior: inDims.map(() => 0),
  });
  if (a.baseDilations.every((d) => d === 1)) return cropped;
  return raw.slice(cropped, {
    start: inDims.map(() => 0),
    limit: cropped.dims,
    strides: a.baseDilations,
  });
}

/**
 * Cotangent of a sum window: every window's cotangent goes to each element of its window. That is a
 * reduceWindow-sum of the cotangent dilated by the strides, swept with the (dilated) window over the padded
 * operand's extent, then cropped back to the operand — itself a reduceWindow, so differentiable again.
 */
function sumWindowCotangent(g: Node, x: Node, a: WindowAttrs): Node {
  const taps = new WindowTaps(x.dims, g.dims, a);
  const gp = raw.reduceWindow(g, {
    reduction: 'sum',
    windowDims: a.windowDims,
    strides: a.windowDims.map(() => 1),
    baseDilations: a.strides,
    windowDilations: a.windowDilations,
    padding: a.windowDims.map((w, i): [number, number] => {
      const low = (w - 1) * a.windowDilations[i]!;
      return [low, taps.paddedDims[i]! - dilated(g.dims[i]!, a.strides[i]!)];
    }),
  });
  return unpad(gp, x.dims, a);
}

/**
 * For each tap, whether it holds its window's extreme `y` and no earlier tap does (the select-and-scatter
 * choice): a real (non-padding) element equal to `y`, or a NaN.
 */
function firstExtremeMasks(x: Node, y: Node, taps: WindowTaps, isMax: boolean): Node[] {
  const g = x.graph;
  const fill = scalar(g, isMax ? -Infinity : Infinity, x.dtype);
  const values = taps.of(x, fill);
  const valid = taps.of(
    raw.broadcastInDim(scalar(g, true, 'bool'), { dims: x.dims, axesMapping: [] }),
    scalar(g, false, 'bool'),
  );
  let found: Node | undefined;
  return values.map((v, t) => {
    const hit = raw.logicalAnd(valid[t]!, raw.logicalOr(raw.equal(v, y), raw.isNaN(v)));
    const first = found ? raw.logicalAnd(hit, raw.logicalNot(found)) : hit;
    found = found ? raw.logicalOr(found, hit) : hit;
    return first;
  });
}

/** Cotangent of a max/min window through taps (any dilation): the first extreme of each window gets it. */
function extremeWindowCotangent(g: Node, x: Node, y: Node, a: WindowAttrs): Node {
  const taps = new WindowTaps(x.dims, g.dims, a);
  const zero = raw.broadcastInDim(scalarLike(g, 0), { dims: g.dims, axesMapping: [] });
  const masks = firstExtremeMasks(x, y, taps, a.reduction === 'max');
  return taps.transpose(masks.map((m) => raw.where(m, g, zero)));
}

/** Cotangent of a product window: each element gets the cotangent times the product of the others. */
function productWindowCotangent(g: Node, x: Node, a: WindowAttrs): Node {
  const taps = new WindowTaps(x.dims, g.dims, a);
  const values = taps.of(x, scalarLike(x, 1));
  const n = values.length;
  const before: (Node | undefined)[] = [undefined];
  for (let t = 1; t < n; t++) {
    const prev = before[t - 1];
    before.push(prev ? raw.mul(prev, values[t - 1]!) : values[t - 1]!);
  }
  const after: (Node | undefined)[] = new Array(n).fill(undefined);
  for (let t = n - 2; t >= 0; t--) {
    const next = after[t + 1];
    after[t] = next ? raw.mul(next, values[t + 1]!) : values[t + 1]!;
  }
  const cotangents = values.map((_, t) => {
    const others = [before[t], after[t]].filter((v): v is Node => v !== undefined);
    return others.reduce((acc, v) => raw.mul(acc, v), g);
  });
  return taps.transpose(cotangents);
}

registerVJP('reduceWindow', (node, [g]) => {
  const x = node.inputs[0]!;
  const a = node.attrs as WindowAttrs;
  if (x.shape.size === 0 || node.shape.size === 0) return [zeros(x.graph, x.dtype, x.dims)];
  const undilated = a.baseDilations.every((d) => d === 1) && a.windowDilations.every((d) => d === 1);
  switch (a.reduction) {
    case 'sum':
      return [sumWindowCotangent(g!, x, a)];
    case 'max':
    case 'min': {
      if (!undilated) return [extremeWindowCotangent(g!, x, node, a)];
      const attrs = { windowDims: a.windowDims, strides: a.strides, padding: a.padding };
      return [
        a.reduction === 'max' ? raw.selectAndScatterMax(x, g!, attrs) : raw.selectAndScatterMin(x, g!, attrs),
      ];
    }
    case 'product':
      return [productWindowCotangent(g!, x, a)];
  }
});

// selectAndScatter*(x, source): linear in source, piecewise constant in x (no gradient to x).

registerVJP('selectAndScatterSum', (node, [g]) => {
  const a = node.attrs as ScatterWindowAttrs;
  // Each source value was added to every element of its window: its cotangent is the window sum.
  return [undefined, raw.reduceWindow(g!, fullWindow('sum', a))];
});

for (const op of ['selectAndScatterMax', 'selectAndScatterMin'] as const) {
  registerVJP(op, (node, [g]) => {
    const [x, source] = node.inputs as [Node, Node];
    const a = fullWindow(op === 'selectAndScatterMax' ? 'max' : 'min', node.attrs as ScatterWindowAttrs);
    if (source.shape.size === 0 || x.shape.size === 0)
      return [undefined, zeros(x.graph, x.dtype, source.dims)];
    // Each source value went to the first extreme of its window: gather the cotangent there.
    const y = raw.reduceWindow(x, a);
    const taps = new WindowTaps(x.dims, source.dims, a);
    const masks = firstExtremeMasks(x, y, taps, a.reduction === 'max');
    const zero = raw.broadcastInDim(scalarLike(g!, 0), { dims: source.dims, axesMapping: [] });
    const picked = taps.of(g!, scalarLike(g!, 0)).map((c, t) => raw.where(masks[t]!, c, zero));
    return [undefined, sumAll(picked)];
  });
}
