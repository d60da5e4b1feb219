import { Builder, type Program, type Value } from '@tsmlx/backends';
import type { DType } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';

// One small program per op of the op table (plus variants for dtype-dependent lowerings), used by the golden
// tests and the mlir-opt parse checks. Keys are golden file names.

type Build = (b: Builder) => Value[];

function program(name: string, build: Build): Program {
  const b = new Builder(name);
  return b.build(build(b));
}

const s = (dtype: DType, ...dims: number[]) => new Shape(dtype, dims);

type UnaryName =
  | 'abs'
  | 'neg'
  | 'sign'
  | 'ceil'
  | 'floor'
  | 'round'
  | 'exp'
  | 'expm1'
  | 'log'
  | 'log1p'
  | 'logistic'
  | 'sqrt'
  | 'rsqrt'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'erf'
  | 'isFinite'
  | 'isNaN'
  | 'bitwiseNot'
  | 'logicalNot'
  | 'bitCount'
  | 'clz';
type BinaryName =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'rem'
  | 'pow'
  | 'max'
  | 'min'
  | 'atan2'
  | 'bitwiseAnd'
  | 'bitwiseOr'
  | 'bitwiseXor'
  | 'shiftLeft'
  | 'shiftRightArithmetic'
  | 'shiftRightLogical'
  | 'logicalAnd'
  | 'logicalOr'
  | 'logicalXor'
  | 'equal'
  | 'notEqual'
  | 'greaterThan'
  | 'greaterOrEqual'
  | 'lessThan'
  | 'lessOrEqual';

const UNARY: Array<[UnaryName, DType]> = [
  ['abs', 'float32'],
  ['neg', 'int32'],
  ['sign', 'float32'],
  ['ceil', 'float32'],
  ['floor', 'float64'],
  ['round', 'float32'],
  ['exp', 'float32'],
  ['expm1', 'float32'],
  ['log', 'float32'],
  ['log1p', 'float32'],
  ['logistic', 'float32'],
  ['sqrt', 'float32'],
  ['rsqrt', 'float16'],
  ['sin', 'float32'],
  ['cos', 'float32'],
  ['tanh', 'bfloat16'],
  ['erf', 'float32'],
  ['isFinite', 'float32'],
  ['isNaN', 'float64'],
  ['bitwiseNot', 'uint8'],
  ['logicalNot', 'bool'],
  ['bitCount', 'int32'],
  ['clz', 'uint32'],
];

const BINARY: Array<[BinaryName, DType]> = [
  ['add', 'float32'],
  ['sub', 'int64'],
  ['mul', 'float32'],
  ['div', 'int32'],
  ['rem', 'float32'],
  ['pow', 'float32'],
  ['max', 'float32'],
  ['min', 'uint16'],
  ['atan2', 'float32'],
  ['bitwiseAnd', 'int32'],
  ['bitwiseOr', 'uint64'],
  ['bitwiseXor', 'int8'],
  ['shiftLeft', 'int32'],
  ['shiftRightArithmetic', 'int32'],
  ['shiftRightLogical', 'uint32'],
  ['logicalAnd', 'bool'],
  ['logicalOr', 'bool'],
  ['logicalXor', 'bool'],
  ['equal', 'bool'],
  ['notEqual', 'float32'],
  ['greaterThan', 'int32'],
  ['greaterOrEqual', 'uint32'],
  ['lessThan', 'float32'],
  ['lessOrEqual', 'int64'],
];

const programs: Record<string, Build> = {};
for (const [op, dtype] of UNARY) programs[op] = (b) => [b[op](b.parameter(s(dtype, 2, 3)))];
for (const [op, dtype] of BINARY) {
  programs[op] = (b) => [b[op](b.parameter(s(dtype, 2, 3)), b.parameter(s(dtype, 2, 3)))];
}

