import type { Context } from '@tsmlx/context';
import type { Node, Tensor } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import { lstm } from './lstm.js';
import {
  checkParameterGradients,
  expectClose,
  flat,
  newContext,
  projection,
  seeded,
  tensor,
  testBackend,
  varValues,
} from './testing.js';

const sig = (x: number): number => 1 / (1 + Math.exp(-x));

/** Step-by-step LSTM in float64: returns outputs [b, t, h] and the last h, c [b, h]. */
function lstmRef(
  x: number[],
  [b, t, f]: number[],
  hidden: number,
  w: number[],
  u: number[],
  bias: number[],
  reversed: boolean,
): { out: number[]; h: number[]; c: number[] } {
  const H = hidden;
  const out = new Array<number>(b! * t! * H).fill(0);
  const hLast: number[] = [];
  const cLast: number[] = [];
  for (let bi = 0; bi < b!; bi++) {
    let h = new Array<number>(H).fill(0);
    let c = new Array<number>(H).fill(0);
    for (let s = 0; s < t!; s++) {
      const step = reversed ? t! - 1 - s : s;
      const z = new Array<number>(4 * H);
      for (let j = 0; j < 4 * H; j++) {
        let acc = bias[j]!;
        for (let i = 0; i < f!; i++) acc += x[(bi * t! + step) * f! + i]! * w[i * 4 * H + j]!;
        for (let i = 0; i < H; i++) acc += h[i]! * u[i * 4 * H + j]!;
        z[j] = acc;
      }
      const nc: number[] = [];
      const nh: number[] = [];
      for (let j = 0; j < H; j++) {
        const ig = sig(z[j]!);
        const fg = sig(z[H + j]!);
        const gg = Math.tanh(z[2 * H + j]!);
        const og = sig(z[3 * H + j]!);
        nc.push(fg * c[j]! + ig * gg);
        nh.push(og * Math.tanh(nc[j]!));
      }
      c = nc;
      h = nh;
      for (let j = 0; j < H; j++) out[(bi * t! + step) * H + j] = h[j]!;
    }
    hLast.push(...h);
    cLast.push(...c);
  }
  return { out, h: hLast, c: cLast };
}

/** Concatenates two [rows, a] and [rows, b] flat arrays on the last axis. */
function concatLast(p: number[], q: number[], rows: number): number[] {
  const a = p.length / rows;
  const b = q.length / rows;
  const out: number[] = [];
  for (let r = 0; r < rows; r++) out.push(...p.slice(r * a, (r + 1) * a), ...q.slice(r * b, (r + 1) * b));
  return out;
}

describe('lstm', () => {
  const dims = [2, 4, 3];
  const xs = seeded(24, 17, -1.5, 1.5);

  it('unidirectional: outputs and final states match a step-by-step loop', () => {
    const ctx = newContext();
    const exec = ctx.exec(testBackend, (c: Context, x: Node) => {
      const r = lstm(c.in('rnn'), x, 5);
      return [r.output, r.hidden, r.cell];
    });
    exec.call(tensor(xs, dims));
    const biases = varValues(ctx, '/rnn/biases');
    expect(biases).toEqual([...new Array(5).fill(0), ...new Array(5).fill(1), ...new Array(10).fill(0)]); // forget bias 1
    ctx.getVariable('/rnn/biases')!.setValue(seeded(20, 3));
    const [out, h, c] = exec.call(tensor(xs, dims)) as Tensor[];
    expect(out!.dims).toEqual([2, 4, 5]);
    expect(h!.dims).toEqual([2, 5]);
    const ref = lstmRef(
      xs,
      dims,
      5,
      varValues(ctx, '/rnn/weights'),
      varValues(ctx, '/rnn/recurrent_weights'),
      varValues(ctx, '/rnn/biases'),
      false,
    );
    expectClose(flat(out!), ref.out, 1e-12);
    expectClose(flat(h!), ref.h, 1e-12);
    expectClose(flat(c!), ref.c, 1e-12);
  });

  it('bidirectional: forward and time-reversed backward passes, concatenated', () => {
    const ctx = newContext();
    const exec = ctx.exec(testBackend, (c: Context, x: Node) => {
      const r = lstm(c, x, 2, { bidirectional: true });
      return [r.output, r.hidden, r.cell];
    });
    exec.call(tensor(xs, dims));
    const [out, h, c] = exec.call(tensor(xs, dims)) as Tensor[];
    expect(out!.dims).toEqual([2, 4, 4]);
    expect(h!.dims).toEqual([2, 4]);
    const ref = (dir: string, reversed: boolean) =>
      lstmRef(
        xs,
        dims,
        2,
        varValues(ctx, `/${dir}/weights`),
        varValues(ctx, `/${dir}/recurrent_weights`),
        varValues(ctx, `/${dir}/biases`),
        reversed,
      );
    const fw = ref('forward', false);
    const bw = ref('backward', true);
    expectClose(flat(out!), concatLast(fw.out, bw.out, 8), 1e-12);
    expectClose(flat(h!), concatLast(fw.h, bw.h, 2), 1e-12);
    expectClose(flat(c!), concatLast(fw.c, bw.c, 2), 1e-12);
  });

  it('has correct gradients for all weights (through time)', () => {
    const ctx = newContext();
    const n = checkParameterGradients(
      ctx,
      (c, x) => projection(lstm(c, x, 2, { bidirectional: true }).output),
      [tensor(seeded(2 * 3 * 2, 5), [2, 3, 2])],
    );
    expect(n).toBe(2 * (2 * 8 + 2 * 8 + 8));
  });

  it('errors name the scope', () => {
    const ctx = newContext().in('encoder');
    expect(() =>
      ctx.exec(testBackend, (c: Context, x: Node) => lstm(c, x, 3).output).call(tensor([1, 2], [1, 2])),
    ).toThrow(/lstm at scope "\/encoder": input must be a float tensor \[batch, time, features\]/);
    expect(() =>
      ctx.exec(testBackend, (c: Context, x: Node) => lstm(c, x, 0).output).call(tensor(xs, dims)),
    ).toThrow(/hiddenSize must be a positive integer/);
  });
});
