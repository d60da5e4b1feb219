import type { Context } from '@tsmlx/context';
import { isFloat, minValue } from '@tsmlx/dtypes';
import {
  add,
  broadcastTo,
  convert,
  einsum,
  greaterOrEqual,
  iota,
  logicalAnd,
  mul,
  type Node,
  reshape,
  softmax,
  where,
} from '@tsmlx/graph';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { layerError } from './errors.js';
import type { Regularizer } from './regularizers.js';
import { rotaryEmbedding } from './rope.js';

/** The output of {@link MultiHeadAttentionBuilder.build}. */
export interface AttentionResult {
  /** The attention output `[batch, querySeq, outputDim]`. */
  output: Node;
  /** The attention coefficients (after softmax and masking) `[batch, numHeads, querySeq, keySeq]`. */
  coefficients: Node;
}

/**
 * Configures multi-head attention started with {@link multiHeadAttention}; finish with
 * {@link MultiHeadAttentionBuilder.done}. Inputs are `query [b, tq, dq]`, `key [b, tk, dk]`,
 * `value [b, tk, dv]`. Projections are dense layers in the sub-scopes `query`, `key`, `value` and
 * `output`. `numHeads` and `keyDim` are required; `valueDim` defaults to `keyDim`, `numKVHeads` to
 * `numHeads` and `outputDim` to the query's last dim.
 */
export class MultiHeadAttentionBuilder {
  private readonly ctx: Context;
  private readonly query: Node;
  private readonly key: Node;
  private readonly value: Node;
  private heads: number | undefined;
  private kvHeads: number | undefined;
  private kDim: number | undefined;
  private vDim: number | undefined;
  private outDim: number | undefined;
  private isCausal = false;
  private keyMaskNode: Node | undefined;
  private queryMaskNode: Node | undefined;
  private maskNode: Node | undefined;
  private ropeBase: number | undefined;
  private ropeOffset = 0;
  private bias = true;
  private rate = 0;
  private reg: Regularizer | null | undefined;

  /** @internal Use {@link multiHeadAttention}. */
  constructor(ctx: Context, query: Node, key: Node, value: Node) {
    this.ctx = ctx;
    this.query = query;
    this.key = key;
    this.value = value;
  }

  /** Number of query heads (required). */
  numHeads(n: number): this {
    this.heads = n;
    return this;
  }

  /** Number of key/value heads for grouped-query attention (must divide `numHeads`). Default `numHeads`. */
  numKVHeads(n: number): this {
    this.kvHeads = n;
    return this;
  }

  /** Size of each query/key head (required). */
  keyDim(d: number): this {
    this.kDim = d;
    return this;
  }

  /** Size of each value head. Default `keyDim`. */
  valueDim(d: number): this {
    this.vDim = d;
    return this;
  }

  /** Width of the output projection. Default the query's last dim. */
  outputDim(d: number): this {
    this.outDim = d;
    return this;
  }

  /**
   * Causal mask: query `i` attends key `j` only when `j ≤ i + (tk − tq)` (so with equal lengths, no
   * looking ahead; with a longer key sequence, the queries are its last positions).
   */
  causal(on = true): this {
    this.isCausal = on;
    return this;
  }

  /** Key padding mask: bool `[b, tk]`, true where the key may be attended. */
  keyMask(mask: Node): this {
    this.keyMaskNode = mask;
    return this;
  }

  /** Query padding mask: bool `[b, tq]`; false rows get all-zero coefficients. */
  queryMask(mask: Node): this {
    this.queryMaskNode = mask;
    return this;
  }

  /** General mask: bool `[b, tq, tk]` or `[tq, tk]` (dims of 1 broadcast), true where attention is allowed. */
  mask(mask: Node): this {
    this.maskNode = mask;
    return this;
  }

  /** Rotary position embedding on queries and keys (see {@link rotaryEmbedding}). Default off. */
  rope(base = 10000, positionOffset = 0): this {
    this.ropeBase = base;
    this.ropeOffset = positionOffset;
    return this;
  }

  /** Whether the projections have biases. Default true. */
  useProjectionBias(on = true): this {
    this.bias = on;
    return this;
  }

  /** Dropout rate of the attention coefficients (only while training). Default 0. */
  dropout(rate: number): this {
    this.rate = rate;
    return this;
  }

  /** Regularizer of the projection weights (default: from hyperparameters; `null` disables it). */
  regularizer(regularizer: Regularizer | null): this {
    this.reg = regularizer;
    return this;
  }

  /** Builds the attention; returns the output `[b, tq, outputDim]`. */
  done(): Node {
    return this.build().output;
  }

