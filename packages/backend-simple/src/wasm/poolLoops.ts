// The loop skeleton of a generated pooling `run`: its locals, the sweep over output rows and columns
// (clipping the window to the operand when some window reaches into padding), the channel steps of one
// window position, and the visit of each window tap. What happens per channel step is supplied by the
// forward emitters (poolForward.ts) or the select-and-scatter emitters (poolSelect.ts).
import { ValType } from './encoder.js';
import { PoolCode } from './poolCode.js';
import { type PoolConfig, poolIsSelect, poolOverlaps, poolWindowsInside } from './poolConfig.js';
import { type Lane, laneOps } from './poolLane.js';

/** Parameter locals of `run(x, src, out, r0, r1, zp, zn)`. */
export const X = 0;
/** Source pointer parameter (select-and-scatter). */
export const SRC = 1;
/** Output pointer parameter. */
export const OUT = 2;
/** First output row parameter. */
export const R0 = 3;
/** End output row parameter. */
export const R1 = 4;
/** Start of the bytes to zero (select-and-scatter). */
export const ZP = 5;
/** Number of bytes to zero (select-and-scatter). */
export const ZN = 6;
const PARAMS = 7;

/** The locals of one lane shape, shared by every channel step of that shape. */
export interface LaneLocals {
  readonly a: number;
  readonly b: number;
  readonly v: number;
  readonly m: number;
  readonly idx: number;
  readonly s: number;
}

/** Emits the code of one channel step (`looped`: the vector offset is also advanced by local `k`). */
export type ChannelEmitter = (g: PoolEmitter, lane: Lane, off: number, looped: boolean) => void;

/** State and loop structure of the body of `run` for one configuration. */
export class PoolEmitter {
  /** Declared locals after the parameters. */
  readonly locals: ValType[] = [];
  /** The code being emitted. */
  readonly c = new PoolCode();
  /** Element bytes. */
  readonly B: number;
  /** Bytes of one pixel (all channels). */
  readonly CB: number;
  /** Whether every window lies inside the operand (constant, unrolled taps). */
  readonly inside: boolean;
  /** Whether this is a select-and-scatter. */
  readonly select: boolean;
  /** Whether this is a select-and-scatter over overlapping windows (accumulating, see poolSelectAcc.ts). */
  readonly overlap: boolean;
  /** Whether the overlapping select accumulates float32 images in a float64 image at `zp`. */
  readonly accImage: boolean;
  /** Whether the extreme sought is the maximum. */
  readonly max: boolean;
  /** Byte offsets of the window taps from the window's first tap, in window order. */
  readonly taps: number[];
  /** Vector and scalar lane operations. */
  readonly vec: Lane;
  readonly sca: Lane;
  // i32 locals
  readonly r: number;
  readonly j: number;
  readonly rs: number;
  readonly xb: number;
  /** out − x: added to an input address to reach the same element of the output. */
  readonly dx: number;
  /** Address of the window's first tap (windows inside). */
  readonly p: number;
  /** Address of the current output (reductions) or source (select) element. */
  readonly o: number;
  /** Channel byte offset when channel vectors are looped. */
  readonly k: number;
  readonly rowLo: number;
  readonly rowHi: number;
  readonly colLo: number;
  readonly colHi: number;
  readonly rr: number;
  readonly cc: number;
  readonly tp: number;
  /** Tap index in counted tap loops. */
  readonly t: number;
  /** Accumulator address (overlapping select). */
  readonly aa: number;
  /** Image index of the current row. */
  readonly img: number;
  /** Per-tap mask locals of the masked select. */
  readonly masks: number[] = [];
  private readonly laneLocalCache = new Map<string, LaneLocals>();

  constructor(readonly cfg: PoolConfig) {
    const f64 = cfg.lane === 'f64';
    this.B = f64 ? 8 : 4;
    this.CB = cfg.c * this.B;
    this.inside = poolWindowsInside(cfg);
    this.select = poolIsSelect(cfg);
    this.overlap = poolOverlaps(cfg);
    this.accImage = this.overlap && !f64;
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
    this.aa = i();
    this.img = i();
  }

