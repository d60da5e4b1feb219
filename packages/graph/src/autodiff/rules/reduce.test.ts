import { describe, expect, it } from 'vitest';
import * as raw from '../../gen_ops.js';
import type { Node } from '../../node.js';
import { randomValues } from '../../testing.js';
import { gradient } from '../gradient.js';
import './index.js';
import { analyticGradients, checkGradients, project } from './ruleTesting.js';

const close = (got: readonly number[], want: readonly number[], tol = 1e-12) => {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => {
    expect(Math.abs(v - want[i]!), `element ${i}: got ${v}, want ${want[i]}`).toBeLessThanOrEqual(tol);
  });
};

describe('reduceSum VJP', () => {
  it.each([
    [[5], [0]],
    [[3, 4], [1]],
    [
      [3, 4],
      [0, 1],
    ],
    [
      [2, 3, 4],
      [0, 2],
    ],
    [
      [2, 1, 3, 2],
      [1, 3],
    ],
  ])('matches finite differences for dims %j axes %j', (dims, axes) => {
    checkGradients((x) => project(raw.reduceSum(x, { axes })), [{ dims }]);
  });

  it('broadcasts the cotangent back (closed form: d/dx Σ w·sum_k x = w per row)', () => {
    const w = randomValues(3, 99);
    const [g] = analyticGradients((x) => project(raw.reduceSum(x, { axes: [1] })), [{ dims: [3, 4] }], [0]);
    close(
      g!,
      [0, 1, 2].flatMap((i) => [w[i]!, w[i]!, w[i]!, w[i]!]),
    );
  });

  it('passes through an empty axis list and handles zero-size axes', () => {
    checkGradients((x) => project(raw.reduceSum(x, { axes: [] })), [{ dims: [2, 3] }]);
    const [g] = analyticGradients((x) => project(raw.reduceSum(x, { axes: [1] })), [{ dims: [2, 0] }], [0]);
    expect(g).toEqual([]);
  });
});

describe('reduceProduct VJP', () => {
  it.each([
    [[6], [0]],
    [[3, 5], [1]],
    [[3, 5], [0]],
    [
      [2, 3, 4],
      [0, 2],
    ],
    [
      [2, 3, 2],
      [0, 1, 2],
    ],
  ])('matches finite differences for dims %j axes %j', (dims, axes) => {
    checkGradients((x) => project(raw.reduceProduct(x, { axes })), [{ dims, min: 0.5, max: 1.5 }]);
  });

  it('is exact with one zero in a group (only the zero gets the product of the others)', () => {
    // x = [2, 0, 3, 4]: d/dx_i prod = product of the others = [0, 24, 0, 0].
    const [g] = analyticGradients(
      (x) => raw.reduceProduct(x, { axes: [0] }),
      [{ dims: [4], values: [2, 0, 3, 4] }],
      [0],
    );
    close(g!, [0, 24, 0, 0]);
  });

  it('is exact with several zeros in a group (all zeros)', () => {
    const [g] = analyticGradients(
      (x) => raw.reduceProduct(x, { axes: [0] }),
      [{ dims: [5], values: [2, 0, 3, 0, 5] }],
      [0],
    );
    close(g!, [0, 0, 0, 0, 0]);
  });

  it('gives per-row products of the others, with zeros, matching finite differences', () => {
    const values = [0, 2, 3, 1.5, -1, 0, 0.5, 2, 0, 0, 4, 1];
    checkGradients((x) => project(raw.reduceProduct(x, { axes: [1] })), [{ dims: [3, 4], values }]);
    const w = randomValues(3, 99);
    const [g] = analyticGradients(
      (x) => project(raw.reduceProduct(x, { axes: [1] })),
      [{ dims: [3, 4], values }],
      [0],
    );
    close(g!, [9 * w[0]!, 0, 0, 0, 0, -1 * w[1]!, 0, 0, 0, 0, 0, 0]);
  });

  it('has a gradient of the gradient (second derivative of x0·x1·x2 w.r.t. x)', () => {
    // f = x0 x1 x2; Σ_i ∂f/∂x_i = x1x2 + x0x2 + x0x1; its gradient = [x1+x2, x0+x2, x0+x1].
    const fn = (x: Node) => raw.reduceSum(gradientOfProduct(x), { axes: [0] });
    checkGradients(fn, [{ dims: [3], values: [0.5, -2, 3] }]);
  });
});

function gradientOfProduct(x: Node): Node {
  return gradient(raw.reduceProduct(x, { axes: [0] }), x)[0]!;
}

describe('reduceMax / reduceMin VJP', () => {
  it.each([
    ['reduceMax', [7], [0]],
    ['reduceMax', [3, 4], [1]],
    ['reduceMin', [3, 4], [0]],
    ['reduceMin', [2, 3, 4], [0, 2]],
    ['reduceMax', [2, 3, 4], [0, 1, 2]],
  ] as const)('%s matches finite differences for dims %j axes %j', (op, dims, axes) => {
    checkGradients((x) => project(raw.raw[op](x, { axes })), [{ dims }]);
  });

  it('splits the gradient evenly among tied maxima (documented rule)', () => {
    // Row 0 = [1, 3, 3, 2]: two maxima share w0; row 1 = [5, 5, 5, 0]: three share w1.
    const w = randomValues(2, 99);
    const [g] = analyticGradients(
      (x) => project(raw.reduceMax(x, { axes: [1] })),
      [{ dims: [2, 4], values: [1, 3, 3, 2, 5, 5, 5, 0] }],
      [0],
    );
    close(g!, [0, w[0]! / 2, w[0]! / 2, 0, w[1]! / 3, w[1]! / 3, w[1]! / 3, 0]);
  });

  it('splits among tied minima too', () => {
    const [g] = analyticGradients(
      (x) => raw.reduceMin(x, { axes: [0] }),
      [{ dims: [4], values: [-1, 2, -1, -1] }],
      [0],
    );
    close(g!, [1 / 3, 0, 1 / 3, 1 / 3]);
  });
});

describe('argMinMax', () => {
  it('carries no gradient (the loss does not depend on x through it)', () => {
    const [g] = analyticGradients(
      (x) => {
        const i = raw.argMinMax(x, { axis: 0, isMin: false, outputDType: 'int32' });
        return raw.convertDType(i, { dtype: 'float64' });
      },
      [{ dims: [4] }],
      [0],
    );
    close(g!, [0, 0, 0, 0]);
  });
});