Object.assign(programs, {
  abs_uint: (b) => [b.abs(b.parameter(s('uint32', 4)))],
  sign_uint: (b) => [b.sign(b.parameter(s('uint8', 4)))],
  pow_int: (b) => [b.pow(b.parameter(s('int32', 3)), b.parameter(s('int32', 3)))],
  parameter: (b) => [b.parameter(s('float32', 2, 3), 'x'), b.parameter(s('int64'), 'n')],
  constant: (b) => [
    b.constant(
      new Float32Array([1, -2.5, 1e-6, Number.NaN, Number.POSITIVE_INFINITY, -0]),
      s('float32', 2, 3),
    ),
    b.constant(new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]), s('int64', 2)),
    b.constant(new BigUint64Array([2n ** 64n - 1n]), s('uint64')),
    b.constant(new Uint8Array([1, 0, 1]), s('bool', 3)),
    b.constant(new Uint16Array([0x3c00, 0x7e00, 0xfc00]), s('float16', 3)),
    b.constant(new Uint16Array([0x3f80, 0x7fc0, 0x4049]), s('bfloat16', 3)),
    b.constant(new Float64Array([0.1, 1e300]), s('float64', 2)),
    b.constant(new Int32Array(4).fill(7), s('int32', 2, 2)),
    b.constant(
      Float32Array.from({ length: 70 }, (_, i) => i / 4),
      s('float32', 7, 10),
    ),
    b.constant(new Float32Array(0), s('float32', 0, 3)),
  ],
  iota: (b) => [b.iota({ shape: s('int32', 2, 3), axis: 1 })],
  convertDType: (b) => [b.convertDType(b.parameter(s('float32', 2, 3)), { dtype: 'int32' })],
  convertDType_toBool: (b) => [b.convertDType(b.parameter(s('float32', 3)), { dtype: 'bool' })],
  convertDType_fromBool: (b) => [b.convertDType(b.parameter(s('bool', 3)), { dtype: 'bfloat16' })],
  bitcast: (b) => [
    b.bitcast(b.parameter(s('float32', 3)), { dtype: 'uint32' }),
    b.bitcast(b.parameter(s('float64', 2)), { dtype: 'uint16' }),
  ],
  broadcastInDim: (b) => [b.broadcastInDim(b.parameter(s('float32', 3)), { dims: [2, 3], axesMapping: [1] })],
  reshape: (b) => [b.reshape(b.parameter(s('float32', 2, 3)), { dims: [3, 2] })],
  transpose: (b) => [b.transpose(b.parameter(s('float32', 2, 3, 4)), { permutation: [2, 0, 1] })],
  reverse: (b) => [b.reverse(b.parameter(s('int32', 2, 3)), { axes: [0, 1] })],
  concatenate: (b) => [
    b.concatenate([b.parameter(s('float32', 2, 3)), b.parameter(s('float32', 1, 3))], { axis: 0 }),
  ],
  slice: (b) => [b.slice(b.parameter(s('float32', 5, 6)), { start: [1, 0], limit: [5, 6], strides: [2, 3] })],
  dynamicSlice: (b) => [
    b.dynamicSlice(b.parameter(s('float32', 5, 6)), [b.parameter(s('int32')), b.parameter(s('int64'))], {
      sizes: [2, 3],
    }),
  ],
  dynamicUpdateSlice: (b) => [
    b.dynamicUpdateSlice(b.parameter(s('float32', 5, 6)), b.parameter(s('float32', 2, 2)), [
      b.parameter(s('int32')),
      b.parameter(s('int32')),
    ]),
  ],
  pad: (b) => [
    b.pad(b.parameter(s('float32', 3, 4)), b.parameter(s('float32')), {
      low: [1, -1],
      high: [0, 2],
      interior: [1, 0],
    }),
  ],
  where: (b) => [
    b.where(b.parameter(s('bool', 2, 3)), b.parameter(s('float32', 2, 3)), b.parameter(s('float32', 2, 3))),
  ],
  clamp: (b) => [b.clamp(b.parameter(s('int32')), b.parameter(s('int32', 2, 3)), b.parameter(s('int32')))],
  reduceSum: (b) => [b.reduceSum(b.parameter(s('float32', 2, 3)), { axes: [1] })],
  reduceProduct: (b) => [b.reduceProduct(b.parameter(s('int32', 2, 3)), { axes: [0, 1] })],
  reduceMax: (b) => [b.reduceMax(b.parameter(s('float32', 2, 3)), { axes: [0] })],
  reduceMin: (b) => [b.reduceMin(b.parameter(s('int64', 2, 3)), { axes: [1] })],
  reduceBitwiseAnd: (b) => [b.reduceBitwiseAnd(b.parameter(s('uint32', 2, 3)), { axes: [1] })],
  reduceBitwiseOr: (b) => [b.reduceBitwiseOr(b.parameter(s('int8', 2, 3)), { axes: [1] })],
  reduceBitwiseXor: (b) => [b.reduceBitwiseXor(b.parameter(s('int16', 2, 3)), { axes: [1] })],
  reduceLogicalAnd: (b) => [b.reduceLogicalAnd(b.parameter(s('bool', 2, 3)), { axes: [1] })],
  reduceLogicalOr: (b) => [b.reduceLogicalOr(b.parameter(s('bool', 2, 3)), { axes: [1] })],
  reduceLogicalXor: (b) => [b.reduceLogicalXor(b.parameter(s('bool', 2, 3)), { axes: [0, 1] })],
  argMinMax: (b) => [
    b.argMinMax(b.parameter(s('float32', 2, 3)), { axis: 1, isMin: false, outputDType: 'int32' }),
  ],
  argMinMax_int: (b) => [
    b.argMinMax(b.parameter(s('int32', 2, 3)), { axis: 0, isMin: true, outputDType: 'int64' }),
  ],
  reduceWindow: (b) => [
    b.reduceWindow(b.parameter(s('float32', 1, 4, 4, 1)), {
      reduction: 'max',
      windowDims: [1, 2, 2, 1],
      strides: [1, 2, 2, 1],
      baseDilations: [1, 1, 1, 1],
      windowDilations: [1, 1, 1, 1],
      padding: [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    }),
  ],
  selectAndScatterMax: (b) => [
    b.selectAndScatterMax(b.parameter(s('float32', 4, 4)), b.parameter(s('float32', 2, 2)), {
      windowDims: [2, 2],
      strides: [2, 2],
      padding: [
        [0, 0],
        [0, 0],
      ],
    }),
  ],
  selectAndScatterMin: (b) => [
    b.selectAndScatterMin(b.parameter(s('int32', 4)), b.parameter(s('int32', 3)), {
      windowDims: [2],
      strides: [1],
      padding: [[0, 0]],
    }),
  ],
  selectAndScatterSum: (b) => [
    b.selectAndScatterSum(b.parameter(s('float32', 4, 5)), b.parameter(s('float32', 2, 2)), {
      windowDims: [2, 3],
      strides: [2, 2],
      padding: [
        [0, 0],
        [0, 0],
      ],
    }),
  ],
  dotGeneral: (b) => [
    b.dotGeneral(b.parameter(s('float32', 5, 2, 3)), b.parameter(s('float32', 5, 3, 4)), {
      lhsBatchAxes: [0],
      lhsContractingAxes: [2],
      rhsBatchAxes: [0],
      rhsContractingAxes: [1],
    }),
  ],
  convGeneral: (b) => [
    b.convGeneral(b.parameter(s('float32', 1, 5, 5, 2)), b.parameter(s('float32', 3, 3, 2, 4)), {
      inputBatchAxis: 0,
      inputChannelsAxis: 3,
      inputSpatialAxes: [1, 2],
      kernelInputChannelsAxis: 2,
      kernelOutputChannelsAxis: 3,
      kernelSpatialAxes: [0, 1],
      outputBatchAxis: 0,
      outputChannelsAxis: 3,
      outputSpatialAxes: [1, 2],
      strides: [1, 1],
      padding: [
        [1, 1],
        [1, 1],
      ],
      inputDilations: [1, 1],
      kernelDilations: [1, 1],
      featureGroupCount: 1,
      batchGroupCount: 1,
    }),
  ],
  gather: (b) => [
    b.gather(b.parameter(s('float32', 5, 3)), b.parameter(s('int32', 4, 1)), {
      indexVectorAxis: 1,
      offsetAxes: [1],
      collapsedSliceAxes: [0],
      startIndexMap: [0],
      sliceSizes: [1, 3],
      operandBatchingAxes: [],
      startIndicesBatchingAxes: [],
      indicesAreSorted: false,
    }),
  ],
  scatterSum: (b) => scatterProgram(b, 'scatterSum'),
  scatterMax: (b) => scatterProgram(b, 'scatterMax'),
  scatterMin: (b) => scatterProgram(b, 'scatterMin'),
  rngBitGenerator: (b) => b.rngBitGenerator(b.parameter(s('uint64', 3)), { shape: s('uint32', 2, 3) }),
  rngBitGenerator_uint64: (b) => b.rngBitGenerator(b.parameter(s('uint64', 3)), { shape: s('uint64', 3) }),
  rngBitGenerator_uint8: (b) => b.rngBitGenerator(b.parameter(s('uint64', 3)), { shape: s('uint8', 5) }),
  while: (b) => {
    const i = b.parameter(s('int32'));
    const x = b.parameter(s('float32', 3));
    const cond = b.subProgram('cond', [i.shape, x.shape], ([j], sb) => [
      sb.lessThan(j!, sb.constant(new Int32Array([10]), s('int32'))),
    ]);
    const body = b.subProgram('body', [i.shape, x.shape], ([j, y], sb) => [
      sb.add(j!, sb.constant(new Int32Array([1]), s('int32'))),
      sb.mul(y!, y!),
    ]);
    return b.while([i, x], { cond, body });
  },
  if: (b) => {
    const p = b.parameter(s('bool'));
    const x = b.parameter(s('float32', 3));
    const trueBranch = b.subProgram('then', [x.shape], ([y], sb) => [sb.exp(y!)]);
    const falseBranch = b.subProgram('else', [x.shape], ([y], sb) => [sb.neg(y!)]);
    return b.if(p, [x], { trueBranch, falseBranch });
  },
  sort: (b) => {
    const k = b.parameter(s('float32', 2, 4));
    const v = b.parameter(s('int32', 2, 4));
    const comparator = b.subProgram(
      'less',
      [s('float32'), s('float32'), s('int32'), s('int32')],
      ([l, r], sb) => [sb.lessThan(l!, r!)],
    );
    return b.sort([k, v], { axis: 1, stable: true, comparator });
  },
  call: (b) => {
    const x = b.parameter(s('float32', 3));
    const fn = b.subProgram('square plus/1', [x.shape], ([y], sb) => [sb.add(sb.mul(y!, y!), y!)]);
    const [once] = b.call([x], { fn });
    return b.call([once!], { fn });
  },
} satisfies Record<string, Build>);

function scatterProgram(b: Builder, op: 'scatterSum' | 'scatterMax' | 'scatterMin'): Value[] {
  return [
    b[op](b.parameter(s('float32', 5, 3)), b.parameter(s('int32', 2, 1)), b.parameter(s('float32', 2, 3)), {
      indexVectorAxis: 1,
      updateWindowAxes: [1],
      insertedWindowAxes: [0],
      scatterAxesToOperandAxes: [0],
      inputBatchingAxes: [],
      scatterIndicesBatchingAxes: [],
      indicesAreSorted: false,
      uniqueIndices: false,
    }),
  ];
}

/** The per-op programs, keyed by golden file name (an op name, or `<op>_<variant>`). */
export function opPrograms(): Map<string, Program> {
  return new Map(Object.entries(programs).map(([name, build]) => [name, program(name, build)]));
}
