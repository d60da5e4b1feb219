import type { DType } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import type { Builder, Value } from '../../../builder.js';
import type { Program } from '../../../program.js';
import type { ConformanceCase } from '../../types.js';
import { expected, range, type Scalar, tensor } from '../shape/tensors.js';

/** Strict ordering of two plain values (numbers or bigints). */
type Order = (p: Scalar, q: Scalar) => boolean;

const ascending: Order = (p, q) => p < q;
const descending: Order = (p, q) => p > q;

/**
 * Reference: sorts every line along `axis` of the operands by `before` (which sees the line positions) with
 * the built-in stable sort, and returns the operands reordered.
 */
function refSort(
  operands: readonly Scalar[][],
  dims: readonly number[],
  axis: number,
  before: (p: number, q: number) => boolean,
): Scalar[][] {
  const n = dims[axis]!;
  const inner = dims.slice(axis + 1).reduce((p, d) => p * d, 1);
  const outer = dims.slice(0, axis).reduce((p, d) => p * d, 1);
  const out = operands.map((o) => [...o]);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (r: number) => o * n * inner + r * inner + i;
      const order = range(n).sort((p, q) => (before(at(p), at(q)) ? -1 : before(at(q), at(p)) ? 1 : 0));
      operands.forEach((src, k) => {
        order.forEach((from, r) => {
          out[k]![at(r)] = src[at(from)]!;
        });
      });
    }
  }
  return out;
}

/** Comparator `lhs0 < rhs0` (or `>`) over `count` operands of the given dtypes. */
function keyComparator(b: Builder, dtypes: readonly DType[], op: 'lessThan' | 'greaterThan'): Program {
  const shapes = dtypes.flatMap((d) => [Shape.scalar(d), Shape.scalar(d)]);
  return b.subProgram('cmp', shapes, ([l, r], s) => [s[op](l!, r!)]);
}

interface SortSpec {
  name: string;
  dims: number[];
  axis: number;
  operands: Array<[DType, Scalar[]]>;
  stable: boolean;
  /** Builds the comparator. */
  comparator: (b: Builder) => Program;
  /** The same order on line positions, for the reference. */
  before: (values: Scalar[][]) => (p: number, q: number) => boolean;
  uses: ConformanceCase['uses'];
}

function sortCase(spec: SortSpec): ConformanceCase {
  const values = spec.operands.map(([, v]) => v);
  const want = refSort(values, spec.dims, spec.axis, spec.before(values));
  return {
    op: 'sort',
    name: spec.name,
    uses: spec.uses,
    inputs: spec.operands.map(([d, v]) => tensor(d, spec.dims, v)),
    build: (b, params: Value[]) =>
      b.sort(params, { axis: spec.axis, stable: spec.stable, comparator: spec.comparator(b) }),
    expected: spec.operands.map(([d], k) => expected(d, spec.dims, want[k]!)),
  };
}

/** A sort ordered by operand 0 with `lessThan`/`greaterThan(lhs0, rhs0)`. */
function keySort(
  name: string,
  dims: number[],
  axis: number,
  operands: Array<[DType, Scalar[]]>,
  op: 'lessThan' | 'greaterThan' = 'lessThan',
  stable = true,
): ConformanceCase {
  const order = op === 'lessThan' ? ascending : descending;
  return sortCase({
    name,
    dims,
    axis,
    operands,
    stable,
    comparator: (b) =>
      keyComparator(
        b,
        operands.map(([d]) => d),
        op,
      ),
    before: (values) => (p, q) => order(values[0]![p]!, values[0]![q]!),
    uses: [op],
  });
}

const floats = [3.5, -1, 2, 0, -7.25, 10, 2, 1e-3];

/** `n` deterministic pseudo-random integers in `[0, modulus)` (a small LCG), for longer sorts. */
function lcg(n: number, modulus: number, seed = 12345): number[] {
  const out: number[] = [];
  let state = seed;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out.push(state % modulus);
  }
  return out;
}

