import type { OpAttrs, WindowReduction } from '@tsmlx/backends';
import { describe, expect, it } from 'vitest';
import * as raw from '../../gen_ops.js';
import { constant } from '../../ops/constants.js';
import { randomValues } from '../../testing.js';
import { gradient } from '../gradient.js';
import './index.js';
import { analyticGradients, checkGradients, type FdInput, project } from './ruleTesting.js';

type WindowAttrs = OpAttrs['reduceWindow'];

function windowAttrs(
  reduction: WindowReduction,
  rank: number,
  options: Partial<WindowAttrs> = {},
): WindowAttrs {
  const ones = new Array<number>(rank).fill(1);
  return {
    reduction,
    windowDims: ones,
    strides: ones,
    baseDilations: ones,
    windowDilations: ones,
    padding: ones.map((): [number, number] => [0, 0]),
    ...options,
  };
}

interface WindowCase {
  name: string;
  dims: number[];
  options: Partial<WindowAttrs>;
}

const windowCases: WindowCase[] = [
  { name: '1-D window 3', dims: [7], options: { windowDims: [3] } },
  { name: '1-D window 2 stride 2', dims: [7], options: { windowDims: [2], strides: [2] } },
  {
    name: '2-D 2×2 pooling, stride 2, on NHWC',
    dims: [2, 4, 5, 2],
    options: { windowDims: [1, 2, 2, 1], strides: [1, 2, 2, 1] },
  },
  {
    name: '2-D 3×3 stride 2 with padding',
    dims: [5, 6],
    options: {
      windowDims: [3, 3],
      strides: [2, 2],
      padding: [
        [1, 1],
        [1, 2],
      ],
    },
  },
  {
    name: '2-D overlapping windows with negative padding',
    dims: [6, 5],
    options: {
      windowDims: [2, 3],
      padding: [
        [-1, 0],
        [1, -1],
      ],
    },
  },
  {
    name: '2-D window dilation 2',
    dims: [7, 6],
    options: { windowDims: [2, 2], windowDilations: [2, 2], strides: [1, 2] },
  },
  {
    name: '1-D base dilation 2 with padding',
    dims: [5],
    options: { windowDims: [3], baseDilations: [2], strides: [2], padding: [[1, 2]] },
  },
  {
    name: '3-D base and window dilation, stride, padding',
    dims: [3, 4, 3],
    options: {
      windowDims: [2, 2, 2],
      baseDilations: [2, 1, 1],
      windowDilations: [1, 2, 1],
      strides: [2, 1, 1],
      padding: [
        [0, 1],
        [1, 0],
        [1, 1],
      ],
    },
  },
];

describe('reduceWindow VJP', () => {
  for (const reduction of ['sum', 'max', 'min', 'product'] as const) {
    it.each(windowCases)(`${reduction}: $name matches finite differences`, (c) => {
      const input: FdInput =
        reduction === 'product' ? { dims: c.dims, min: 0.5, max: 1.5 } : { dims: c.dims };
      checkGradients(
        (x) => project(raw.reduceWindow(x!, windowAttrs(reduction, c.dims.length, c.options))),
        [input],
      );
    });
  }

  it('sum: cumulative sum (window as long as the axis) has the reversed cumulative sum of weights', () => {
    const w = randomValues(4, 99);
    const [g] = analyticGradients(
      (x) => project(raw.reduceWindow(x!, windowAttrs('sum', 1, { windowDims: [4], padding: [[3, 0]] }))),
      [{ dims: [4] }],
      [0],
    );
    const expected = [0, 1, 2, 3].map((i) => w.slice(i).reduce((s, v) => s + v, 0));
    g!.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 12);
    });
  });

  it('max: a tie in a window sends the cotangent to the first maximum (as select-and-scatter)', () => {
    // Windows of 2 with stride 1 over [1, 3, 3, 2]: maxima 3 (at 1), 3 (at 1; tie with 2), 3 (at 2).
    const [g] = analyticGradients(
      (x) => raw.reduceSum(raw.reduceWindow(x!, windowAttrs('max', 1, { windowDims: [2] })), { axes: [0] }),
      [{ dims: [4], values: [1, 3, 3, 2] }],
      [0],
    );
    expect(g).toEqual([0, 2, 1, 0]);
  });

  it('max with window dilation: a tie also goes to the first maximum', () => {
    // Window of 2 taps 2 apart over [4, 0, 4, 1, 2]: windows {0,2} -> tie, first = 0; {1,3} -> 3; {2,4} -> 2.
    const [g] = analyticGradients(
      (x) =>
        raw.reduceSum(
          raw.reduceWindow(x!, windowAttrs('max', 1, { windowDims: [2], windowDilations: [2] })),
          {
            axes: [0],
          },
        ),
      [{ dims: [5], values: [4, 0, 4, 1, 2] }],
      [0],
    );
    expect(g).toEqual([1, 0, 1, 1, 0]);
  });

  it('product: exact with zeros in a window', () => {
    // Windows of 3 (stride 1) over [2, 0, 3, 4]: products 0 and 0; d/dx = [0, 6+12, 0, 0].
    const [g] = analyticGradients(
      (x) =>
        raw.reduceSum(raw.reduceWindow(x!, windowAttrs('product', 1, { windowDims: [3] })), { axes: [0] }),
      [{ dims: [4], values: [2, 0, 3, 4] }],
      [0],
    );
    expect(g).toEqual([0, 18, 0, 0]);
  });

  it('sum and max have gradients of gradients', () => {
    const attrs = windowAttrs('max', 2, {
      windowDims: [2, 2],
      strides: [1, 2],
      padding: [
        [0, 1],
        [1, 0],
      ],
    });
    // L = Σ w·maxpool(x)²: ∂L/∂x is linear in the pooled values; differentiate it again.
    checkGradients(
      (x) => {
        const y = raw.reduceWindow(x!, attrs);
        return project(gradient(project(raw.mul(y, y), 3), x!)[0]!, 4);
      },
      [{ dims: [4, 5] }],
    );
    const sumAttrs = windowAttrs('sum', 2, {
      windowDims: [2, 3],
      windowDilations: [2, 1],
      baseDilations: [1, 2],
    });
    checkGradients(
      (x) => {
        const y = raw.reduceWindow(x!, sumAttrs);
        return project(gradient(project(raw.mul(y, y), 3), x!)[0]!, 4);
      },
      [{ dims: [5, 4] }],
    );
  });
});

