import type { Context } from '@tsmlx/context';
import type { Node, Tensor } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import { multiHeadAttention, selfAttention } from './attention.js';
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

interface Config {
  b: number;
  tq: number;
  tk: number;
  dIn: number;
  heads: number;
  kvHeads: number;
  dk: number;
  dv: number;
  out: number;
  causal?: boolean;
  keyMask?: number[]; // [b, tk] 0/1
  queryMask?: number[]; // [b, tq] 0/1
  rope?: number; // base
}

/** Projection in float64: x [rows, dIn] · W [dIn, n] + b [n]. */
function project(x: number[], rows: number, dIn: number, w: number[], bias: number[]): number[] {
  const n = bias.length;
  const y = new Array<number>(rows * n).fill(0);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < n; j++) {
      let s = bias[j]!;
      for (let i = 0; i < dIn; i++) s += x[r * dIn + i]! * w[i * n + j]!;
      y[r * n + j] = s;
    }
  return y;
}

/** Rotate-half RoPE of one head vector at position p. */
function ropeRef(v: number[], p: number, base: number): number[] {
  const d = v.length;
  const h = d / 2;
  const out = new Array<number>(d);
  for (let i = 0; i < h; i++) {
    const theta = p * base ** ((-2 * i) / d);
    out[i] = v[i]! * Math.cos(theta) - v[i + h]! * Math.sin(theta);
    out[i + h] = v[i + h]! * Math.cos(theta) + v[i]! * Math.sin(theta);
  }
  return out;
}

/** Reference attention with the explicit softmax formula. */
function attentionRef(
  ctx: Context,
  cfg: Config,
  query: number[],
  key: number[],
  value: number[],
): { out: number[]; coef: number[] } {
  const { b, tq, tk, dIn, heads: H, kvHeads: KV, dk, dv, out: O } = cfg;
  const v = (p: string) => varValues(ctx, p);
  const q = project(query, b * tq, dIn, v('/attn/query/weights'), v('/attn/query/biases')); // [b, tq, H, dk]
  const k = project(key, b * tk, dIn, v('/attn/key/weights'), v('/attn/key/biases')); // [b, tk, KV, dk]
  const val = project(value, b * tk, dIn, v('/attn/value/weights'), v('/attn/value/biases')); // [b, tk, KV, dv]
  const qv = (bi: number, t: number, h: number): number[] => {
    const vec = q.slice(((bi * tq + t) * H + h) * dk, ((bi * tq + t) * H + h + 1) * dk);
    return cfg.rope ? ropeRef(vec, t + tk - tq, cfg.rope) : vec;
  };
  const kvec = (bi: number, s: number, g: number): number[] => {
    const vec = k.slice(((bi * tk + s) * KV + g) * dk, ((bi * tk + s) * KV + g + 1) * dk);
    return cfg.rope ? ropeRef(vec, s, cfg.rope) : vec;
  };
  const coef = new Array<number>(b * H * tq * tk).fill(0);
  const merged = new Array<number>(b * tq * H * dv).fill(0);
  for (let bi = 0; bi < b; bi++)
    for (let h = 0; h < H; h++) {
      const g = Math.floor(h / (H / KV));
      for (let t = 0; t < tq; t++) {
        const allowed = (s: number): boolean =>
          (!cfg.causal || s <= t + tk - tq) &&
          (!cfg.keyMask || cfg.keyMask[bi * tk + s] === 1) &&
          (!cfg.queryMask || cfg.queryMask[bi * tq + t] === 1);
        const scores: number[] = [];
        for (let s = 0; s < tk; s++) {
          const qq = qv(bi, t, h);
          const kk = kvec(bi, s, g);
          scores.push(qq.reduce((acc, x, i) => acc + x * kk[i]!, 0) / Math.sqrt(dk));
        }
        const idx = scores.map((_, s) => s).filter(allowed);
        if (idx.length === 0) continue;
        const m = Math.max(...idx.map((s) => scores[s]!));
        const z = idx.reduce((acc, s) => acc + Math.exp(scores[s]! - m), 0);
        for (const s of idx) {
          const p = Math.exp(scores[s]! - m) / z;
          coef[((bi * H + h) * tq + t) * tk + s] = p;
          for (let e = 0; e < dv; e++)
            merged[((bi * tq + t) * H + h) * dv + e]! += p * val[((bi * tk + s) * KV + g) * dv + e]!;
        }
      }
    }
  const out = project(merged, b * tq, H * dv, v('/attn/output/weights'), v('/attn/output/biases'));
  expect(O).toBe(v('/attn/output/biases').length);
  return { out, coef };
}

function builder(c: Context, q: Node, k: Node, v: Node, cfg: Config, masks: { key?: Node; query?: Node }) {
  const a = multiHeadAttention(c.in('attn'), q, k, v)
    .numHeads(cfg.heads)
    .numKVHeads(cfg.kvHeads)
    .keyDim(cfg.dk)
    .valueDim(cfg.dv)
    .outputDim(cfg.out);
  if (cfg.causal) a.causal();
  if (masks.key) a.keyMask(masks.key);
  if (masks.query) a.queryMask(masks.query);
  if (cfg.rope) a.rope(cfg.rope);
  return a;
}

