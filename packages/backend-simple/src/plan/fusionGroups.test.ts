import { Builder, type OpAttrs, type OpName, type Value } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import '../kernels/index.js';
import { hasWasmSimd } from '../wasm/features.js';
import { withKernelVariant } from '../wasm/variant.js';
import { compilePlan } from './compile.js';

// Multi-output fusion: producers also read after a group's root join it as extra results (wasm chains
// only). Plans must give the bits of unfused plans, keep every value computed before it is read, and
// the TS variant must not form such groups.

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const specials = [0, -0, Number.NaN, Infinity, -Infinity, 1, -1, 0.5];

function floats(n: number, seed: number, positive = false): Float32Array {
  const r = rng(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = r();
    const v = u < 0.08 ? specials[Math.floor(r() * specials.length)]! : (r() - 0.5) * 4;
    a[i] = positive ? Math.abs(v) : v;
  }
  return a;
}

function sameBits(x: number, y: number): boolean {
  return Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));
}

function expectSame(got: readonly AnyStorageArray[], want: readonly AnyStorageArray[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((array, o) => {
    for (let i = 0; i < array.length; i++) {
      if (!sameBits(array[i] as number, want[o]![i] as number)) {
        expect.fail(`output ${o}[${i}]: fused ${array[i]}, unfused ${want[o]![i]}`);
      }
    }
  });
}

function scalar(b: Builder, v: number, dims: readonly number[]): Value {
  return b.broadcastInDim(b.constant(new Float32Array([v]), new Shape('float32', [])), {
    dims,
    axesMapping: [],
  });
}

/** Adam: new m, new v and the parameter update reading them (all three program outputs). */
function adamProgram(n: number) {
  const b = new Builder('adam');
  const s = new Shape('float32', [n]);
  const [m, v, g, p] = [b.parameter(s), b.parameter(s), b.parameter(s), b.parameter(s)];
  const d = [n];
  const m1 = b.add(b.mul(m, scalar(b, 0.9, d)), b.mul(g, scalar(b, 0.1, d)));
  const v1 = b.add(b.mul(v, scalar(b, 0.999, d)), b.mul(b.mul(g, g), scalar(b, 0.001, d)));
  const den = b.add(b.sqrt(b.div(v1, scalar(b, 0.5, d))), scalar(b, 1e-8, d));
  const p1 = b.sub(p, b.mul(b.div(b.div(m1, scalar(b, 0.25, d)), den), scalar(b, 1e-3, d)));
  return b.build([m1, v1, p1]);
}

describe.runIf(hasWasmSimd())('multi-output fusion', () => {
  it("runs Adam's three updates as one step and matches the unfused plan and a float64 reference", () => {
    const n = 5003;
    const program = adamProgram(n);
    const plan = withKernelVariant('wasm', () => compilePlan(program));
    expect(plan.steps.length).toBe(1);
    expect(plan.steps[0]!.outputs).toEqual(program.outputs);
    const inputs = [floats(n, 1), floats(n, 2, true), floats(n, 3), floats(n, 4)];
    const got = plan.run(inputs);
    expectSame(got, compilePlan(program, { fuse: false }).run(inputs));
    const f = Math.fround;
    const [m, v, g, p] = inputs as Float32Array[];
    for (let i = 0; i < n; i++) {
      const m1 = f(f(m![i]! * f(0.9)) + f(g![i]! * f(0.1)));
      const v1 = f(f(v![i]! * f(0.999)) + f(f(g![i]! * g![i]!) * f(0.001)));
      const den = f(f(Math.sqrt(f(v1 / 0.5))) + f(1e-8));
      const p1 = f(p![i]! - f(f(f(m1 / 0.25) / den) * f(1e-3)));
      const want = [m1, v1, p1];
      for (let o = 0; o < 3; o++) {
        const x = got[o]![i] as number;
        if (!sameBits(x, want[o]!)) expect.fail(`output ${o}[${i}]: ${x}, want ${want[o]}`);
      }
    }
  });

  it('the TS variant keeps one result per group', () => {
    const program = adamProgram(2048);
    const plan = withKernelVariant('ts', () => compilePlan(program));
    expect(plan.steps.length).toBe(3);
    for (const step of plan.steps) expect(step.outputs.length).toBe(1);
  });

  it('fuses a bias add with the ReLU after it, keeping the sum for a later reader', () => {
    const [rows, channels] = [65, 32];
    const d = [rows, channels];
    const b = new Builder('biasRelu');
    const x = b.parameter(new Shape('float32', d));
    const bias = b.parameter(new Shape('float32', [channels]));
    const g = b.parameter(new Shape('float32', d));
    const z = b.add(x, b.broadcastInDim(bias, { dims: d, axesMapping: [1] }));
    const y = b.max(z, scalar(b, 0, d));
    const h = b.reverse(y, { axes: [0] }); // not elementwise: y is a result of the group
    const grad = b.where(b.greaterThan(z, scalar(b, 0, d)), g, scalar(b, 0, d));
    const program = b.build([h, grad]);
    const plan = withKernelVariant('wasm', () => compilePlan(program));
    expect(plan.steps.map((s) => s.label)).toEqual(['fused(add+max)', 'reverse', 'fused(greaterThan+where)']);
    expect(plan.steps[0]!.outputs.length).toBe(2);
    const inputs = [floats(rows * channels, 5), floats(channels, 6), floats(rows * channels, 7)];
    expectSame(plan.run(inputs), compilePlan(program, { fuse: false }).run(inputs));
  });

  it('does not take in a producer read before the root', () => {
    const n = 2048;
    const b = new Builder('early');
    const s = new Shape('float32', [n]);
    const [x, y, z] = [b.parameter(s), b.parameter(s), b.parameter(s)];
    const t = b.mul(x, y);
    const u = b.reverse(t, { axes: [0] }); // reads t before the add below: t cannot wait for the add's step
    const w = b.add(b.mul(u, z), t);
    const program = b.build([w]);
    const plan = withKernelVariant('wasm', () => compilePlan(program));
    expect(plan.steps.map((step) => step.label)).toEqual(['mul', 'reverse', 'fused(mul+add)']);
    const inputs = [floats(n, 8), floats(n, 9), floats(n, 10)];
    expectSame(plan.run(inputs), compilePlan(program, { fuse: false }).run(inputs));
  });

  it('random DAGs with shared values give the bits of unfused plans (several runs: pooled arrays)', () => {
    const n = 1031;
    const binary: OpName[] = ['add', 'sub', 'mul', 'div', 'max', 'min'];
    let multi = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed * 977);
      const b = new Builder(`dag${seed}`);
      const s = new Shape('float32', [n]);
      const values: Value[] = [b.parameter(s), b.parameter(s), b.parameter(s), scalar(b, 1.5, [n])];
      const pick = () => values[Math.floor(r() * values.length)]!;
      for (let k = 0; k < 12; k++) {
        const u = r();
        let v: Value;
        if (u < 0.6)
          v = b.op(
            binary[Math.floor(r() * binary.length)]!,
            [pick(), pick()],
            {} as OpAttrs[OpName],
          ) as Value;
        else if (u < 0.7) v = b.sqrt(pick());
        else if (u < 0.8)
          v = b.exp(pick()); // not a chain op: splits groups
        else v = b.where(b.lessThan(pick(), pick()), pick(), pick());
        values.push(v);
      }
      const program = b.build([values[values.length - 1]!, values[4 + Math.floor(r() * 11)]!]);
      const plan = withKernelVariant('wasm', () => compilePlan(program));
      multi += plan.steps.filter((step) => step.outputs.length > 1).length;
      const unfused = compilePlan(program, { fuse: false });
      for (let run = 0; run < 3; run++) {
        const inputs = [floats(n, seed + run), floats(n, seed + 50), floats(n, seed + 99)];
        expectSame(plan.run(inputs), unfused.run(inputs));
      }
    }
    expect(multi).toBeGreaterThan(0);
  });
});
