// The channel steps of forward pooling (reduceWindow): max/min by compare-and-select in the element type
// (a NaN is taken, ties keep the earlier tap), sums accumulated in float64 from +0 in tap order and rounded
// once (float32 vectors as two f64x2 halves).
import type { Lane } from './poolLane.js';
import type { PoolEmitter } from './poolLoops.js';

/** Emits the max/min of the window's taps for one channel step, stored at the output. */
export function emitPoolMinMax(g: PoolEmitter, lane: Lane, off: number, looped: boolean): void {
  const c = g.c;
  const { a: acc, v } = g.laneLocals(lane);
  if (!g.inside) {
    lane.constant(c, g.max ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
    c.set(acc);
  }
  // acc = v where (v ≷ acc or v is NaN): the reduce kit's rule, starting from the identity (or, when
  // every window is inside, from the first tap, which that rule would take).
  g.forTaps(looped, false, (addr, tapOff, t) => {
    addr();
    lane.load(c, tapOff + off);
    if (t === 0) {
      c.set(acc);
      return;
    }
    c.set(v);
    c.get(v).get(acc).get(v).get(acc);
    lane.better(c, g.max);
    c.get(v).get(v);
    lane.ne(c);
    lane.or(c);
    lane.sel(c);
    c.set(acc);
  });
  g.at(g.o, looped);
  c.get(acc);
  lane.store(c, off);
}

/** Emits the float64 sum from +0 in tap order, rounded once (f32 vectors: two f64x2 halves). */
export function emitPoolSum(g: PoolEmitter, lane: Lane, off: number, looped: boolean): void {
  const c = g.c;
  const f32 = g.cfg.lane === 'f32';
  const { a: lo, b: hi, v } = g.laneLocals(lane);
  const vector = lane === g.vec;
  if (vector) {
    c.v128Zero().set(lo);
    if (f32) c.v128Zero().set(hi);
  } else {
    c.f64Const(0).set(lo);
  }
  g.forTaps(looped, false, (addr, tapOff) => {
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
  g.at(g.o, looped);
  if (vector && f32) {
    c.get(lo).f32x4DemoteF64x2Zero().get(hi).f32x4DemoteF64x2Zero().shuffle32([0, 1, 4, 5]);
  } else {
    c.get(lo);
    if (f32) c.f32DemoteF64();
  }
  lane.store(c, off);
}
