import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import * as raw from '../../gen_ops.js';
import type { Node } from '../../node.js';
import { constant } from '../../ops/constants.js';
import { subProgram } from '../../ops/control.js';
import { topK } from '../../ops/nn.js';
import { randomValues } from '../../testing.js';
import { gradient } from '../gradient.js';
import './index.js';
import { analyticGradients, checkGradients, project } from './ruleTesting.js';

/** A comparator over `dtypes` (one pair of scalars per operand) from a function of the scalars. */
function comparator(dtypes: readonly ('float64' | 'int32')[], fn: (...s: Node[]) => Node) {
  return subProgram(
    'cmp',
    dtypes.flatMap((d) => [Shape.scalar(d), Shape.scalar(d)]),
    fn,
  );
}

const ascending = comparator(['float64'], (l, r) => raw.lessThan(l!, r!));
const descending = comparator(['float64'], (l, r) => raw.greaterThan(l!, r!));

describe('sort VJP', () => {
  it.each([
    ['ascending, 1-D', [7], 0, ascending],
    ['ascending along axis 1', [3, 5], 1, ascending],
    ['descending along axis 0', [4, 3], 0, descending],
    ['ascending along the middle axis of a 3-D tensor', [2, 4, 3], 1, ascending],
  ] as const)('%s matches finite differences', (_name, dims, axis, cmp) => {
    checkGradients((x) => project(raw.sort([x!], { axis, stable: false, comparator: cmp })[0]!), [{ dims }]);
  });

  it('gives every float operand its cotangent (keys and values sorted by the keys)', () => {
    const byKeys = comparator(['float64', 'float64'], (l, r) => raw.lessThan(l!, r!));
    checkGradients(
      (k, v) => {
        const [sk, sv] = raw.sort([k!, v!], { axis: 1, stable: true, comparator: byKeys });
        return raw.add(project(sk!, 5), project(sv!, 6));
      },
      [
        { dims: [2, 5], seed: 1 },
        { dims: [2, 5], seed: 2 },
      ],
    );
  });

  it('sorts by a second operand and skips integer operands', () => {
    // Operands [float values, int32 keys], ordered by the keys (the second pair of scalars).
    const byInt = comparator(['float64', 'int32'], (_l0, _r0, l1, r1) => raw.lessThan(l1!, r1!));
    checkGradients(
      (v, k) => project(raw.sort([v!, k!], { axis: 0, stable: true, comparator: byInt })[0]!),
      [
        { dims: [6], seed: 3 },
        { dims: [6], dtype: 'int32', values: [4, -1, 9, 0, 7, 2] },
      ],
    );
  });

  it('routes cotangents of tied keys by original position (stable order; hand-computed)', () => {
    // keys [2, 1, 2, 1] sort (stable) to positions [1, 3, 0, 2]; the values ride along.
    // loss = Σ_i c_i · sortedValues_i with c = [10, 20, 30, 40] → d/dvalues = [30, 10, 40, 20].
    const byKeys = comparator(['float64', 'float64'], (l, r) => raw.lessThan(l!, r!));
    const [dv] = analyticGradients(
      (k, v) => {
        const sv = raw.sort([k!, v!], { axis: 0, stable: false, comparator: byKeys })[1]!;
        const c = constant(k!.graph, [10, 20, 30, 40], 'float64');
        return raw.reduceSum(raw.mul(sv, c), { axes: [0] });
      },
      [
        { dims: [4], values: [2, 1, 2, 1] },
        { dims: [4], values: [0.1, 0.2, 0.3, 0.4] },
      ],
      [1],
    );
    expect(dv).toEqual([30, 10, 40, 20]);
  });

  it('works through topK (sort + slice): the k largest get their cotangents, the rest none', () => {
    const w = randomValues(2, 99);
    const [g] = analyticGradients(
      (x) => project(topK(x!, 2).values),
      [{ dims: [5], values: [0.3, -1, 0.9, 0.5, 0.1] }],
      [0],
    );
    expect(g).toEqual([0, 0, w[0]!, w[1]!, 0]);
  });

  it('has a gradient of the gradient (sorted values squared)', () => {
    checkGradients(
      (x) => {
        const s = raw.sort([x!], { axis: 0, stable: true, comparator: ascending })[0]!;
        return project(gradient(project(raw.mul(s, s), 3), x!)[0]!, 4);
      },
      [{ dims: [6] }],
    );
  });
});

describe('ops without a gradient rule', () => {
  it('gradient() names the op (while) when it is on the path', () => {
    const cond = subProgram('cond', [Shape.scalar('float64')], (s) =>
      raw.lessThan(s!, raw.broadcastInDim(s!, { dims: [], axesMapping: [] })),
    );
    const body = subProgram('body', [Shape.scalar('float64')], (s) => raw.add(s!, s!));
    expect(() =>
      analyticGradients((x) => raw.whileLoop([x!], { cond, body })[0]!, [{ dims: [] }], [0]),
    ).toThrow(/gradient: op "while" \(Node #\d+ while\[0\] \(float64\)\[\]\) has no gradient rule/);
  });

  it('gradient() names the op (if) when it is on the path', () => {
    const branch = subProgram('branch', [Shape.scalar('float64')], (s) => raw.add(s!, s!));
    expect(() =>
      analyticGradients(
        (x) => raw.ifElse(raw.lessThan(x!, x!), [x!], { trueBranch: branch, falseBranch: branch })[0]!,
        [{ dims: [] }],
        [0],
      ),
    ).toThrow(/gradient: op "if" .* has no gradient rule/);
  });

  it('gradient() names the op (call) when it is on the path', () => {
    const fn = subProgram('double', [Shape.scalar('float64')], (s) => raw.add(s!, s!));
    expect(() => analyticGradients((x) => raw.call([x!], { fn })[0]!, [{ dims: [] }], [0])).toThrow(
      /gradient: op "call" .* has no gradient rule; it is on the path from a wrt node to the loss/,
    );
  });
});
