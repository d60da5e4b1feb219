import { Builder, type OpAttrs, type OpName, type Program, type Value } from '@tsmlx/backends';
import {
  type AnyStorageArray,
  allocateStorage,
  bfloat16FromNumber,
  type DType,
  float16FromNumber,
} from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { withCodegenAvailable } from '../../codegenSupport.js';
import { compilePlan } from '../../plan/compile.js';
import { withKernelVariant } from '../../wasm/variant.js';
import { EXPRESSION_OPS } from './expressions.js';
import { BLOCK } from './interpreter.js';
import { unaryRules } from './unaryExpr.js';

// The interpreted loops (no `new Function`) against the generated ones, bit for bit: every elementwise op
// and convertDType over every dtype it accepts, on every pair of edge values (zeros of both signs, NaN,
// infinities, range ends, shift counts at and past the width, division by zero, …), and fused chains with
// broadcast operands, lengths across block boundaries and empty ones.

const ELEMENT_DTYPES: readonly DType[] = [
  'bool',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'float16',
  'bfloat16',
  'float32',
  'float64',
];

const FLOATS = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  1.5,
  2.5,
  -2.5,
  3,
  0.1,
  7.25,
  -37.5,
  100,
  Number.NaN,
  Infinity,
  -Infinity,
  1e-40,
  -1e-45,
  3.4e38,
  -3.4e38,
  65504,
  65520,
  1e300,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 63,
  2 ** 64,
  1e-8,
  89,
];
const INTS = [0, 1, -1, 2, -2, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64, 100, -100, 127, -128, 255, 12345, 65535];
const INT_ENDS = [2 ** 31 - 1, -(2 ** 31), 2 ** 32 - 1, 2 ** 15, -(2 ** 15) - 1];
const BIGS = [
  0n,
  1n,
  -1n,
  2n,
  -2n,
  3n,
  7n,
  31n,
  32n,
  63n,
  64n,
  65n,
  1000n,
  -1000n,
  2n ** 40n,
  -(2n ** 40n) + 7n,
];
const BIG_ENDS = [2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n - 1n, 2n ** 32n, 2n ** 53n + 1n];

/** Edge values of a dtype, stored (so wrapped or rounded) as its storage holds them. */
function edgeValues(dtype: DType): AnyStorageArray {
  if (dtype === 'bool') return Uint8Array.from([0, 1]);
  if (dtype === 'int64' || dtype === 'uint64') {
    const out = allocateStorage(dtype, BIGS.length + BIG_ENDS.length) as BigInt64Array;
    [...BIGS, ...BIG_ENDS].forEach((v, i) => {
      out[i] = v;
    });
    return out;
  }
  if (dtype === 'float16' || dtype === 'bfloat16') {
    const encode = dtype === 'float16' ? float16FromNumber : bfloat16FromNumber;
    return Uint16Array.from([...FLOATS.map(encode), 0x7e01, 0xfc01]); // and two NaNs with payloads
  }
  const values = dtype.startsWith('float') ? FLOATS : [...INTS, ...INT_ENDS];
  const out = allocateStorage(dtype, values.length) as Float64Array;
  values.forEach((v, i) => {
    out[i] = v;
  });
  return out;
}

/** Operands holding every pair (x, y) of `values` (for unary ops, just `values`). */
function pairs(values: AnyStorageArray, arity: number): AnyStorageArray[] {
  if (arity === 1) return [values];
  const n = values.length;
  const Ctor = values.constructor as new (n: number) => AnyStorageArray;
  const x = new Ctor(n * n);
  const y = new Ctor(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      (x as Float64Array)[i * n + j] = values[i] as number;
      (y as Float64Array)[i * n + j] = values[j] as number;
    }
  }
  return [x, y];
}

