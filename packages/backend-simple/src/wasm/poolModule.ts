// Generated pooling kernels (reduceWindow max/min/sum, selectAndScatter max/min) over NHWC operands whose
// window sweeps the two middle axes: f32x4 / f64x2 lanes across channels, a scalar tail for the channels
// left over, every geometry constant baked in.
//
// `run(x, src, out, r0, r1, zp, zn)` handles the flattened output rows r0 ≤ r < r1 (r = batch·oh + i):
// - reductions read `x` and write the pooled rows at `out` (`src`, `zp`, `zn` unused);
// - select-and-scatter first zeroes `zn` bytes at `zp` (the input rows these output rows own, unless every
//   element lies in exactly one window), then, per window, finds the first extreme tap (a NaN wins, later
//   taps never replace a NaN) and writes `src + 0` there and 0 at the window's other taps. Windows must not
//   overlap (stride ≥ window): each element receives at most one source value, as in the float64 kernel.
// Taps are visited in window order (rows, then columns); padding is never a tap. Max/min use
// compare-and-select, so the first of equal taps (−0 before +0) wins exactly as in the TypeScript kernels;
// sums accumulate in float64 in tap order from +0 and round once, also as there.
import { ModuleBuilder, pushU32, ValType } from './encoder.js';
import { SimdCode } from './simdCode.js';

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

/** The instructions the pooling generator needs beyond {@link SimdCode}. */
class PoolCode extends SimdCode {
  private simdOp(opcode: number): this {
    this.raw(0xfd);
    pushU32(this.bytes, opcode);
    return this;
  }
  i32DivU(): this {
    return this.raw(0x6e);
  }
  select(): this {
    return this.raw(0x1b);
  }
  memoryFill(): this {
    return this.raw(0xfc, 0x0b, 0x00);
  }
  f32Eq(): this {
    return this.raw(0x5b);
  }
  f32Ne(): this {
    return this.raw(0x5c);
  }
  f32Lt(): this {
    return this.raw(0x5d);
  }
  f32Gt(): this {
    return this.raw(0x5e);
  }
  f64Eq(): this {
    return this.raw(0x61);
  }
  f64Ne(): this {
    return this.raw(0x62);
  }
  f64Lt(): this {
    return this.raw(0x63);
  }
  f64Gt(): this {
    return this.raw(0x64);
  }
  f32x4Eq(): this {
    return this.simdOp(0x41);
  }
  f32x4Lt(): this {
    return this.simdOp(0x43);
  }
  f32x4Gt(): this {
    return this.simdOp(0x44);
  }
  f32x4Le(): this {
    return this.simdOp(0x45);
  }
  f32x4Ge(): this {
    return this.simdOp(0x46);
  }
  f64x2Eq(): this {
    return this.simdOp(0x47);
  }
  f64x2Le(): this {
    return this.simdOp(0x4b);
  }
  f64x2Ge(): this {
    return this.simdOp(0x4c);
  }
  v128AndNot(): this {
    return this.simdOp(0x4f);
  }
  f64x2Lt(): this {
    return this.simdOp(0x49);
  }
  f64x2Gt(): this {
    return this.simdOp(0x4a);
  }
  i32x4Splat(): this {
    return this.simdOp(0x11);
  }
  i32x4Eq(): this {
    return this.simdOp(0x37);
  }
  v128And(): this {
    return this.simdOp(0x4e);
  }
  v128Or(): this {
    return this.simdOp(0x50);
  }
  /** `v128.const` with four equal i32 lanes. */
  i32x4Const(v: number): this {
    this.simdOp(0x0c);
    for (let lane = 0; lane < 4; lane++) for (let i = 0; i < 4; i++) this.bytes.push((v >>> (8 * i)) & 0xff);
    return this;
  }
}