type ScatterAttrs = OpAttrs['selectAndScatterMax'];

const scatterCases: { name: string; dims: number[]; attrs: ScatterAttrs }[] = [
  { name: '1-D window 3 stride 2', dims: [7], attrs: { windowDims: [3], strides: [2], padding: [[0, 0]] } },
  {
    name: '2-D 2×2 stride 1 with padding',
    dims: [4, 5],
    attrs: {
      windowDims: [2, 2],
      strides: [1, 1],
      padding: [
        [1, 0],
        [0, 1],
      ],
    },
  },
  {
    name: '3-D NHWC-like pooling',
    dims: [2, 4, 4],
    attrs: {
      windowDims: [1, 2, 3],
      strides: [1, 2, 1],
      padding: [
        [0, 0],
        [0, 0],
        [1, 1],
      ],
    },
  },
];

function outDims(dims: number[], a: ScatterAttrs): number[] {
  return dims.map((d, i) => {
    const padded = d + a.padding[i]![0] + a.padding[i]![1];
    return Math.floor((padded - a.windowDims[i]!) / a.strides[i]!) + 1;
  });
}

describe('selectAndScatter VJP (w.r.t. source; none w.r.t. x)', () => {
  for (const op of ['selectAndScatterMax', 'selectAndScatterMin', 'selectAndScatterSum'] as const) {
    it.each(scatterCases)(`${op}: $name matches finite differences`, (c) => {
      checkGradients(
        (x, s) => project(raw.raw[op](x!, s!, c.attrs)),
        [
          { dims: c.dims, seed: 5 },
          { dims: outDims(c.dims, c.attrs), seed: 6 },
        ],
      );
    });
  }

  it('Max: a tied window picks its first maximum for the source cotangent too', () => {
    // x = [3, 3, 1], windows of 2 stride 1: {0, 1} tie -> position 0, {1, 2} -> position 1.
    // loss = Σ c · result with c = [10, 20, 30]: d/dsource = [c0, c1] = [10, 20].
    const [ds] = analyticGradients(
      (x, s) => {
        const r = raw.selectAndScatterMax(x!, s!, { windowDims: [2], strides: [1], padding: [[0, 0]] });
        return raw.reduceSum(raw.mul(r, constant(r.graph, [10, 20, 30], 'float64')), { axes: [0] });
      },
      [
        { dims: [3], values: [3, 3, 1] },
        { dims: [2], values: [1, 1] },
      ],
      [1],
    );
    expect(ds).toEqual([10, 20]);
  });

  it('Max: each source value gets the cotangent at its window maximum (hand-computed)', () => {
    // x = [1, 5, 2, 7, 3], windows of 2 stride 1 -> argmax positions 1, 1, 3, 3. With cotangent c = x
    // positions' weights [10, 20, 30, 40, 50], the source cotangent is [20, 20, 40, 40].
    const [, ds] = analyticGradients(
      (x, s) => {
        const r = raw.selectAndScatterMax(x!, s!, { windowDims: [2], strides: [1], padding: [[0, 0]] });
        const weights = constant(r.graph, [10, 20, 30, 40, 50], 'float64');
        return raw.reduceSum(raw.mul(r, weights), { axes: [0] });
      },
      [
        { dims: [5], values: [1, 5, 2, 7, 3] },
        { dims: [4], values: [1, 1, 1, 1] },
      ],
      [0, 1],
    );
    expect(ds).toEqual([20, 20, 40, 40]);
  });
});