function runCase(cfg: Config): void {
  const ctx = newContext(13);
  const query = seeded(cfg.b * cfg.tq * cfg.dIn, 1);
  const key = seeded(cfg.b * cfg.tk * cfg.dIn, 2);
  const value = seeded(cfg.b * cfg.tk * cfg.dIn, 3);
  const inputs = [
    tensor(query, [cfg.b, cfg.tq, cfg.dIn]),
    tensor(key, [cfg.b, cfg.tk, cfg.dIn]),
    tensor(value, [cfg.b, cfg.tk, cfg.dIn]),
    tensor(cfg.keyMask ?? new Array<number>(cfg.b * cfg.tk).fill(1), [cfg.b, cfg.tk], 'bool'),
    tensor(cfg.queryMask ?? new Array<number>(cfg.b * cfg.tq).fill(1), [cfg.b, cfg.tq], 'bool'),
  ];
  const exec = ctx.exec(testBackend, (c: Context, q: Node, k: Node, v: Node, km: Node, qm: Node) => {
    const r = builder(c, q, k, v, cfg, {
      key: cfg.keyMask ? km : undefined,
      query: cfg.queryMask ? qm : undefined,
    }).build();
    return [r.output, r.coefficients];
  });
  exec.call(...inputs);
  // Non-zero biases, so that they are checked too.
  for (const [i, name] of ['query', 'key', 'value', 'output'].entries()) {
    const variable = ctx.getVariable(`/attn/${name}/biases`)!;
    variable.setValue(seeded(variable.shape.size, 40 + i));
  }
  expect(ctx.getVariable('/attn/query/weights')!.shape.dims).toEqual([cfg.dIn, cfg.heads, cfg.dk]);
  expect(ctx.getVariable('/attn/key/weights')!.shape.dims).toEqual([cfg.dIn, cfg.kvHeads, cfg.dk]);
  expect(ctx.getVariable('/attn/value/weights')!.shape.dims).toEqual([cfg.dIn, cfg.kvHeads, cfg.dv]);
  const [out, coef] = exec.call(...inputs) as Tensor[];
  expect(out!.dims).toEqual([cfg.b, cfg.tq, cfg.out]);
  expect(coef!.dims).toEqual([cfg.b, cfg.heads, cfg.tq, cfg.tk]);
  const ref = attentionRef(ctx, cfg, query, key, value);
  expectClose(flat(coef!), ref.coef, 1e-12);
  expectClose(flat(out!), ref.out, 1e-12);
}

describe('multiHeadAttention', () => {
  it('plain attention matches the explicit softmax formula', () => {
    runCase({ b: 2, tq: 3, tk: 3, dIn: 4, heads: 2, kvHeads: 2, dk: 3, dv: 3, out: 4 });
  });

  it('cross attention with a key padding mask and value dim ≠ key dim', () => {
    runCase({
      b: 2,
      tq: 2,
      tk: 4,
      dIn: 3,
      heads: 2,
      kvHeads: 2,
      dk: 2,
      dv: 3,
      out: 5,
      keyMask: [1, 1, 0, 1, 0, 1, 1, 0],
    });
  });

  it('causal, grouped-query heads (4 query heads on 2 KV heads) and a query mask', () => {
    runCase({
      b: 1,
      tq: 4,
      tk: 4,
      dIn: 3,
      heads: 4,
      kvHeads: 2,
      dk: 2,
      dv: 2,
      out: 3,
      causal: true,
      queryMask: [1, 1, 0, 1],
    });
  });

  it('causal with a longer key sequence, multi-query (1 KV head) and rotary embeddings', () => {
    runCase({
      b: 1,
      tq: 2,
      tk: 5,
      dIn: 4,
      heads: 2,
      kvHeads: 1,
      dk: 4,
      dv: 2,
      out: 4,
      causal: true,
      rope: 100,
    });
  });

  it('rotary embeddings on self-attention', () => {
    runCase({ b: 2, tq: 3, tk: 3, dIn: 4, heads: 2, kvHeads: 2, dk: 6, dv: 2, out: 4, rope: 10000 });
  });

  it('has correct gradients for every projection', () => {
    const ctx = newContext();
    const n = checkParameterGradients(
      ctx,
      (c, x) => projection(selfAttention(c, x).numHeads(2).numKVHeads(1).keyDim(2).causal().rope().done()),
      [tensor(seeded(2 * 3 * 3, 6), [2, 3, 3])],
    );
    // query 3·2·2 + 4, key 3·1·2 + 2, value 3·1·2 + 2, output 4·3 + 3.
    expect(n).toBe(16 + 8 + 8 + 15);
  });

  it('errors name the scope and the missing setting', () => {
    const ctx = newContext().in('block_0');
    const x = tensor(seeded(12), [1, 3, 4]);
    const run = (fn: (c: Context, v: Node) => Node, input = x): unknown =>
      ctx.exec(testBackend, fn).call(input);
    expect(() => run((c, v) => selfAttention(c, v).keyDim(2).done())).toThrow(
      /multiHeadAttention at scope "\/block_0": numHeads is not set; call \.numHeads\(n\)/,
    );
    expect(() => run((c, v) => selfAttention(c, v).numHeads(2).done())).toThrow(/keyDim is not set/);
    expect(() => run((c, v) => selfAttention(c, v).numHeads(3).numKVHeads(2).keyDim(2).done())).toThrow(
      /numKVHeads \(2\) must divide numHeads \(3\)/,
    );
    expect(() =>
      run((c, v) => selfAttention(c, v).numHeads(1).keyDim(2).done(), tensor([1, 2], [1, 2])),
    ).toThrow(/rank 3/);
    expect(() => run((c, v) => selfAttention(c, v).numHeads(1).keyDim(2).keyMask(v).done())).toThrow(
      /keyMask must be a bool tensor of dims \[1, 3\]/,
    );
    expect(() => run((c, v) => selfAttention(c, v).numHeads(1).keyDim(3).rope().done())).toThrow(
      /rotary embeddings need an even keyDim, got 3/,
    );
  });
});
