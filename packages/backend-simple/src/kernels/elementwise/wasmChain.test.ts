import { Builder, type OpName, type Value } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { compilePlan } from '../../plan/compile.js';
import { hasWasmSimd } from '../../wasm/features.js';
import { withKernelVariant } from '../../wasm/variant.js';
import { chainOf } from './wasmChain.js';

// The wasm chains must give the bits of the TS loops (NaN payloads aside) and the IEEE results an
// independent float64 computation rounds to.

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const specials = [0, -0, 1, -1, Number.NaN, Infinity, -Infinity, 1e-40, -3e-39, 3e38, -2.5, 1e-7];

function data(Ctor: Float32ArrayConstructor | Float64ArrayConstructor, n: number, seed: number) {
  const r = rng(seed);
  const a = new Ctor(n);
  for (let i = 0; i < n; i++) {
    a[i] =
      r() < 0.05
        ? specials[Math.floor(r() * specials.length)]!
        : (r() * 2 - 1) * 10 ** Math.floor(r() * 6 - 3);
  }
  return a;
}

function sameBits(x: number, y: number): boolean {
  return (Number.isNaN(x) && Number.isNaN(y)) || Object.is(x, y);
}

const binary: OpName[] = ['add', 'sub', 'mul', 'div', 'max', 'min'];
const unary: OpName[] = ['neg', 'abs', 'sqrt'];

/** A random chain over 3 parameters. */
function randomProgram(seed: number, dtype: 'float32' | 'float64', n: number) {
  const r = rng(seed);
  const b = new Builder('chain');
  const s = new Shape(dtype, [n]);
  const values: Value[] = [b.parameter(s), b.parameter(s), b.parameter(s)];
  const steps = 2 + Math.floor(r() * 5);
  for (let k = 0; k < steps; k++) {
    const pick = () => values[values.length - 1 - Math.floor(r() * Math.min(values.length, 3))]!;
    const op = r() < 0.7 ? binary[Math.floor(r() * binary.length)]! : unary[Math.floor(r() * unary.length)]!;
    const f = (b as unknown as Record<string, (...args: Value[]) => Value>)[op]!.bind(b);
    values.push(unary.includes(op) ? f(pick()) : f(pick(), values[values.length - 1]!));
  }
  return b.build([values[values.length - 1]!]);
}

describe.runIf(hasWasmSimd())('wasm elementwise chains', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
    it(`${dtype}: random fused chains equal the TS loops bit for bit`, () => {
      const n = 40003; // several chunks and a ragged tail
      const inputs = [data(Ctor, n, 1), data(Ctor, n, 2), data(Ctor, n, 3)];
      for (let seed = 0; seed < 12; seed++) {
        const program = randomProgram(seed + (dtype === 'float64' ? 100 : 0), dtype, n);
        const members = program.instructions.filter((i) => i.op !== 'parameter');
        expect(chainOf(program, members, program.parameterIds)).toBeDefined();
        const ts = withKernelVariant('ts', () => compilePlan(program)).run(inputs)[0]!;
        const wasm = withKernelVariant('wasm', () => compilePlan(program)).run(inputs)[0]!;
        expect(wasm).toBeInstanceOf(Ctor);
        for (let i = 0; i < n; i++) {
          if (!sameBits(ts[i] as number, wasm[i] as number))
            expect(`${seed}@${i}: ${wasm[i]}`).toBe(`${ts[i]}`);
        }
      }
    });

    for (const op of [...binary, ...unary]) {
      it(`${dtype} ${op} (single op) equals the TS loop bit for bit`, () => {
        const n = 5001;
        const b = new Builder('one');
        const s = new Shape(dtype, [n]);
        const x = b.parameter(s);
        const y = b.parameter(s);
        const f = (b as unknown as Record<string, (...args: Value[]) => Value>)[op]!.bind(b);
        const program = b.build([unary.includes(op) ? f(x) : f(x, y)]);
        const inputs = [data(Ctor, n, 5), data(Ctor, n, 6)];
        const ts = withKernelVariant('ts', () => compilePlan(program)).run(inputs)[0]!;
        const wasm = withKernelVariant('wasm', () => compilePlan(program)).run(inputs)[0]!;
        for (let i = 0; i < n; i++) {
          if (!sameBits(ts[i] as number, wasm[i] as number)) expect(`${i}: ${wasm[i]}`).toBe(`${ts[i]}`);
        }
      });
    }
  }

  it('a*b+c float32 equals the float64 computation rounded after each op', () => {
    const n = 70001;
    const b = new Builder('fma');
    const s = new Shape('float32', [n]);
    const [x, y, z] = [b.parameter(s), b.parameter(s), b.parameter(s)];
    const program = b.build([b.add(b.mul(x, y), z)]);
    const ins = [data(Float32Array, n, 7), data(Float32Array, n, 8), data(Float32Array, n, 9)];
    const plan = withKernelVariant('wasm', () => compilePlan(program));
    expect(plan.steps.length).toBe(1);
    const out = plan.run(ins)[0] as Float32Array;
    for (let i = 0; i < n; i++) {
      const want = Math.fround(Math.fround(ins[0]![i]! * ins[1]![i]!) + ins[2]![i]!);
      if (!sameBits(out[i]!, want)) expect(`${i}: ${out[i]}`).toBe(`${want}`);
    }
  });

  it('recognizes supported chains and rejects others', () => {
    const b = new Builder('mixed');
    const s = new Shape('float32', [8]);
    const x = b.parameter(s);
    const e = b.exp(x);
    const m = b.mul(x, x);
    const program = b.build([b.add(e, m)]);
    const [, expI, mulI, addI] = program.instructions;
    expect(chainOf(program, [mulI!], [x.id])).toBeDefined();
    expect(chainOf(program, [expI!, mulI!, addI!], [x.id])).toBeUndefined();
  });
});
