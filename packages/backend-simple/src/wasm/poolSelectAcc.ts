// The channel steps of select-and-scatter over overlapping windows (stride < window, so an element can be
// selected by several windows): per window, find each lane's first extreme tap (poolSelect.ts), then add
// the window's source value into a float64 accumulator at that tap and +0 at the window's other taps. The
// accumulator never holds −0 (it starts at +0 and a sum is −0 only when both terms are), so adding +0
// leaves it unchanged and each element receives exactly the additions of the TypeScript kernel, in its
// (row-major window) order. float64 operands accumulate in the result itself (at `out − x` from the
// input); float32 ones in a float64 image at `zp` (at twice the input's byte offset in its image).
import { ValType } from './encoder.js';
import type { Lane } from './poolLane.js';
import type { PoolEmitter } from './poolLoops.js';
import { ZP } from './poolLoops.js';
import { emitSelectIndex, pushTapIndex } from './poolSelect.js';

/** Finds each lane's first extreme tap, then adds the source value into the accumulator there. */
export function emitPoolSelectAcc(g: PoolEmitter, lane: Lane, off: number, looped: boolean): void {
  const c = g.c;
  const f32 = g.cfg.lane === 'f32';
  const vector = lane.vt === ValType.v128;
  const { v, idx, s } = g.laneLocals(lane);
  emitSelectIndex(g, lane, off, looped);
  g.at(g.o, looped);
  lane.load(c, off);
  c.set(s);
  g.forTaps(looped, true, (addr, tapOff, t) => {
    // v = the source where this tap is the selected one, else +0.
    c.get(s);
    if (lane.keep) {
      pushTapIndex(g, lane, t);
      c.get(idx);
      lane.indexEq(c);
      lane.keep(c);
    } else {
      lane.constant(c, 0);
      pushTapIndex(g, lane, t);
      c.get(idx);
      lane.indexEq(c);
      lane.sel(c);
    }
    c.set(v);
    addr();
    if (f32) c.get(g.xb).i32Sub().i32Const(1).i32Shl().get(ZP).i32Add();
    else c.get(g.dx).i32Add();
    c.set(g.aa);
    const o = f32 ? 2 * (tapOff + off) : tapOff + off;
    if (!f32) {
      c.get(g.aa).get(g.aa);
      lane.load(c, o);
      c.get(v);
      if (vector) c.f64x2Add();
      else c.f64Add();
      lane.store(c, o);
    } else if (vector) {
      c.get(g.aa).get(g.aa).v128LoadU(o).get(v).f64x2PromoteLowF32x4().f64x2Add().v128StoreU(o);
      c.get(g.aa)
        .get(g.aa)
        .v128LoadU(o + 16)
        .get(v)
        .get(v)
        .shuffle64([1, 1])
        .f64x2PromoteLowF32x4()
        .f64x2Add()
        .v128StoreU(o + 16);
    } else {
      c.get(g.aa).get(g.aa).f64Load(o).get(v).f64PromoteF32().f64Add().f64Store(o);
    }
  });
}
