// Conformance cases of dotGeneral: expected values from `refDot` (float64 / exact bigint loops) or by hand.
import type { DType } from '@tsmlx/dtypes';
import type { OpAttrs } from '../../../optable/opAttrs.js';
import type { ConformanceCase, ExpectedTensor } from '../../types.js';
import { expected, type Num, samples, sizeOf, tensor } from './data.js';
import { refDot } from './reference.js';

type DotAttrs = OpAttrs['dotGeneral'];

/** A case whose expected outputs are computed on first use (some references are large). */
export function lazyCase(
  c: Omit<ConformanceCase, 'expected'>,
  compute: () => ExpectedTensor[],
): ConformanceCase {
  let memo: ExpectedTensor[] | undefined;
  return Object.defineProperty({ ...c }, 'expected', {
    get: () => {
      memo ??= compute();
      return memo;
    },
    enumerable: true,
  }) as ConformanceCase;
}

function axes(lb: number[], lc: number[], rb: number[], rc: number[]): DotAttrs {
  return { lhsBatchAxes: lb, lhsContractingAxes: lc, rhsBatchAxes: rb, rhsContractingAxes: rc };
}

/** `[M, K] · [K, N]`. */
const MATMUL = axes([], [1], [], [0]);

interface DotSpec {
  name: string;
  dtype: DType;
  lhsDims: number[];
  rhsDims: number[];
  attrs: DotAttrs;
  lhs?: Num[];
  rhs?: Num[];
  seed?: number;
}

function dotCase(s: DotSpec): ConformanceCase {
  const seed = s.seed ?? 1;
  const lhs = s.lhs ?? samples(s.dtype, sizeOf(s.lhsDims), seed);
  const rhs = s.rhs ?? samples(s.dtype, sizeOf(s.rhsDims), seed + 1000);
  return lazyCase(
    {
      op: 'dotGeneral',
      name: `${s.dtype} ${s.name} [${s.lhsDims}]·[${s.rhsDims}]`,
      inputs: [tensor(s.dtype, s.lhsDims, lhs), tensor(s.dtype, s.rhsDims, rhs)],
      build: (b, [x, y]) => [b.dotGeneral(x!, y!, s.attrs)],
    },
    () => {
      const r = refDot({ dims: s.lhsDims, values: lhs }, { dims: s.rhsDims, values: rhs }, s.attrs, s.dtype);
      return [expected(s.dtype, r.dims, r.values)];
    },
  );
}

/** Hand-computed 2×3 · 3×2 product. */
const handMatmul: ConformanceCase = {
  op: 'dotGeneral',
  name: 'float32 hand-computed 2x3 · 3x2',
  inputs: [tensor('float32', [2, 3], [1, 2, 3, 4, 5, 6]), tensor('float32', [3, 2], [7, 8, 9, 10, 11, 12])],
  build: (b, [x, y]) => [b.dotGeneral(x!, y!, MATMUL)],
  // [1·7+2·9+3·11, 1·8+2·10+3·12; 4·7+5·9+6·11, 4·8+5·10+6·12]
  expected: [expected('float32', [2, 2], [58, 64, 139, 154])],
};

const NAN = Number.NaN;
const INF = Number.POSITIVE_INFINITY;

/** NaN and ±Inf propagate as in IEEE arithmetic (Inf·0 = NaN, Inf + −Inf = NaN). */
const nonFinite: ConformanceCase = {
  op: 'dotGeneral',
  name: 'float32 NaN and Inf propagation',
  inputs: [
    tensor('float32', [3, 2], [1, Number.NaN, 1, 1, 1, 0]),
    tensor(
      'float32',
      [2, 3],
      [1, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 1, Number.NEGATIVE_INFINITY, 2],
    ),
  ],
  build: (b, [x, y]) => [b.dotGeneral(x!, y!, MATMUL)],
  expected: [
    expected(
      'float32',
      [3, 3],
      [
        ...[NAN, NAN, NAN], // row 0 holds a NaN
        ...[2, NAN, INF], // 1 + 1; Inf − Inf; Inf + 2
        ...[1, NAN, INF], // 1 + 0; Inf + (−Inf)·0 = Inf + NaN; Inf + 2·0
      ],
    ),
  ],
};

