import { Builder, type OpAttrs, type OpName, type Value } from '@tsmlx/backends';
import { type AnyStorageArray, allocateStorage, type DType, float16ToNumber } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import '../kernels/index.js';
import { compilePlan } from './compile.js';

// A fused plan must give the same bits as the unfused one (NaN payloads aside): random elementwise
// programs are compiled both ways and run on random data, extremes included.

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const floatUnary: OpName[] = [
  'abs',
  'neg',
  'sign',
  'ceil',
  'floor',
  'round',
  'exp',
  'expm1',
  'log',
  'log1p',
  'logistic',
  'sqrt',
  'rsqrt',
  'sin',
  'cos',
  'tanh',
  'erf',
];
const floatBinary: OpName[] = ['add', 'sub', 'mul', 'div', 'rem', 'pow', 'max', 'min', 'atan2'];
const intUnary: OpName[] = ['abs', 'neg', 'sign', 'bitwiseNot', 'bitCount', 'clz'];
const intBinary: OpName[] = [
  'add',
  'sub',
  'mul',
  'div',
  'rem',
  'max',
  'min',
  'bitwiseAnd',
  'bitwiseOr',
  'bitwiseXor',
  'shiftLeft',
  'shiftRightArithmetic',
  'shiftRightLogical',
];
const compares: OpName[] = ['equal', 'notEqual', 'greaterThan', 'lessOrEqual'];

function randomData(dtype: DType, n: number, next: () => number): AnyStorageArray {
  const out = allocateStorage(dtype, n);
  for (let i = 0; i < n; i++) {
    const r = next();
    if (dtype === 'int64' || dtype === 'uint64') {
      (out as BigInt64Array)[i] = BigInt(Math.floor((next() - 0.5) * 2 ** 53)) * BigInt(Math.floor(r * 4096));
    } else if (dtype === 'float16' || dtype === 'bfloat16') {
      out[i] = Math.floor(r * 65536);
    } else if (dtype === 'float32' || dtype === 'float64') {
      const special = [Number.NaN, Number.POSITIVE_INFINITY, -0, 0, 0.5, -2.5, 1e30];
      (out as Float64Array)[i] =
        r < 0.15 ? special[Math.floor(next() * special.length)]! : (next() - 0.5) * 10 ** (r * 8 - 4);
    } else {
      (out as Int32Array)[i] =
        r < 0.2
          ? [0, -1, 1, 2147483647, -2147483648, 31, 7][Math.floor(next() * 7)]!
          : Math.floor((next() - 0.5) * 2 ** 32);
    }
  }
  return out;
}

/** Builds a random elementwise DAG over three parameters of `dtype`. */
function randomProgram(dtype: DType, seed: number, n: number) {
  const next = rng(seed);
  const b = new Builder(`fusion_${dtype}_${seed}`);
  const shape = new Shape(dtype, [n]);
  const values: Value[] = [b.parameter(shape), b.parameter(shape), b.parameter(shape)];
  const isFloat = dtype.startsWith('float') || dtype === 'bfloat16';
  const unary = isFloat ? floatUnary : intUnary;
  const binary = isFloat ? floatBinary : intBinary;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  for (let k = 0; k < 14; k++) {
    const r = next();
    const x = pick(values);
    const y = pick(values);
    let v: Value;
    if (r < 0.35) v = b.op(pick(unary), [x], {} as OpAttrs[OpName]) as Value;
    else if (r < 0.8) v = b.op(pick(binary), [x, y], {} as OpAttrs[OpName]) as Value;
    else if (r < 0.9) {
      const c = b.op(pick(compares), [x, y], {} as OpAttrs[OpName]) as Value;
      v = b.convertDType(c, { dtype });
    } else {
      const via: DType = pick(['float32', 'int32', 'float64', 'int8', 'uint32'] as const);
      v = b.convertDType(b.convertDType(x, { dtype: via }), { dtype });
    }
    values.push(v);
  }
  const outputs = [values[values.length - 1]!, values[3 + Math.floor(next() * 10)]!];
  return b.build(outputs);
}

function sameElement(dtype: DType, x: number | bigint, y: number | bigint): boolean {
  if (typeof x === 'bigint' || typeof y === 'bigint') return x === y;
  const [u, v] = dtype === 'float16' ? [float16ToNumber(x), float16ToNumber(y)] : [x, y];
  return Object.is(u, v) || (Number.isNaN(u) && Number.isNaN(v));
}

describe('elementwise fusion', () => {
  const n = 257;
  for (const dtype of ['float32', 'float64', 'int32', 'int8', 'uint32', 'int64', 'float16'] as const) {
    it(`${dtype}: fused plans give the same bits as unfused ones on random programs`, () => {
      let fusedSteps = 0;
      for (let seed = 1; seed <= 25; seed++) {
        const program = randomProgram(dtype, seed * 7919, n);
        const fused = compilePlan(program);
        const plain = compilePlan(program, { fuse: false });
        expect(fused.steps.length).toBeLessThanOrEqual(plain.steps.length);
        fusedSteps += fused.steps.filter((s) => s.label.startsWith('fused(')).length;
        const next = rng(seed);
        const inputs = [0, 1, 2].map(() => randomData(dtype, n, next));
        const want = plain.run(inputs);
        const got = fused.run(inputs);
        got.forEach((array, o) => {
          const out = program.valueShapes[program.outputs[o]!]!.dtype;
          for (let i = 0; i < n; i++) {
            if (!sameElement(out, array[i]!, want[o]![i]!)) {
              expect.fail(`seed ${seed}, output ${o}[${i}]: fused ${array[i]}, unfused ${want[o]![i]}`);
            }
          }
        });
      }
      expect(fusedSteps).toBeGreaterThan(0);
    });
  }

  it('fuses a*b+c into one step and keeps the float32 rounding of a*b', () => {
    const b = new Builder('fma');
    const shape = new Shape('float32', [3]);
    const [x, y, z] = [b.parameter(shape), b.parameter(shape), b.parameter(shape)];
    const plan = compilePlan(b.build([b.add(b.mul(x, y), z)]));
    expect(plan.steps.map((s) => s.label)).toEqual(['fused(mul+add)']);
    // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 rounds to 1 + 2^-11 in float32 (tie to even), so adding
    // -(1 + 2^-11) gives 0, where an unrounded product (a real fma) would leave 2^-24.
    const a = new Float32Array([1 + 2 ** -12, 3, -0]);
    const [out] = plan.run([a, a, new Float32Array([-(1 + 2 ** -11), 1, 0])]);
    expect([...out!]).toEqual([0, 10, 0]);
  });

  it('does not absorb values that are program outputs or used outside the chain', () => {
    const b = new Builder('shared');
    const shape = new Shape('float64', [4]);
    const [x, y] = [b.parameter(shape), b.parameter(shape)];
    const t = b.mul(x, y);
    const plan = compilePlan(b.build([t, b.add(t, x)]));
    expect(plan.steps.map((s) => s.label)).toEqual(['mul', 'add']);
    const b2 = new Builder('reused');
    const u = b2.exp(b2.parameter(shape));
    const twice = compilePlan(b2.build([b2.add(b2.mul(u, u), u)]));
    expect(twice.steps.map((s) => s.label)).toEqual(['fused(exp+mul+add)']);
  });
});