/** Conformance cases of sort. */
export const sortOpCases: ConformanceCase[] = [
  keySort('float32 ascending', [8], 0, [['float32', floats]]),
  keySort('float64 descending (greaterThan)', [8], 0, [['float64', floats]], 'greaterThan', false),
  keySort('float16 ascending', [8], 0, [['float16', floats]]),
  keySort('int32 keys with a float32 payload, stable with ties', [7], 0, [
    ['int32', [3, 1, 2, 1, 3, 2, 1]],
    ['float32', range(7)],
  ]),
  keySort('axis 0 of a 2-D array', [3, 4], 0, [['float64', [5, -1, 2, 8, 0, 3, 9, 8, -4, 7, 1, 2]]]),
  keySort(
    'axis 1 of a 2-D array (unstable flag)',
    [3, 4],
    1,
    [['int32', [5, -1, 2, 8, 0, 3, 9, 8, -4, 7, 1, 2]]],
    'lessThan',
    false,
  ),
  keySort('int64 keys along the middle axis of a 3-D array, uint8 payload', [2, 3, 2], 1, [
    ['int64', [2n ** 62n, 4n, -(2n ** 62n), 4n, 0n, -1n, 7n, 7n, -7n, 8n, 7n, -8n]],
    ['uint8', range(12, 100)],
  ]),
  keySort('100 float32 keys (several merge passes)', [100], 0, [
    ['float32', lcg(100, 1000).map((v) => v / 8 - 60)],
  ]),
  keySort('stable with many ties over 64 elements and a 2-D layout', [2, 64], 1, [
    ['int32', lcg(128, 5)],
    ['int32', range(128)],
  ]),
  keySort(
    'int32 descending over 40 elements, unstable flag',
    [40],
    0,
    [['int32', lcg(40, 1000, 7)]],
    'greaterThan',
    false,
  ),
  keySort('uint64 keys compare unsigned', [4], 0, [['uint64', [2n ** 64n - 1n, 0n, 2n ** 63n, 5n]]]),
  keySort('zero-size axis', [2, 0], 1, [['float32', []]]),
  keySort('single element', [1], 0, [['int32', [42]]]),
  sortCase({
    name: 'swapped lessThan(rhs0, lhs0) sorts descending',
    dims: [6],
    axis: 0,
    operands: [['int32', [4, -2, 9, 0, 9, 3]]],
    stable: true,
    comparator: (b) =>
      b.subProgram('cmp', [Shape.scalar('int32'), Shape.scalar('int32')], ([l, r], s) => [
        s.lessThan(r!, l!),
      ]),
    before: (values) => (p, q) => descending(values[0]![p]!, values[0]![q]!),
    uses: ['lessThan'],
  }),
  sortCase({
    name: 'comparator on operand 1 orders all operands by it',
    dims: [5],
    axis: 0,
    operands: [
      ['int32', [10, 20, 30, 40, 50]],
      ['float32', [0.5, -3, 2, -3, 1]],
    ],
    stable: true,
    comparator: (b) =>
      b.subProgram(
        'cmp',
        ['int32', 'int32', 'float32', 'float32'].map((d) => Shape.scalar(d as DType)),
        ([, , l, r], s) => [s.lessThan(l!, r!)],
      ),
    before: (values) => (p, q) => ascending(values[1]![p]!, values[1]![q]!),
    uses: ['lessThan'],
  }),
  sortCase({
    name: 'lexicographic comparator over two key operands and a payload',
    dims: [30],
    axis: 0,
    operands: [
      ['int32', [2, 1, 2, 1, 0, 2, 1, 0, ...lcg(22, 3)]],
      ['float32', [0.5, 9, -1, 9, 3, 0.5, -2, 3, ...lcg(22, 4, 99).map((v) => v / 2)]],
      ['int32', range(30)],
    ],
    stable: true,
    comparator: (b) =>
      b.subProgram(
        'cmp',
        ['int32', 'int32', 'float32', 'float32', 'int32', 'int32'].map((d) => Shape.scalar(d as DType)),
        ([l0, r0, l1, r1], s) => [
          s.logicalOr(s.lessThan(l0!, r0!), s.logicalAnd(s.equal(l0!, r0!), s.lessThan(l1!, r1!))),
        ],
      ),
    before: (values) => (p, q) => {
      const [k0, k1] = values as [Scalar[], Scalar[]];
      return k0[p]! < k0[q]! || (k0[p] === k0[q] && k1[p]! < k1[q]!);
    },
    uses: ['lessThan', 'equal', 'logicalAnd', 'logicalOr'],
  }),
];