/** Cases of dotGeneral. */
export const dotCases: ConformanceCase[] = [
  handMatmul,
  nonFinite,
  dotCase({ name: 'matmul', dtype: 'float32', lhsDims: [3, 4], rhsDims: [4, 5], attrs: MATMUL }),
  dotCase({
    name: 'matmul with ragged tiles',
    dtype: 'float64',
    lhsDims: [37, 70],
    rhsDims: [70, 19],
    attrs: MATMUL,
  }),
  dotCase({
    name: 'matmul, long contraction (K blocks)',
    dtype: 'float64',
    lhsDims: [5, 700],
    rhsDims: [700, 6],
    attrs: MATMUL,
  }),
  dotCase({
    name: 'matmul, wide and tall (row chunks, column blocks)',
    dtype: 'float32',
    lhsDims: [130, 2],
    rhsDims: [2, 2100],
    attrs: MATMUL,
  }),
  dotCase({
    name: 'batched matmul',
    dtype: 'float32',
    lhsDims: [2, 3, 4],
    rhsDims: [2, 4, 5],
    attrs: axes([0], [2], [0], [1]),
  }),
  dotCase({
    name: 'batch axis in the middle',
    dtype: 'float32',
    lhsDims: [3, 2, 4],
    rhsDims: [4, 2, 5],
    attrs: axes([1], [2], [1], [0]),
  }),
  dotCase({
    name: 'two batch axes, two free axes (rank 5)',
    dtype: 'float64',
    lhsDims: [2, 3, 2, 4, 3],
    rhsDims: [2, 3, 3, 5],
    attrs: axes([0, 1], [4], [0, 1], [2]),
  }),
  dotCase({
    name: 'two contracting axes',
    dtype: 'float32',
    lhsDims: [2, 3, 4],
    rhsDims: [3, 4, 5],
    attrs: axes([], [1, 2], [], [0, 1]),
  }),
  dotCase({
    name: 'two contracting axes in swapped order',
    dtype: 'float64',
    lhsDims: [2, 3, 4],
    rhsDims: [4, 3, 5],
    attrs: axes([], [2, 1], [], [0, 1]),
  }),
  dotCase({
    name: 'contracting axis first (Aᵀ·Bᵀ)',
    dtype: 'float32',
    lhsDims: [4, 3],
    rhsDims: [5, 4],
    attrs: axes([], [0], [], [1]),
  }),
  dotCase({
    name: 'vector · vector (rank-0 result)',
    dtype: 'float64',
    lhsDims: [6],
    rhsDims: [6],
    attrs: axes([], [0], [], [0]),
  }),
  dotCase({
    name: 'outer product (no contraction)',
    dtype: 'float32',
    lhsDims: [3],
    rhsDims: [4],
    attrs: axes([], [], [], []),
  }),
  dotCase({
    name: 'zero-size contraction (zeros)',
    dtype: 'float32',
    lhsDims: [3, 0],
    rhsDims: [0, 2],
    attrs: MATMUL,
  }),
  dotCase({ name: 'zero-size rows', dtype: 'float32', lhsDims: [0, 3], rhsDims: [3, 2], attrs: MATMUL }),
  dotCase({ name: 'matmul', dtype: 'float16', lhsDims: [5, 7], rhsDims: [7, 3], attrs: MATMUL }),
  dotCase({
    name: 'batched matmul',
    dtype: 'bfloat16',
    lhsDims: [2, 3, 6],
    rhsDims: [2, 6, 2],
    attrs: axes([0], [2], [0], [1]),
  }),
  dotCase({
    name: 'matmul with wraparound',
    dtype: 'int32',
    lhsDims: [3, 5],
    rhsDims: [5, 4],
    attrs: MATMUL,
  }),
  dotCase({
    name: 'batched, contracting first, wraparound',
    dtype: 'uint32',
    lhsDims: [2, 4, 3],
    rhsDims: [2, 4, 2],
    attrs: axes([0], [1], [0], [1]),
  }),
  dotCase({
    name: 'matmul with wraparound',
    dtype: 'int64',
    lhsDims: [3, 4],
    rhsDims: [4, 2],
    attrs: MATMUL,
  }),
  dotCase({
    name: 'matmul with wraparound',
    dtype: 'uint64',
    lhsDims: [2, 3],
    rhsDims: [3, 2],
    attrs: MATMUL,
  }),
  dotCase({
    name: 'matmul with wraparound',
    dtype: 'uint8',
    lhsDims: [4, 6],
    rhsDims: [6, 5],
    attrs: MATMUL,
  }),
  dotCase({ name: 'matmul with wraparound', dtype: 'int8', lhsDims: [3, 5], rhsDims: [5, 3], attrs: MATMUL }),
  dotCase({
    name: 'matmul with wraparound',
    dtype: 'int16',
    lhsDims: [3, 5],
    rhsDims: [5, 3],
    attrs: MATMUL,
  }),
  dotCase({
    name: 'matmul with wraparound',
    dtype: 'uint16',
    lhsDims: [2, 4],
    rhsDims: [4, 3],
    attrs: MATMUL,
  }),
  dotCase({
    name: 'small values, exact',
    dtype: 'int32',
    lhsDims: [2, 2],
    rhsDims: [2, 2],
    attrs: MATMUL,
    lhs: [1, -2, 3, 4],
    rhs: [5, 6, -7, 8],
  }),
];
