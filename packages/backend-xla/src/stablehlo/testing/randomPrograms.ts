import { Builder, type Program, type Value } from '@tsmlx/backends';
import { allocateStorage, type DType, isFloat, isInteger } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';

// A seeded generator of random valid programs over elementwise, compare, convert, shape, reduce and dot ops
// with random shapes (ranks 0-4, some zero-size dims) and dtypes, for the mlir-opt parse checks.

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DTYPES: DType[] = [
  'float32',
  'float64',
  'float16',
  'bfloat16',
  'int32',
  'int64',
  'int8',
  'uint8',
  'uint32',
  'uint64',
  'bool',
];
const FLOAT_UNARY = [
  'exp',
  'log',
  'sqrt',
  'tanh',
  'erf',
  'logistic',
  'round',
  'floor',
  'abs',
  'neg',
  'sign',
  'isNaN',
  'isFinite',
] as const;
const INT_UNARY = ['abs', 'neg', 'sign', 'bitwiseNot', 'bitCount', 'clz'] as const;
const NUM_BINARY = ['add', 'sub', 'mul', 'div', 'rem', 'max', 'min', 'pow'] as const;
const INT_BINARY = [
  'bitwiseAnd',
  'bitwiseOr',
  'bitwiseXor',
  'shiftLeft',
  'shiftRightLogical',
  'shiftRightArithmetic',
] as const;
const BOOL_BINARY = ['logicalAnd', 'logicalOr', 'logicalXor'] as const;
const COMPARE = ['equal', 'notEqual', 'lessThan', 'greaterOrEqual'] as const;
const REDUCE_NUM = ['reduceSum', 'reduceProduct', 'reduceMax', 'reduceMin'] as const;

class Gen {
  constructor(
    private readonly rand: () => number,
    private readonly b: Builder,
  ) {}

  int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  shape(): Shape {
    const rank = this.int(5);
    const dims = Array.from({ length: rank }, () => (this.rand() < 0.05 ? 0 : 1 + this.int(4)));
    return new Shape(this.pick(DTYPES), dims);
  }

  constantLike(shape: Shape): Value {
    const storage = allocateStorage(shape.dtype, shape.size);
    for (let i = 0; i < storage.length; i++) {
      const v = this.int(5);
      if (storage instanceof BigInt64Array || storage instanceof BigUint64Array) storage[i] = BigInt(v);
      else if (shape.dtype === 'float16') storage[i] = [0, 0x3c00, 0xc000, 0x7e00, 0x3555][v]!;
      else if (shape.dtype === 'bfloat16') storage[i] = [0, 0x3f80, 0xc000, 0x7fc0, 0x3eab][v]!;
      else if (isFloat(shape.dtype)) storage[i] = [0, 1.5, -2, Number.NaN, 1e-7][v]!;
      else storage[i] = shape.dtype === 'bool' ? v & 1 : v;
    }
    return this.b.constant(storage, shape);
  }

  /** One random op applied to values of the pool; returns the new value(s). */
  step(pool: Value[]): Value[] {
    const b = this.b;
    const x = this.pick(pool);
    const s = x.shape;
    const dt = s.dtype;
    const partner =
      pool.find((v) => v !== x && v.shape.equals(s)) ?? (this.rand() < 0.5 ? x : this.constantLike(s));
    switch (this.int(11)) {
      case 0:
        if (isFloat(dt)) return [b[this.pick(FLOAT_UNARY)](x)];
        if (isInteger(dt)) return [b[this.pick(INT_UNARY)](x)];
        return [b.logicalNot(x)];
      case 1:
        if (dt === 'bool') return [b[this.pick(BOOL_BINARY)](x, partner)];
        if (isInteger(dt) && this.rand() < 0.4) return [b[this.pick(INT_BINARY)](x, partner)];
        return [b[this.pick(NUM_BINARY)](x, partner)];
      case 2:
        if (dt === 'bool') return [b.equal(x, partner)];
        return [b[this.pick(COMPARE)](x, partner)];
      case 3:
        return [b.convertDType(x, { dtype: this.pick(DTYPES) })];
      case 4: {
        if (s.rank === 0) return [b.reshape(x, { dims: [1, 1] })];
        return [b.reshape(x, { dims: [...s.dims].reverse() }), b.reshape(x, { dims: [s.size] })];
      }
      case 5: {
        const perm = s.dims.map((_, i) => i).sort(() => this.rand() - 0.5);
        return [b.transpose(x, { permutation: perm })];
      }
      case 6: {
        const axes = s.dims.map((_, i) => i).filter(() => this.rand() < 0.5);
        if (dt === 'bool') return [b.reduceLogicalOr(x, { axes })];
        return [b[this.pick(REDUCE_NUM)](x, { axes })];
      }
      case 7: {
        if (dt === 'bool' || s.rank === 0)
          return [b.broadcastInDim(x, { dims: [2, ...s.dims], axesMapping: s.dims.map((_, i) => i + 1) })];
        const k = s.dims[s.rank - 1]!;
        const rhs = b.parameter(new Shape(dt, [k, 1 + this.int(3)]));
        return [
          b.dotGeneral(x, rhs, {
            lhsBatchAxes: [],
            rhsBatchAxes: [],
            lhsContractingAxes: [s.rank - 1],
            rhsContractingAxes: [0],
          }),
        ];
      }
      case 8: {
        if (s.rank === 0)
          return [
            b.concatenate([b.reshape(x, { dims: [1] }), b.reshape(partner, { dims: [1] })], { axis: 0 }),
          ];
        const start = s.dims.map((d) => this.int(d + 1));
        const limit = s.dims.map((d, i) => start[i]! + this.int(d - start[i]! + 1));
        return [
          b.slice(x, { start, limit, strides: s.dims.map(() => 1 + this.int(2)) }),
          b.concatenate([x, partner], { axis: this.int(s.rank) }),
        ];
      }
      case 9: {
        const zero = this.constantLike(new Shape(dt, []));
        const low = s.dims.map(() => this.int(3));
        return [
          b.pad(x, zero, {
            low,
            high: s.dims.map(() => this.int(2)),
            interior: s.dims.map(() => this.int(2)),
          }),
          b.where(b.equal(x, partner), x, partner),
        ];
      }
      default: {
        if (s.rank === 0 || dt === 'bool' || s.dims.includes(0))
          return [b.reverse(x, { axes: s.dims.map((_, i) => i) })];
        return [
          b.argMinMax(x, {
            axis: this.int(s.rank),
            isMin: this.rand() < 0.5,
            outputDType: this.pick(['int32', 'int64', 'uint32'] as DType[]),
          }),
        ];
      }
    }
  }
}

/** The `index`-th random program of the seeded sequence (deterministic). */
export function randomProgram(seed: number, index: number): Program {
  const rand = mulberry32(seed * 7919 + index);
  const b = new Builder(`random_${index}`);
  const g = new Gen(rand, b);
  const pool: Value[] = [];
  for (let i = 1 + g.int(3); i > 0; i--) pool.push(b.parameter(g.shape()));
  for (let n = 4 + g.int(12); n > 0; n--) pool.push(...g.step(pool));
  return b.build(pool.slice(-1 - g.int(3)));
}
