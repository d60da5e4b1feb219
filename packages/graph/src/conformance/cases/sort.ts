import { Shape } from '@tsmlx/shapes';
import * as raw from '../../gen_ops.js';
import { subProgram } from '../../ops/control.js';
import type { GradientCase } from '../types.js';
import { weightedSum } from '../weights.js';

const f64 = Shape.scalar('float64');
const i32 = Shape.scalar('int32');

/** Gradient cases of sort: every float operand gets its cotangent back through the permutation. */
export const SORT_GRADIENT_CASES: readonly GradientCase[] = [
  {
    name: 'sort: one operand ascending along the last axis',
    ops: ['sort'],
    inputs: [{ dims: [3, 5], seed: 1000 }],
    fn: (x) => {
      const comparator = subProgram('ascending', [f64, f64], (l, r) => raw.lessThan(l!, r!));
      return weightedSum(raw.sort([x!], { axis: 1, stable: false, comparator })[0]!);
    },
  },
  {
    name: 'sort: float keys and float values, descending along axis 0',
    ops: ['sort'],
    inputs: [
      { dims: [5, 2], seed: 1001 },
      { dims: [5, 2], seed: 1002 },
    ],
    fn: (k, v) => {
      const comparator = subProgram('descending', [f64, f64, f64, f64], (l, r) => raw.greaterThan(l!, r!));
      const [sk, sv] = raw.sort([k!, v!], { axis: 0, stable: true, comparator });
      return raw.add(weightedSum(sk!, 1), weightedSum(sv!, 2));
    },
  },
  {
    name: 'sort: float values ordered by int32 keys (the second operand)',
    ops: ['sort'],
    inputs: [
      { dims: [6], seed: 1003 },
      { dims: [6], dtype: 'int32', values: [4, -1, 9, 0, 7, 2] },
    ],
    fn: (v, k) => {
      const comparator = subProgram('byKey', [f64, f64, i32, i32], (_l, _r, lk, rk) =>
        raw.lessThan(lk!, rk!),
      );
      return weightedSum(raw.sort([v!, k!], { axis: 0, stable: true, comparator })[0]!);
    },
  },
];