/** The element operations of one lane shape (a v128 of elements, or one scalar element). */
interface Lane {
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

function laneOps(f64: boolean, vector: boolean): Lane {
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

/** Largest window whose select keeps one mask per tap (bigger windows track the tap index). */
const MASKED_TAPS = 16;

const X = 0;
const SRC = 1;
const OUT = 2;
const R0 = 3;
const R1 = 4;
const ZP = 5;
const ZN = 6;

/** Builds the binary of a pooling module importing `env.memory` with the given limits. */
export function buildPoolModule(
  cfg: PoolConfig,
  memory: { initial: number; maximum: number; shared: boolean },
): Uint8Array<ArrayBuffer> {
  const gen = new PoolGenerator(cfg);
  const m = new ModuleBuilder().importMemory({ module: 'env', name: 'memory', ...memory });
  m.addFunction({
    params: new Array<ValType>(7).fill(ValType.i32),
    results: [],
    locals: gen.locals,
    code: gen.emit(),
    exportName: 'run',
  });
  return m.build();
}

/** Emits the body of `run` for one configuration. */
class PoolGenerator {
  readonly locals: ValType[] = [];
  private readonly c = new PoolCode();
  private readonly B: number;
  private readonly CB: number;
  private readonly inside: boolean;
  private readonly select: boolean;
  private readonly max: boolean;
  private readonly taps: number[];
  private readonly vec: Lane;
  private readonly sca: Lane;
  // i32 locals
  private readonly r: number;
  private readonly j: number;
  private readonly rs: number;
  private readonly xb: number;
  private readonly dx: number;
  private readonly p: number;
  private readonly o: number;
  private readonly k: number;
  private readonly rowLo: number;
  private readonly rowHi: number;
  private readonly colLo: number;
  private readonly colHi: number;
  private readonly rr: number;
  private readonly cc: number;
  private readonly tp: number;
  private readonly t: number;

  constructor(private readonly cfg: PoolConfig) {
    const f64 = cfg.lane === 'f64';
    this.B = f64 ? 8 : 4;
    this.CB = cfg.c * this.B;
    this.inside = poolWindowsInside(cfg);
    this.select = cfg.kind === 'selectMax' || cfg.kind === 'selectMin';
    this.max = cfg.kind === 'max' || cfg.kind === 'selectMax';
    this.vec = laneOps(f64, true);
    this.sca = laneOps(f64, false);
    this.taps = [];
    for (let di = 0; di < cfg.wh; di++)
      for (let dj = 0; dj < cfg.ww; dj++) this.taps.push((di * cfg.w + dj) * this.CB);
    const i = () => this.local(ValType.i32);
    this.r = i();
    this.j = i();
    this.rs = i();
    this.xb = i();
    this.dx = i();
    this.p = i();
    this.o = i();
    this.k = i();
    this.rowLo = i();
    this.rowHi = i();
    this.colLo = i();
    this.colHi = i();
    this.rr = i();
    this.cc = i();
    this.tp = i();
    this.t = i();
  }

  private local(t: ValType): number {
    this.locals.push(t);
    return 7 + this.locals.length - 1;
  }

  /** Pushes max(v, 0) for the i32 local `v`. */
  private clampLow(v: number): void {
    this.c.get(v).i32Const(0).get(v).i32Const(0).i32GtS().select();
  }
  /** Pushes min(v + add, limit) for the i32 local `v`. */
  private clampHigh(v: number, add: number, limit: number): void {
    const c = this.c;
    c.get(v).i32Const(add).i32Add().i32Const(limit).get(v).i32Const(add).i32Add().i32Const(limit).i32LtS();
    c.select();
  }

  emit(): PoolCode {
    const { c, cfg, CB } = this;
    const rowBytes = cfg.w * CB;
    const imgBytes = cfg.h * rowBytes;
    if (this.select) c.get(ZP).i32Const(0).get(ZN).memoryFill();
    c.get(OUT).get(X).i32Sub().set(this.dx);
    c.get(R0).set(this.r);
    c.block().loop();
    c.get(this.r).get(R1).i32GeS().brIf(1);
    // xb = x + (r / oh)·imgBytes; rs = (r mod oh)·sh − pt
    c.get(this.r).i32Const(cfg.oh).i32DivU().set(this.rs);
    c.get(X).get(this.rs).i32Const(imgBytes).i32Mul().i32Add().set(this.xb);
    c.get(this.r).get(this.rs).i32Const(cfg.oh).i32Mul().i32Sub();
    c.i32Const(cfg.sh).i32Mul().i32Const(cfg.pt).i32Sub().set(this.rs);
    // o: this row's first output (reductions) or source (select) element.
    c.get(this.select ? SRC : OUT)
      .get(this.r)
      .i32Const(cfg.ow * CB)
      .i32Mul()
      .i32Add()
      .set(this.o);
    if (this.inside) {
      c.get(this.xb)
        .get(this.rs)
        .i32Const(rowBytes)
        .i32Mul()
        .i32Add()
        .i32Const(cfg.pl * CB)
        .i32Sub();
      c.set(this.p);
    } else {
      this.clampLow(this.rs);
      c.set(this.rowLo);
      this.clampHigh(this.rs, cfg.wh, cfg.h);
      c.set(this.rowHi);
    }
    c.i32Const(0).set(this.j);
    c.loop();
    if (!this.inside) {
      // colStart in rr (scratch), then the clipped column range.
      c.get(this.j).i32Const(cfg.sw).i32Mul().i32Const(cfg.pl).i32Sub().set(this.rr);
      this.clampLow(this.rr);
      c.set(this.colLo);
      this.clampHigh(this.rr, cfg.ww, cfg.w);
      c.set(this.colHi);
    }
    this.emitPosition();
    if (this.inside)
      c.get(this.p)
        .i32Const(cfg.sw * CB)
        .i32Add()
        .set(this.p);
    c.get(this.o).i32Const(CB).i32Add().set(this.o);
    c.get(this.j).i32Const(1).i32Add().tee(this.j).i32Const(cfg.ow).i32LtS().brIf(0);
    c.end();
    c.get(this.r).i32Const(1).i32Add().set(this.r);
    c.br(0);
    c.end().end();
    return c;
  }

  /** The channels of one window position: vectors (unrolled or looped), then the scalar tail. */
  private emitPosition(): void {
    const { c, cfg, B } = this;
    const per = 16 / B;
    const vectors = Math.floor(cfg.c / per);
    const looped = vectors > 16;
    if (looped) {
      c.i32Const(0).set(this.k);
      c.loop();
      this.emitChannel(this.vec, 0, true);
      c.get(this.k)
        .i32Const(16)
        .i32Add()
        .tee(this.k)
        .i32Const(16 * vectors)
        .i32LtS()
        .brIf(0);
      c.end();
    } else {
      for (let v = 0; v < vectors; v++) this.emitChannel(this.vec, 16 * v, false);
    }
    for (let e = vectors * per; e < cfg.c; e++) this.emitChannel(this.sca, e * B, false);
  }

  /** Pushes `base` (+ k when looping over channels). */
  private at(base: number, looped: boolean): void {
    this.c.get(base);
    if (looped) this.c.get(this.k).i32Add();
  }

  private emitChannel(lane: Lane, off: number, looped: boolean): void {
    if (this.cfg.kind === 'sum') this.emitSum(lane, off, looped);
    else if (this.select) this.emitSelect(lane, off, looped);
    else this.emitMinMax(lane, off, looped);
  }

  /**
   * Emits `visit(t)` once per tap with the tap's address pushed by `addr(extraOffset)`: unrolled over the
   * constant taps when every window is inside, else as loops over the clipped rows and columns (tap index
   * in local `t` when `counted`).
   */
  private forTaps(
    looped: boolean,
    counted: boolean,
    visit: (addr: () => void, off: number, t: number | undefined) => void,
  ): void {
    const { c, cfg, CB } = this;
    if (this.inside) {
      for (let t = 0; t < this.taps.length; t++) visit(() => this.at(this.p, looped), this.taps[t]!, t);
      return;
    }
    if (counted) c.i32Const(0).set(this.t);
    c.get(this.rowLo).set(this.rr);
    c.block();
    c.get(this.rr).get(this.rowHi).i32GeS().brIf(0);
    c.loop();
    // tp = xb + (rr·w + colLo)·CB (+ k)
    c.get(this.xb).get(this.rr).i32Const(cfg.w).i32Mul().get(this.colLo).i32Add().i32Const(CB).i32Mul();
    c.i32Add();
    if (looped) c.get(this.k).i32Add();
    c.set(this.tp);
    c.get(this.colLo).set(this.cc);
    c.block();
    c.get(this.cc).get(this.colHi).i32GeS().brIf(0);
    c.loop();
    visit(() => c.get(this.tp), 0, undefined);
    if (counted) c.get(this.t).i32Const(1).i32Add().set(this.t);
    c.get(this.tp).i32Const(CB).i32Add().set(this.tp);
    c.get(this.cc).i32Const(1).i32Add().tee(this.cc).get(this.colHi).i32LtS().brIf(0);
    c.end().end();
    c.get(this.rr).i32Const(1).i32Add().tee(this.rr).get(this.rowHi).i32LtS().brIf(0);
    c.end().end();
  }

  /** Locals of one lane shape, allocated once and shared by every channel step. */
  private laneLocals(lane: Lane): { a: number; b: number; v: number; m: number; idx: number; s: number } {
    const key = lane === this.vec ? 'vec' : 'sca';
    let l = this.laneLocalCache.get(key);
    if (!l) {
      const sumScalar = lane.vt === ValType.f32 && this.cfg.kind === 'sum' ? ValType.f64 : lane.vt;
      l = {
        a: this.local(sumScalar),
        b: this.local(sumScalar),
        v: this.local(lane.vt),
        m: this.local(lane.mt),
        idx: this.local(lane.mt),
        s: this.local(lane.vt),
      };
      this.laneLocalCache.set(key, l);
    }
    return l;
  }

  private readonly laneLocalCache = new Map<
    string,
    { a: number; b: number; v: number; m: number; idx: number; s: number }
  >();

  private emitMinMax(lane: Lane, off: number, looped: boolean): void {
    const c = this.c;
    const { a: acc, v } = this.laneLocals(lane);
    if (!this.inside) {
      lane.constant(c, this.max ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
      c.set(acc);
    }
    // acc = v where (v ≷ acc or v is NaN): the reduce kit's rule, starting from the identity (or, when
    // every window is inside, from the first tap, which that rule would take).
    this.forTaps(looped, false, (addr, tapOff, t) => {
      addr();
      lane.load(c, tapOff + off);
      if (t === 0) {
        c.set(acc);
        return;
      }
      c.set(v);
      c.get(v).get(acc).get(v).get(acc);
      lane.better(c, this.max);
      c.get(v).get(v);
      lane.ne(c);
      lane.or(c);
      lane.sel(c);
      c.set(acc);
    });
    this.at(this.o, looped);
    c.get(acc);
    lane.store(c, off);
  }

  /** Float64 sums from +0 in tap order, rounded once (f32 vectors: two f64x2 halves). */
  private emitSum(lane: Lane, off: number, looped: boolean): void {
    const c = this.c;
    const f32 = this.cfg.lane === 'f32';
    const { a: lo, b: hi, v } = this.laneLocals(lane);
    const vector = lane === this.vec;
    if (vector) {
      c.v128Zero().set(lo);
      if (f32) c.v128Zero().set(hi);
    } else {
      c.f64Const(0).set(lo);
    }
    this.forTaps(looped, false, (addr, tapOff) => {
      addr();
      lane.load(c, tapOff + off);
      if (vector && f32) {
        c.set(v);
        c.get(lo).get(v).f64x2PromoteLowF32x4().f64x2Add().set(lo);
        c.get(hi).get(v).get(v).shuffle32([2, 3, 0, 1]).f64x2PromoteLowF32x4().f64x2Add().set(hi);
      } else if (vector) {
        c.get(lo).f64x2Add().set(lo);
      } else {
        if (f32) c.f64PromoteF32();
        c.get(lo).f64Add().set(lo);
      }
    });
    this.at(this.o, looped);
    if (vector && f32) {
      c.get(lo).f32x4DemoteF64x2Zero().get(hi).f32x4DemoteF64x2Zero().shuffle32([0, 1, 4, 5]);
    } else {
      c.get(lo);
      if (f32) c.f32DemoteF64();
    }
    lane.store(c, off);
  }

  /** Finds each lane's first extreme tap, then writes `src + 0` there and 0 at the other taps. */
  private emitSelect(lane: Lane, off: number, looped: boolean): void {
    if (this.inside && lane.replaces && lane.keep && this.taps.length <= MASKED_TAPS) {
      this.emitSelectMasked(lane, off, looped);
      return;
    }
    const c = this.c;
    const { a: best, v, m, idx, s } = this.laneLocals(lane);
    if (!this.inside) {
      lane.constant(c, this.max ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
      c.set(best);
    }
    lane.index(c, 0);
    c.set(idx);
    const pushIndex = (t: number | undefined) => {
      if (t === undefined) lane.indexOf(c, this.t);
      else lane.index(c, t);
    };
    // Replace where (v ≷ best or v is NaN) and best is not NaN (from the identity, or from the first tap
    // when every window is inside).
    this.forTaps(looped, true, (addr, tapOff, t) => {
      addr();
      lane.load(c, tapOff + off);
      if (t === 0) {
        c.set(best);
        return;
      }
      c.set(v);
      if (lane.replaces) {
        lane.replaces(c, this.max, v, best);
      } else {
        c.get(v).get(best);
        lane.better(c, this.max);
        c.get(v).get(v);
        lane.ne(c);
        lane.or(c);
        c.get(best).get(best);
        lane.eq(c);
        lane.and(c);
      }
      c.set(m);
      c.get(v).get(best).get(m);
      lane.sel(c);
      c.set(best);
      pushIndex(t);
      c.get(idx).get(m);
      lane.sel(c);
      c.set(idx);
    });
    this.at(this.o, looped);
    lane.load(c, off);
    lane.addZero(c);
    c.set(s);
    this.forTaps(looped, true, (addr, tapOff, t) => {
      addr();
      c.get(this.dx).i32Add();
      c.get(s);
      if (lane.keep) {
        pushIndex(t);
        c.get(idx);
        lane.indexEq(c);
        lane.keep(c);
      } else {
        lane.constant(c, 0);
        pushIndex(t);
        c.get(idx);
        lane.indexEq(c);
        lane.sel(c);
      }
      lane.store(c, tapOff + off);
    });
  }

  /**
   * {@link PoolGenerator.emitSelect} for windows inside the operand, on vectors: keeps each tap's
   * replacement mask; tap t is selected where it replaced and no later tap did (tap 0 where none did).
   */
  private emitSelectMasked(lane: Lane, off: number, looped: boolean): void {
    const c = this.c;
    const { a: best, v, s, m: later } = this.laneLocals(lane);
    const T = this.taps.length;
    while (this.masks.length < T) this.masks.push(this.local(ValType.v128));
    const masks = this.masks;
    for (let t = 0; t < T; t++) {
      this.at(this.p, looped);
      lane.load(c, this.taps[t]! + off);
      if (t === 0) {
        c.set(best);
        continue;
      }
      c.set(v);
      lane.replaces!(c, this.max, v, best);
      c.set(masks[t]!);
      c.get(v).get(best).get(masks[t]!);
      lane.sel(c);
      c.set(best);
    }
    this.at(this.o, looped);
    lane.load(c, off);
    lane.addZero(c);
    c.set(s);
    for (let t = T - 1; t >= 0; t--) {
      this.at(this.p, looped);
      c.get(this.dx).i32Add();
      c.get(s);
      if (t === T - 1 && t > 0) {
        c.get(masks[t]!).v128And();
      } else if (t > 0) {
        c.get(masks[t]!).get(later).v128AndNot().v128And();
      } else if (T > 1) {
        c.get(later).v128AndNot();
      }
      lane.store(c, this.taps[t]! + off);
      if (t === T - 1 && t > 0) c.get(masks[t]!).set(later);
      else if (t > 0) c.get(later).get(masks[t]!).v128Or().set(later);
    }
  }

  /** Per-tap mask locals of {@link PoolGenerator.emitSelectMasked}. */
  private readonly masks: number[] = [];
}
