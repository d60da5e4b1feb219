// The configuration of a generated pooling module (what it computes, over which NHWC geometry), its cache
// key, and the signature of its exported `run`. See poolModule.ts for what the generated code does.

/** What a pooling module computes. */
export type PoolKind = 'max' | 'min' | 'sum' | 'selectMax' | 'selectMin';

/** The geometry of a pooling module (input [n, h, w, c] → output [n, oh, ow, c]). */
export interface PoolConfig {
  /** Lane type (float32 or float64 elements). */
  readonly lane: 'f32' | 'f64';
  /** The computation. */
  readonly kind: PoolKind;
  /** Input rows, columns, channels. */
  readonly h: number;
  readonly w: number;
  readonly c: number;
  /** Output rows and columns (both ≥ 1). */
  readonly oh: number;
  readonly ow: number;
  /** Window rows and columns. */
  readonly wh: number;
  readonly ww: number;
  /** Strides over rows and columns. */
  readonly sh: number;
  readonly sw: number;
  /** Low padding of rows and columns (negative crops). */
  readonly pt: number;
  readonly pl: number;
}

/** Signature of the exported `run` (pointers in bytes). */
export type PoolFunction = (
  x: number,
  src: number,
  out: number,
  r0: number,
  r1: number,
  zp: number,
  zn: number,
) => void;

/** A key identifying the generated code of a configuration. */
export function poolKey(cfg: PoolConfig): string {
  const { lane, kind, h, w, c, oh, ow, wh, ww, sh, sw, pt, pl } = cfg;
  return `pool:${lane}:${kind}:${[h, w, c, oh, ow, wh, ww, sh, sw, pt, pl].join(',')}`;
}

/** Whether every window lies inside the operand (no tap is padding or cropped). */
export function poolWindowsInside(cfg: PoolConfig): boolean {
  const { h, w, oh, ow, wh, ww, sh, sw, pt, pl } = cfg;
  return pt <= 0 && pl <= 0 && (oh - 1) * sh - pt + wh <= h && (ow - 1) * sw - pl + ww <= w;
}

/** Whether the configuration is a select-and-scatter (gradient) rather than a forward reduction. */
export function poolIsSelect(cfg: PoolConfig): boolean {
  return cfg.kind === 'selectMax' || cfg.kind === 'selectMin';
}

/** Whether the configuration is a select-and-scatter whose windows overlap (some element in several). */
export function poolOverlaps(cfg: PoolConfig): boolean {
  return poolIsSelect(cfg) && (cfg.wh > cfg.sh || cfg.ww > cfg.sw);
}
