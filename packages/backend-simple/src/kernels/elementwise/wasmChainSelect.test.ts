import { Builder, type OpAttrs, type OpName, type Program, type Value } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { compilePlan } from '../../plan/compile.js';
import { hasWasmSimd } from '../../wasm/features.js';
import { withKernelVariant } from '../../wasm/variant.js';
import { chainOf } from './wasmChain.js';

// Comparisons, logical ops and `where` inside wasm chains: lane masks from comparisons or from bool
// arrays (bytes widened), full-length or repeating (folded broadcasts). They must give the TS loops' bits
// (NaN payloads aside), and the ReLU-gradient chain must match an independent reference.

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const specials = [0, -0, 1, -1, Number.NaN, Infinity, -Infinity, 1e-40, 3e38, -2.5, 0.5];

function floats(Ctor: Float32ArrayConstructor | Float64ArrayConstructor, n: number, seed: number) {
  const r = rng(seed);
  const a = new Ctor(n);
  // Small integers too, so that comparisons see many ties.
  for (let i = 0; i < n; i++) {
    const u = r();
    a[i] =
      u < 0.2
        ? specials[Math.floor(r() * specials.length)]!
        : u < 0.5
          ? Math.floor(r() * 5) - 2
          : (r() * 2 - 1) * 10 ** Math.floor(r() * 4 - 2);
  }
  return a;
}

function bools(n: number, seed: number): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
}

function sameBits(x: number, y: number): boolean {
  return (Number.isNaN(x) && Number.isNaN(y)) || Object.is(x, y);
}

const valueBinary: OpName[] = ['add', 'sub', 'mul', 'div', 'max', 'min'];
const valueUnary: OpName[] = ['neg', 'abs', 'sqrt'];
const compares: OpName[] = ['equal', 'notEqual', 'lessThan', 'lessOrEqual', 'greaterThan', 'greaterOrEqual'];
const logical: OpName[] = ['logicalAnd', 'logicalOr', 'logicalXor', 'logicalNot'];

/**
 * A random chain over [rows, period] values: full-length float and bool parameters, a scalar float and a
 * scalar bool broadcast, and a [period] float and bool broadcast along the rows.
 */
function randomProgram(seed: number, dtype: 'float32' | 'float64', rows: number, period: number) {
  const r = rng(seed);
  const b = new Builder('select');
  const dims = [rows, period];
  const full = new Shape(dtype, dims);
  const fullBool = new Shape('bool', dims);
  const repeat = (v: Value, rank: number) => b.broadcastInDim(v, { dims, axesMapping: rank ? [1] : [] });
  const x0 = b.parameter(full);
  const x1 = b.parameter(full);
  const c0 = b.parameter(fullBool);
  const s = b.parameter(new Shape(dtype, []));
  const q = b.parameter(new Shape(dtype, [period]));
  const cs = b.parameter(new Shape('bool', []));
  const cq = b.parameter(new Shape('bool', [period]));
  const values: Value[] = [x0, x1, repeat(s, 0), repeat(q, 1)];
  const masks: Value[] = [c0, repeat(cs, 0), repeat(cq, 1)];
  const recent = (xs: Value[]) => xs[xs.length - 1 - Math.floor(r() * Math.min(xs.length, 3))]!;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const call = (op: OpName, args: Value[]) => b.op(op, args, {} as OpAttrs[OpName]) as Value;
  const steps = 4 + Math.floor(r() * 6);
  for (let k = 0; k < steps; k++) {
    const u = r();
    if (u < 0.3) masks.push(call(pick(compares), [recent(values), recent(values)]));
    else if (u < 0.4) {
      const op = pick(logical);
      masks.push(call(op, op === 'logicalNot' ? [recent(masks)] : [recent(masks), recent(masks)]));
    } else if (u < 0.65) values.push(b.where(recent(masks), recent(values), recent(values)));
    else if (u < 0.72) values.push(b.convertDType(recent(masks), { dtype }));
    else if (u < 0.85) values.push(call(pick(valueBinary), [recent(values), recent(values)]));
    else values.push(call(pick(valueUnary), [recent(values)]));
  }
  // The result selects by the newest mask, so that every kind of step feeds it.
  const out = b.where(masks[masks.length - 1]!, values[values.length - 1]!, values[values.length - 2]!);
  return b.build([out]);
}

/** Members (non-parameter, non-broadcast instructions) and externals of a random program, for chainOf. */
function chainParts(program: Program) {
  const alias = new Map<number, number>();
  for (const i of program.instructions) {
    if (i.op === 'broadcastInDim') alias.set(i.outputs[0]!, i.operands[0]!);
  }
  const members = program.instructions.filter((i) => i.op !== 'parameter' && i.op !== 'broadcastInDim');
  return { members, alias };
}

function compare(ts: AnyStorageArray, wasm: AnyStorageArray, what: string): void {
  expect(wasm.length).toBe(ts.length);
  for (let i = 0; i < ts.length; i++) {
    if (!sameBits(ts[i] as number, wasm[i] as number)) expect(`${what}@${i}: ${wasm[i]}`).toBe(`${ts[i]}`);
  }
}

