// The element operations of the pooling generator for one lane shape: a whole v128 of float32/float64
// elements (channels in SIMD lanes, masks as v128) or one scalar element (the channel tail, masks as i32).
// The emitters in poolForward.ts and poolSelect.ts are written once against this interface.
import { ValType } from './encoder.js';
import type { PoolCode } from './poolCode.js';

/** The element operations of one lane shape (a v128 of elements, or one scalar element). */
export interface Lane {
  /** Type of value locals. */
  readonly vt: ValType;
  /** Type of mask and tap-index locals. */
  readonly mt: ValType;
  /** Bytes per step. */
  readonly bytes: number;
  load(c: PoolCode, off: number): void;
  store(c: PoolCode, off: number): void;
  /** [a, b] → mask of a > b (`max`) or a < b (`min`). */
  better(c: PoolCode, max: boolean): void;
  /** [a, b] → mask of a ≠ b / a = b. */
  ne(c: PoolCode): void;
  eq(c: PoolCode): void;
  or(c: PoolCode): void;
  and(c: PoolCode): void;
  /** [a, b, mask] → a where mask, else b. */
  sel(c: PoolCode): void;
  /** Pushes the element constant `v`. */
  constant(c: PoolCode, v: number): void;
  /** Pushes tap index `t` (constant) / from an i32 local. */
  index(c: PoolCode, t: number): void;
  indexOf(c: PoolCode, local: number): void;
  /** [a, b] → mask of equal tap indices. */
  indexEq(c: PoolCode): void;
  /** [s] → s + 0. */
  addZero(c: PoolCode): void;
  /**
   * [v, best] → mask of "v replaces best": (v ≷ best or v is NaN) and best is not NaN; undefined when
   * the lane builds it from {@link Lane.better}, {@link Lane.ne}, {@link Lane.eq} instead.
   */
  readonly replaces?: (c: PoolCode, max: boolean, v: number, best: number) => void;
  /** [s, mask] → s where mask, else +0 (for a mask of all-ones / all-zeros lanes). */
  readonly keep?: (c: PoolCode) => void;
}

/** The lane operations of float64 (`f64`) or float32 elements, as vectors or as scalars. */
export function laneOps(f64: boolean, vector: boolean): Lane {
  const B = f64 ? 8 : 4;
  if (vector) {
    return {
      vt: ValType.v128,
      mt: ValType.v128,
      bytes: 16,
      load: (c, off) => void c.v128LoadU(off),
      store: (c, off) => void c.v128StoreU(off),
      better: (c, max) => void (f64 ? (max ? c.f64x2Gt() : c.f64x2Lt()) : max ? c.f32x4Gt() : c.f32x4Lt()),
      ne: (c) => void (f64 ? c.f64x2Ne() : c.f32x4Ne()),
      eq: (c) => void (f64 ? c.f64x2Eq() : c.f32x4Eq()),
      or: (c) => void c.v128Or(),
      and: (c) => void c.v128And(),
      sel: (c) => void c.v128Bitselect(),
      constant: (c, v) => void (f64 ? c.f64x2Const(v) : c.f32x4Const(v)),
      index: (c, t) => void c.i32x4Const(t),
      indexOf: (c, local) => void c.get(local).i32x4Splat(),
      indexEq: (c) => void c.i32x4Eq(),
      addZero: (c) => void (f64 ? c.f64x2Const(0).f64x2Add() : c.v128Zero().f32x4Add()),
      // best = best (not NaN) and not (v ≤ best): one compare fewer than the scalar rule.
      replaces: (c, max, v, best) => {
        c.get(best).get(best);
        f64 ? c.f64x2Eq() : c.f32x4Eq();
        c.get(v).get(best);
        if (f64) max ? c.f64x2Le() : c.f64x2Ge();
        else max ? c.f32x4Le() : c.f32x4Ge();
        c.v128AndNot();
      },
      keep: (c) => void c.v128And(),
    };
  }
  return {
    vt: f64 ? ValType.f64 : ValType.f32,
    mt: ValType.i32,
    bytes: B,
    load: (c, off) => void (f64 ? c.f64Load(off) : c.f32Load(off)),
    store: (c, off) => void (f64 ? c.f64Store(off) : c.f32Store(off)),
    better: (c, max) => void (f64 ? (max ? c.f64Gt() : c.f64Lt()) : max ? c.f32Gt() : c.f32Lt()),
    ne: (c) => void (f64 ? c.f64Ne() : c.f32Ne()),
    eq: (c) => void (f64 ? c.f64Eq() : c.f32Eq()),
    or: (c) => void c.i32Or(),
    and: (c) => void c.i32And(),
    sel: (c) => void c.select(),
    constant: (c, v) => void (f64 ? c.f64Const(v) : c.f32Const(v)),
    index: (c, t) => void c.i32Const(t),
    indexOf: (c, local) => void c.get(local),
    indexEq: (c) => void c.i32Eq(),
    addZero: (c) => void (f64 ? c.f64Const(0).f64Add() : c.f32Const(0).f32Add()),
  };
}
