import type { OpAttrs } from '@tsmlx/backends';
import { describe, expect, it } from 'vitest';
import * as raw from '../../gen_ops.js';
import { randomValues } from '../../testing.js';
import { gradient } from '../gradient.js';
import './index.js';
import { analyticGradients, checkGradients, type FdInput, project } from './ruleTesting.js';

type GatherAttrs = OpAttrs['gather'];
type ScatterAttrs = OpAttrs['scatterSum'];

const gatherDefaults = {
  operandBatchingAxes: [],
  startIndicesBatchingAxes: [],
  indicesAreSorted: false,
};

interface GatherCase {
  name: string;
  x: number[];
  indices: FdInput;
  attrs: GatherAttrs;
}

const gatherCases: GatherCase[] = [
  {
    name: 'rows of a matrix, repeated and out-of-range (clamped) indices',
    x: [4, 3],
    indices: { dims: [5], dtype: 'int32', values: [2, 0, 2, 7, -3] },
    attrs: {
      ...gatherDefaults,
      indexVectorAxis: 1,
      offsetAxes: [1],
      collapsedSliceAxes: [0],
      startIndexMap: [0],
      sliceSizes: [1, 3],
    },
  },
  {
    name: '2-D windows at 2-component starts (index vector first), clamped',
    x: [5, 6],
    indices: { dims: [2, 3], dtype: 'int64', values: [0, 3, 4, 1, 5, -1] },
    attrs: {
      ...gatherDefaults,
      indexVectorAxis: 0,
      offsetAxes: [1, 2],
      collapsedSliceAxes: [],
      startIndexMap: [0, 1],
      sliceSizes: [2, 3],
    },
  },
  {
    name: 'columns (start index on axis 1), offset axis first',
    x: [3, 5],
    indices: { dims: [2, 2], dtype: 'int32', values: [4, 0, 1, 1] },
    attrs: {
      ...gatherDefaults,
      indexVectorAxis: 2,
      offsetAxes: [0],
      collapsedSliceAxes: [1],
      startIndexMap: [1],
      sliceSizes: [3, 1],
    },
  },
  {
    name: 'batching axes (take along axis 1 per row)',
    x: [3, 4],
    indices: { dims: [3, 2], dtype: 'int32', values: [3, 3, 0, 2, 1, 1] },
    attrs: {
      indexVectorAxis: 2,
      offsetAxes: [],
      collapsedSliceAxes: [1],
      startIndexMap: [1],
      sliceSizes: [1, 1],
      operandBatchingAxes: [0],
      startIndicesBatchingAxes: [0],
      indicesAreSorted: false,
    },
  },
];

describe('gather VJP', () => {
  it.each(gatherCases)('$name matches finite differences', (c) => {
    checkGradients((x, i) => project(raw.gather(x!, i!, c.attrs)), [{ dims: c.x }, c.indices]);
  });

  it('accumulates repeated rows and uses the clamped start for out-of-range rows (hand-computed)', () => {
    // Rows gathered: 2, 0, 2, 3 (7 clamped), 0 (-3 clamped); with cotangent weights w (5 rows × 3).
    const w = randomValues(15, 99);
    const [g] = analyticGradients(
      (x, i) => project(raw.gather(x!, i!, gatherCases[0]!.attrs)),
      [{ dims: [4, 3] }, gatherCases[0]!.indices],
      [0],
    );
    const row = (r: number) => w.slice(3 * r, 3 * r + 3);
    const add = (p: number[], q: number[]) => p.map((v, k) => v + q[k]!);
    const expected = [add(row(1), row(4)), [0, 0, 0], add(row(0), row(2)), row(3)].flat();
    g!.forEach((v, k) => {
      expect(v).toBeCloseTo(expected[k]!, 12);
    });
  });
});

const scatterDefaults = {
  inputBatchingAxes: [],
  scatterIndicesBatchingAxes: [],
  indicesAreSorted: false,
  uniqueIndices: false,
};

interface ScatterCase {
  name: string;
  x: number[];
  indices: FdInput;
  updates: number[];
  attrs: ScatterAttrs;
}