describe.runIf(hasWasmSimd())('wasm chains with comparisons and where', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
    for (const period of [1, 2, 4, 8, 64]) {
      it(`${dtype}, repeating operands of period ${period}: random chains equal the TS loops bit for bit`, () => {
        const rows = period === 64 ? 257 : 5003; // odd row counts: sizes not multiples of 4
        const n = rows * period;
        for (let seed = 0; seed < 10; seed++) {
          const program = randomProgram(seed * 31 + period, dtype, rows, period);
          const { members, alias } = chainParts(program);
          expect(chainOf(program, members, program.parameterIds, alias)).toBeDefined();
          const inputs = [
            floats(Ctor, n, seed + 1),
            floats(Ctor, n, seed + 2),
            bools(n, seed + 3),
            floats(Ctor, 1, seed + 4),
            floats(Ctor, period, seed + 5),
            bools(1, seed + 6),
            bools(period, seed + 7),
          ];
          const ts = withKernelVariant('ts', () => compilePlan(program)).run(inputs)[0]!;
          const wasmPlan = withKernelVariant('wasm', () => compilePlan(program));
          compare(ts, wasmPlan.run(inputs)[0]!, `seed ${seed}`);
        }
      });
    }

    it(`${dtype}: the ReLU gradient chain matches an independent reference (NaN, ±0, ±Inf)`, () => {
      // d/dx max(x, 0) · g as the autodiff emits it: where(x > 0, g, where(x == 0, g · 0.5, 0)).
      const n = 4099;
      const b = new Builder('reluGrad');
      const s = new Shape(dtype, [n]);
      const [x, g] = [b.parameter(s), b.parameter(s)];
      const scalar = (v: number) =>
        b.broadcastInDim(b.constant(new Ctor([v]), new Shape(dtype, [])), { dims: [n], axesMapping: [] });
      const zero = scalar(0);
      const half = b.mul(g, scalar(0.5));
      const out = b.where(b.greaterThan(x, zero), g, b.where(b.equal(x, zero), half, scalar(0)));
      const program = b.build([out]);
      const xs = floats(Ctor, n, 11);
      const gs = floats(Ctor, n, 12);
      const plan = withKernelVariant('wasm', () => compilePlan(program));
      expect(plan.steps.map((step) => step.label)).toEqual(['fused(mul+greaterThan+equal+where+where)']);
      const got = plan.run([xs, gs])[0]!;
      const round = dtype === 'float32' ? Math.fround : (v: number) => v;
      for (let i = 0; i < n; i++) {
        const xi = xs[i]!;
        const want = xi > 0 ? gs[i]! : xi === 0 ? round(gs[i]! * 0.5) : 0;
        if (!sameBits(got[i] as number, want))
          expect(`${i}: x=${xi} g=${gs[i]} -> ${got[i]}`).toBe(`${want}`);
      }
    });

    it(`${dtype}: every comparison against an independent reference (NaN false but for notEqual, -0 == +0)`, () => {
      const n = 2051;
      const xs = floats(Ctor, n, 21);
      const ys = floats(Ctor, n, 22);
      const reference: Record<string, (a: number, c: number) => boolean> = {
        equal: (a, c) => a === c,
        notEqual: (a, c) => a !== c,
        lessThan: (a, c) => a < c,
        lessOrEqual: (a, c) => a <= c,
        greaterThan: (a, c) => a > c,
        greaterOrEqual: (a, c) => a >= c,
      };
      for (const op of compares) {
        const b = new Builder(op);
        const s = new Shape(dtype, [n]);
        const [x, y] = [b.parameter(s), b.parameter(s)];
        const m = b.op(op, [x, y], {} as OpAttrs[OpName]) as Value;
        const program = b.build([b.convertDType(m, { dtype })]);
        const got = withKernelVariant('wasm', () => compilePlan(program)).run([xs, ys])[0]!;
        for (let i = 0; i < n; i++) {
          const want = reference[op]!(xs[i]!, ys[i]!) ? 1 : 0;
          if (got[i] !== want) expect(`${op}(${xs[i]}, ${ys[i]}) = ${got[i]}`).toBe(`${want}`);
        }
      }
      // The inputs did hold the cases that matter.
      expect(xs.some((v, i) => Number.isNaN(v) && !Number.isNaN(ys[i]!))).toBe(true);
      expect(xs.some((v, i) => v === ys[i]!)).toBe(true);
    });
  }

  it('rejects chains mixing lane types or with int operands', () => {
    const b = new Builder('mixed');
    const s32 = new Shape('float32', [2048]);
    const x = b.parameter(s32);
    const y = b.parameter(new Shape('float64', [2048]));
    const i = b.parameter(new Shape('int32', [2048]));
    const m64 = b.greaterThan(y, y);
    const mi = b.greaterThan(i, i);
    const program = b.build([b.where(m64, x, x), b.where(mi, x, x)]);
    const [, , , gt64, gti, w64, wi] = program.instructions;
    expect(chainOf(program, [gt64!, w64!], [y.id, x.id])).toBeUndefined();
    expect(chainOf(program, [gti!, wi!], [i.id, x.id])).toBeUndefined();
    expect(chainOf(program, [w64!], [m64.id, x.id])).toBeDefined();
  });
});