function bytes(a: AnyStorageArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** The first element where the two results differ in bits (NaNs compare by bits too); -1 if none. */
function firstDifference(a: AnyStorageArray, b: AnyStorageArray): number {
  if (a.length !== b.length) return 0;
  const x = bytes(a);
  const y = bytes(b);
  const width = a.BYTES_PER_ELEMENT;
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return Math.floor(k / width);
  return -1;
}

/** Runs `program` on `inputs` with generated loops and with interpreted ones; expects the same bits. */
function expectSameBits(program: Program, inputs: AnyStorageArray[], what: string): void {
  const generated = withKernelVariant('ts', () => compilePlan(program)).run(inputs);
  const interpreted = withCodegenAvailable(false, () =>
    withKernelVariant('ts', () => compilePlan(program)),
  ).run(inputs);
  expect(interpreted.length).toBe(generated.length);
  generated.forEach((g, k) => {
    const at = firstDifference(g, interpreted[k]!);
    if (at >= 0) {
      const operands = inputs.map((x) => String(x[at])).join(', ');
      expect(`${what}(${operands}) = ${interpreted[k]![at]}`).toBe(`${what}(${operands}) = ${g[at]}`);
    }
  });
}

/** A one-op program over `dtype`, or undefined when the op table rejects that dtype. */
function oneOp(op: OpName, dtype: DType, n: number, arity: number, attrs: unknown): Program | undefined {
  try {
    const b = new Builder(op);
    const operands = Array.from({ length: arity }, () => b.parameter(new Shape(dtype, [n])));
    return b.build([b.op(op, operands, attrs as OpAttrs[OpName]) as Value]);
  } catch {
    return undefined;
  }
}

describe('interpreted elementwise loops equal the generated ones bit for bit', () => {
  const unary = new Set(Object.keys(unaryRules));
  for (const op of EXPRESSION_OPS) {
    if (op === 'convertDType') continue;
    it(`${op}, every dtype it accepts`, () => {
      const arity = unary.has(op) ? 1 : 2;
      let tested = 0;
      for (const dtype of ELEMENT_DTYPES) {
        const inputs = pairs(edgeValues(dtype), arity);
        const program = oneOp(op, dtype, inputs[0]!.length, arity, {});
        if (!program) continue;
        let accepted = true;
        try {
          withKernelVariant('ts', () => compilePlan(program));
        } catch {
          accepted = false; // no kernel for this dtype (e.g. erf on integers): nothing to compare
        }
        if (!accepted) continue;
        expectSameBits(program, inputs, `${op}[${dtype}]`);
        tested++;
      }
      expect(tested).toBeGreaterThan(0);
    });
  }

  it('convertDType between every pair of dtypes', () => {
    let tested = 0;
    for (const from of ELEMENT_DTYPES) {
      const inputs = [edgeValues(from)];
      for (const to of ELEMENT_DTYPES) {
        const program = oneOp('convertDType', from, inputs[0]!.length, 1, { dtype: to });
        if (!program) continue;
        expectSameBits(program, inputs, `convert[${from}→${to}]`);
        tested++;
      }
    }
    expect(tested).toBe(ELEMENT_DTYPES.length ** 2);
  });
});

function ramp(dtype: DType, n: number, scale: number): AnyStorageArray {
  const out = allocateStorage(dtype, n);
  for (let i = 0; i < n; i++) {
    const v = ((i * 7919) % 201) - 100 + (i % 3) / 4;
    if (dtype === 'int64' || dtype === 'uint64') (out as BigInt64Array)[i] = BigInt(Math.trunc(v * scale));
    else if (dtype === 'float16') (out as Uint16Array)[i] = float16FromNumber(v * scale);
    else if (dtype === 'bfloat16') (out as Uint16Array)[i] = bfloat16FromNumber(v * scale);
    else if (dtype === 'bool') (out as Uint8Array)[i] = v > 0 ? 1 : 0;
    else (out as Float64Array)[i] = v * scale;
  }
  return out;
}

/** Builds `chain(x, y, s, q)` over [rows, 4]: x, y full, s a broadcast scalar, q a broadcast row of 4. */
function chainProgram(dtype: DType, rows: number, chain: (b: Builder, v: Value[]) => Value): Program {
  const b = new Builder('chain');
  const dims = [rows, 4];
  const x = b.parameter(new Shape(dtype, dims));
  const y = b.parameter(new Shape(dtype, dims));
  const s = b.parameter(new Shape(dtype, []));
  const q = b.parameter(new Shape(dtype, [4]));
  const sb = b.broadcastInDim(s, { dims, axesMapping: [] });
  const qb = b.broadcastInDim(q, { dims, axesMapping: [1] });
  return b.build([chain(b, [x, y, sb, qb])]);
}

const chains: Record<string, [DType, (b: Builder, v: Value[]) => Value]> = {
  'int32 arithmetic with wraparound, division and shifts': [
    'int32',
    (b, [x, y, s, q]) =>
      b.bitwiseXor(b.shiftLeft(b.mul(b.add(x!, s!), b.mul(y!, y!)), q!), b.div(b.rem(x!, q!), b.sub(y!, s!))),
  ],
  'float32 exp, logistic and tanh with a broadcast bias': [
    'float32',
    (b, [x, y, s, q]) => b.mul(b.exp(b.add(x!, q!)), b.logistic(b.tanh(b.sub(y!, s!)))),
  ],
  'float16 arithmetic rounding at every step': [
    'float16',
    (b, [x, y, s, q]) => b.div(b.add(b.mul(x!, y!), s!), b.sqrt(b.abs(b.add(q!, y!)))),
  ],
  'bfloat16 max, min, round and pow': [
    'bfloat16',
    (b, [x, y, s, q]) => b.pow(b.round(b.max(x!, s!)), b.min(q!, b.sign(y!))),
  ],
  'int64 products, division by zero and shifts': [
    'int64',
    (b, [x, y, s, q]) =>
      b.shiftRightArithmetic(b.div(b.mul(b.mul(x!, x!), b.mul(y!, y!)), b.sub(x!, q!)), b.abs(s!)),
  ],
  'float64 comparisons, where and conversions to int and back': [
    'float64',
    (b, [x, y, s, q]) =>
      b.convertDType(
        b.add(
          b.convertDType(b.where(b.greaterThan(x!, y!), b.mul(x!, s!), b.sub(q!, y!)), { dtype: 'int32' }),
          b.convertDType(b.isNaN(b.log(x!)), { dtype: 'int32' }),
        ),
        { dtype: 'float64' },
      ),
  ],
  'uint8 bitwise chain with clz and bitCount': [
    'uint8',
    (b, [x, y, s, q]) => b.add(b.clz(b.bitwiseAnd(x!, q!)), b.bitCount(b.bitwiseOr(y!, s!))),
  ],
};

describe('interpreted fused chains equal the generated ones bit for bit', () => {
  for (const [name, [dtype, chain]] of Object.entries(chains)) {
    it(name, () => {
      // Lengths below, at and across block boundaries, and empty.
      for (const rows of [0, 1, BLOCK / 4, BLOCK / 4 + 1, 3 * BLOCK + 5]) {
        const program = chainProgram(dtype, rows, chain);
        const plan = withKernelVariant('ts', () => compilePlan(program));
        expect(plan.steps.some((step) => step.label.startsWith('fused('))).toBe(true);
        const n = rows * 4;
        const inputs = [ramp(dtype, n, 1.5), ramp(dtype, n, -0.75), ramp(dtype, 1, 3), ramp(dtype, 4, 0.5)];
        expectSameBits(program, inputs, `${name} [${rows}x4]`);
      }
    });
  }
});