  /** Builds the attention; returns the output and the attention coefficients. */
  build(): AttentionResult {
    const { ctx, query, key, value } = this;
    const fail = (message: string): never => {
      throw layerError(ctx, 'multiHeadAttention', message);
    };
    const show = `query ${query.shape}, key ${key.shape}, value ${value.shape}`;
    if (query.rank !== 3 || key.rank !== 3 || value.rank !== 3) {
      fail(`query, key and value must be [batch, seq, features] (rank 3), got ${show}`);
    }
    if (![query, key, value].every((n) => isFloat(n.dtype) && n.dtype === query.dtype)) {
      fail(`query, key and value must share one float dtype, got ${show}`);
    }
    const [b, tq] = query.dims as [number, number, number];
    const tk = key.dims[1]!;
    if (key.dims[0] !== b || value.dims[0] !== b) fail(`batch sizes differ: ${show}`);
    if (value.dims[1] !== tk) fail(`key and value sequence lengths differ: ${show}`);
    const positive = (name: string, v: number | undefined, hint: string): number => {
      if (v === undefined) fail(`${name} is not set; call ${hint}`);
      if (!Number.isInteger(v) || (v as number) < 1)
        fail(`${name} must be a positive integer, got ${String(v)}`);
      return v as number;
    };
    const h = positive('numHeads', this.heads, '.numHeads(n)');
    const dk = positive('keyDim', this.kDim, '.keyDim(d)');
    const dv = positive('valueDim', this.vDim ?? dk, '.valueDim(d)');
    const kv = positive('numKVHeads', this.kvHeads ?? h, '.numKVHeads(n)');
    const outDim = positive('outputDim', this.outDim ?? query.dims[2], '.outputDim(d)');
    if (h % kv !== 0) fail(`numKVHeads (${kv}) must divide numHeads (${h})`);
    const r = h / kv;
    if (this.ropeBase !== undefined && dk % 2 !== 0) fail(`rotary embeddings need an even keyDim, got ${dk}`);
    const mask = this.combinedMask(fail, b, tq, tk);
    const denseOptions =
      this.reg === undefined ? { useBias: this.bias } : { useBias: this.bias, regularizer: this.reg };
    let q = dense(ctx.in('query'), query, [h, dk], denseOptions); // [b, tq, h, dk]
    let k = dense(ctx.in('key'), key, [kv, dk], denseOptions); // [b, tk, kv, dk]
    const v = dense(ctx.in('value'), value, [kv, dv], denseOptions); // [b, tk, kv, dv]
    if (this.ropeBase !== undefined) {
      const offset = this.ropeOffset;
      q = rotaryEmbedding(q, { base: this.ropeBase, positionOffset: offset + tk - tq });
      k = rotaryEmbedding(k, { base: this.ropeBase, positionOffset: offset });
    }
    const q5 = reshape(q, [b, tq, kv, r, dk]);
    const scores = mul(einsum('bqgrd,bkgd->bgrqk', q5, k), 1 / Math.sqrt(dk)); // [b, kv, r, tq, tk]
    let coefficients: Node;
    if (mask) {
      const m5 = reshape(mask, [b, 1, 1, tq, tk]);
      const lowest = minValue(query.dtype) as number;
      const probs = softmax(where(m5, scores, lowest), -1);
      coefficients = mul(probs, convert(m5, query.dtype));
    } else {
      coefficients = softmax(scores, -1);
    }
    if (this.rate > 0) coefficients = dropout(ctx, coefficients, this.rate);
    const context = einsum('bgrqk,bkgd->bqgrd', coefficients, v); // [b, tq, kv, r, dv]
    const merged = reshape(context, [b, tq, h * dv]);
    const output = dense(ctx.in('output'), merged, outDim, denseOptions);
    return { output, coefficients: reshape(coefficients, [b, h, tq, tk]) };
  }

  private combinedMask(fail: (m: string) => never, b: number, tq: number, tk: number): Node | undefined {
    const g = this.query.graph;
    const parts: Node[] = [];
    const checkBool = (name: string, m: Node, dims: readonly number[]): void => {
      const ok =
        m.dtype === 'bool' && m.rank === dims.length && m.dims.every((d, i) => d === dims[i] || d === 1);
      if (!ok)
        fail(`${name} must be a bool tensor of dims [${dims.join(', ')}] (1s broadcast), got ${m.shape}`);
    };
    if (this.keyMaskNode) {
      checkBool('keyMask', this.keyMaskNode, [b, tk]);
      parts.push(reshape(this.keyMaskNode, [this.keyMaskNode.dims[0]!, 1, this.keyMaskNode.dims[1]!]));
    }
    if (this.queryMaskNode) {
      checkBool('queryMask', this.queryMaskNode, [b, tq]);
      parts.push(reshape(this.queryMaskNode, [this.queryMaskNode.dims[0]!, this.queryMaskNode.dims[1]!, 1]));
    }
    if (this.maskNode) {
      const m = this.maskNode;
      const m3 = m.rank === 2 ? reshape(m, [1, ...m.dims]) : m;
      checkBool('mask', m3, [b, tq, tk]);
      parts.push(m3);
    }
    if (this.isCausal) {
      const qi = iota(g, 'int32', [1, tq, tk], 1);
      const kj = iota(g, 'int32', [1, tq, tk], 2);
      parts.push(greaterOrEqual(add(qi, tk - tq), kj));
    }
    if (parts.length === 0) return undefined;
    return broadcastTo(
      parts.reduce((p, q) => logicalAnd(p, q)),
      [b, tq, tk],
    );
  }
}

/**
 * Starts multi-head attention (Vaswani et al. 2017) of `query` over `key`/`value`; configure it
 * (`numHeads`, `keyDim`, masks, grouped-query heads, RoPE, ...) and call `done()`.
 *
 * @example
 * ```ts
 * const y = multiHeadAttention(ctx.in('attn'), x, x, x).numHeads(8).keyDim(64).causal().done();
 * ```
 */
export function multiHeadAttention(
  ctx: Context,
  query: Node,
  key: Node,
  value: Node,
): MultiHeadAttentionBuilder {
  return new MultiHeadAttentionBuilder(ctx, query, key, value);
}

/** Self-attention: {@link multiHeadAttention} with `x` as query, key and value. */
export function selfAttention(ctx: Context, x: Node): MultiHeadAttentionBuilder {
  return new MultiHeadAttentionBuilder(ctx, x, x, x);
}