  /** Declares a local of type `t`; returns its index. */
  local(t: ValType): number {
    this.locals.push(t);
    return PARAMS + this.locals.length - 1;
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

  /** Emits the whole body: rows r0 ≤ r < r1, each row's output columns, `channel` per channel step. */
  emit(channel: ChannelEmitter): PoolCode {
    const { c, cfg, CB } = this;
    const rowBytes = cfg.w * CB;
    const imgBytes = cfg.h * rowBytes;
    if (this.select && !this.accImage) c.get(ZP).i32Const(0).get(ZN).memoryFill();
    c.get(OUT).get(X).i32Sub().set(this.dx);
    c.get(R0).set(this.r);
    c.block().loop();
    c.get(this.r).get(R1).i32GeS().brIf(1);
    // xb = x + (r / oh)·imgBytes; rs = (r mod oh)·sh − pt
    c.get(this.r).i32Const(cfg.oh).i32DivU().set(this.img);
    c.get(X).get(this.img).i32Const(imgBytes).i32Mul().i32Add().set(this.xb);
    c.get(this.r).get(this.img).i32Const(cfg.oh).i32Mul().i32Sub().set(this.rs);
    if (this.accImage) {
      // An image's first row: clear its float64 accumulator.
      c.get(this.rs).i32Eqz().if();
      c.get(ZP)
        .i32Const(0)
        .i32Const(cfg.h * cfg.w * cfg.c * 8)
        .memoryFill();
      c.end();
    }
    c.get(this.rs).i32Const(cfg.sh).i32Mul().i32Const(cfg.pt).i32Sub().set(this.rs);
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
    this.emitPosition(channel);
    if (this.inside)
      c.get(this.p)
        .i32Const(cfg.sw * CB)
        .i32Add()
        .set(this.p);
    c.get(this.o).i32Const(CB).i32Add().set(this.o);
    c.get(this.j).i32Const(1).i32Add().tee(this.j).i32Const(cfg.ow).i32LtS().brIf(0);
    c.end();
    if (this.accImage) this.emitRoundImage();
    c.get(this.r).i32Const(1).i32Add().set(this.r);
    c.br(0);
    c.end().end();
    return c;
  }

  /** After an image's last row: rounds its float64 accumulator at `zp` to the float32 result image. */
  private emitRoundImage(): void {
    const { c, cfg } = this;
    const n = cfg.h * cfg.w * cfg.c;
    const vectors = Math.floor(n / 4);
    c.get(this.r)
      .get(this.img)
      .i32Const(cfg.oh)
      .i32Mul()
      .i32Sub()
      .i32Const(cfg.oh - 1)
      .i32Eq()
      .if();
    // aa: accumulator address; tp: result address; cc: accumulator end of the vector part.
    c.get(ZP).set(this.aa);
    c.get(OUT)
      .get(this.img)
      .i32Const(n * 4)
      .i32Mul()
      .i32Add()
      .set(this.tp);
    if (vectors > 0) {
      c.get(ZP)
        .i32Const(vectors * 32)
        .i32Add()
        .set(this.cc);
      c.loop();
      c.get(this.tp);
      c.get(this.aa).v128LoadU(0).f32x4DemoteF64x2Zero();
      c.get(this.aa).v128LoadU(16).f32x4DemoteF64x2Zero();
      c.shuffle64([0, 2]).v128StoreU(0);
      c.get(this.tp).i32Const(16).i32Add().set(this.tp);
      c.get(this.aa).i32Const(32).i32Add().tee(this.aa).get(this.cc).i32LtU().brIf(0);
      c.end();
    }
    for (let e = 0; e < n - vectors * 4; e++) {
      c.get(this.tp)
        .get(this.aa)
        .f64Load(8 * e)
        .f32DemoteF64()
        .f32Store(4 * e);
    }
    c.end();
  }

  /** The channels of one window position: vectors (unrolled or looped), then the scalar tail. */
  private emitPosition(channel: ChannelEmitter): void {
    const { c, cfg, B } = this;
    const per = 16 / B;
    const vectors = Math.floor(cfg.c / per);
    const looped = vectors > 16;
    if (looped) {
      c.i32Const(0).set(this.k);
      c.loop();
      channel(this, this.vec, 0, true);
      c.get(this.k)
        .i32Const(16)
        .i32Add()
        .tee(this.k)
        .i32Const(16 * vectors)
        .i32LtS()
        .brIf(0);
      c.end();
    } else {
      for (let v = 0; v < vectors; v++) channel(this, this.vec, 16 * v, false);
    }
    for (let e = vectors * per; e < cfg.c; e++) channel(this, this.sca, e * B, false);
  }

  /** Pushes `base` (+ k when looping over channels). */
  at(base: number, looped: boolean): void {
    this.c.get(base);
    if (looped) this.c.get(this.k).i32Add();
  }

  /**
   * Emits `visit(t)` once per tap with the tap's address pushed by `addr(extraOffset)`: unrolled over the
   * constant taps when every window is inside, else as loops over the clipped rows and columns (tap index
   * in local `t` when `counted`).
   */
  forTaps(
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
  laneLocals(lane: Lane): LaneLocals {
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
}