const scatterCases: ScatterCase[] = [
  {
    name: 'rows into a matrix, repeated and out-of-range (skipped) indices',
    x: [4, 3],
    indices: { dims: [5, 1], dtype: 'int32', values: [1, 3, 1, 4, -1] },
    updates: [5, 3],
    attrs: {
      ...scatterDefaults,
      indexVectorAxis: 1,
      updateWindowAxes: [1],
      insertedWindowAxes: [0],
      scatterAxesToOperandAxes: [0],
    },
  },
  {
    name: '2-D windows at 2-component starts, one window partly outside (skipped)',
    x: [4, 5],
    indices: { dims: [3, 2], dtype: 'int64', values: [0, 0, 2, 3, 3, 1] },
    updates: [3, 2, 2],
    attrs: {
      ...scatterDefaults,
      indexVectorAxis: 1,
      updateWindowAxes: [1, 2],
      insertedWindowAxes: [],
      scatterAxesToOperandAxes: [0, 1],
    },
  },
  {
    name: 'elements with batching axes',
    x: [2, 4],
    indices: { dims: [2, 3], dtype: 'int32', values: [0, 3, 0, 2, 2, 1] },
    updates: [2, 3],
    attrs: {
      indexVectorAxis: 2,
      updateWindowAxes: [],
      insertedWindowAxes: [1],
      scatterAxesToOperandAxes: [1],
      inputBatchingAxes: [0],
      scatterIndicesBatchingAxes: [0],
      indicesAreSorted: false,
      uniqueIndices: false,
    },
  },
];

describe('gather / scatterSum second order', () => {
  it('differentiates the gather cotangent (a scatterSum) again', () => {
    const c = gatherCases[0]!;
    checkGradients(
      (x, i) => {
        const y = raw.gather(x!, i!, c.attrs);
        return project(gradient(project(raw.mul(y, y), 3), x!)[0]!, 4);
      },
      [{ dims: c.x }, c.indices],
    );
  });

  it('differentiates the scatterSum cotangent of the updates (a masked gather) again', () => {
    const c = scatterCases[0]!;
    checkGradients(
      (x, i, u) => {
        const y = raw.scatterSum(x!, i!, u!, c.attrs);
        return project(gradient(project(raw.mul(y, y), 3), u!)[0]!, 4);
      },
      [{ dims: c.x, seed: 2 }, c.indices, { dims: c.updates, seed: 3 }],
    );
  });
});

describe('scatterSum / scatterMax / scatterMin VJP', () => {
  for (const op of ['scatterSum', 'scatterMax', 'scatterMin'] as const) {
    it.each(scatterCases)(`${op}: $name matches finite differences`, (c) => {
      checkGradients(
        (x, i, u) => project(raw.raw[op](x!, i!, u!, c.attrs)),
        [{ dims: c.x, seed: 2 }, c.indices, { dims: c.updates, seed: 3 }],
      );
    });
  }

  it('scatterSum: updates of skipped windows get zero, others the cotangent at their target', () => {
    // x [4, 3]; rows 1, 3, 1, 4 (skipped), -1 (skipped). Cotangent weights w of x's shape.
    const c = scatterCases[0]!;
    const w = randomValues(12, 99);
    const [dx, du] = analyticGradients(
      (x, i, u) => project(raw.scatterSum(x!, i!, u!, c.attrs)),
      [{ dims: c.x }, c.indices, { dims: c.updates }],
      [0, 2],
    );
    expect(dx).toEqual(w);
    const row = (r: number) => w.slice(3 * r, 3 * r + 3);
    expect(du).toEqual([...row(1), ...row(3), ...row(1), 0, 0, 0, 0, 0, 0]);
  });

  it('scatterMax: ties between the operand and updates split the cotangent evenly (documented)', () => {
    // x = [1, 5, 2]; updates 5 -> index 1 (ties x), 4 -> index 2 (wins), 4 -> index 2 (ties the other
    // update), 0 -> index 0 (loses). Result [1, 5, 4]; loss = Σ result.
    const [dx, du] = analyticGradients(
      (x, i, u) =>
        raw.reduceSum(
          raw.scatterMax(x!, i!, u!, {
            ...scatterDefaults,
            indexVectorAxis: 1,
            updateWindowAxes: [],
            insertedWindowAxes: [0],
            scatterAxesToOperandAxes: [0],
          }),
          { axes: [0] },
        ),
      [
        { dims: [3], values: [1, 5, 2] },
        { dims: [4], dtype: 'int32', values: [1, 2, 2, 0] },
        { dims: [4], values: [5, 4, 4, 0] },
      ],
      [0, 2],
    );
    expect(dx).toEqual([1, 0.5, 0]);
    expect(du).toEqual([0.5, 0.5, 0.5, 0]);
  });
});
