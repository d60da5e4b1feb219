// The channel steps of select-and-scatter (the gradient of max/min pooling): per window, find each lane's
// first extreme tap (a NaN wins and is never replaced), then write `src + 0` there and 0 at the window's
// other taps. Small windows inside the operand keep one replacement mask per tap; otherwise the selected
// tap index is tracked and compared against every tap on the write pass.
import { ValType } from './encoder.js';
import type { Lane } from './poolLane.js';
import type { PoolEmitter } from './poolLoops.js';

/** Largest window whose select keeps one mask per tap (bigger windows track the tap index). */
const MASKED_TAPS = 16;

/** Finds each lane's first extreme tap, then writes `src + 0` there and 0 at the other taps. */
export function emitPoolSelect(g: PoolEmitter, lane: Lane, off: number, looped: boolean): void {
  if (g.inside && lane.replaces && lane.keep && g.taps.length <= MASKED_TAPS) {
    emitSelectMasked(g, lane, off, looped);
    return;
  }
  const c = g.c;
  const { idx, s } = g.laneLocals(lane);
  emitSelectIndex(g, lane, off, looped);
  g.at(g.o, looped);
  lane.load(c, off);
  lane.addZero(c);
  c.set(s);
  g.forTaps(looped, true, (addr, tapOff, t) => {
    addr();
    c.get(g.dx).i32Add();
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
    lane.store(c, tapOff + off);
  });
}

/** Pushes tap index `t` (constant) or, in counted tap loops (`t` undefined), the tap counter. */
export function pushTapIndex(g: PoolEmitter, lane: Lane, t: number | undefined): void {
  if (t === undefined) lane.indexOf(g.c, g.t);
  else lane.index(g.c, t);
}

/**
 * Leaves in the lane local `idx` each lane's first extreme tap index of the window (a NaN wins and is
 * never replaced; ties keep the earlier tap).
 */
export function emitSelectIndex(g: PoolEmitter, lane: Lane, off: number, looped: boolean): void {
  const c = g.c;
  const { a: best, v, m, idx } = g.laneLocals(lane);
  if (!g.inside) {
    lane.constant(c, g.max ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
    c.set(best);
  }
  lane.index(c, 0);
  c.set(idx);
  // Replace where (v ≷ best or v is NaN) and best is not NaN (from the identity, or from the first tap
  // when every window is inside).
  g.forTaps(looped, true, (addr, tapOff, t) => {
    addr();
    lane.load(c, tapOff + off);
    if (t === 0) {
      c.set(best);
      return;
    }
    c.set(v);
    if (lane.replaces) {
      lane.replaces(c, g.max, v, best);
    } else {
      c.get(v).get(best);
      lane.better(c, g.max);
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
    pushTapIndex(g, lane, t);
    c.get(idx).get(m);
    lane.sel(c);
    c.set(idx);
  });
}

/**
 * {@link emitPoolSelect} for windows inside the operand, on vectors: keeps each tap's replacement mask;
 * tap t is selected where it replaced and no later tap did (tap 0 where none did).
 */
function emitSelectMasked(g: PoolEmitter, lane: Lane, off: number, looped: boolean): void {
  const c = g.c;
  const { a: best, v, s, m: later } = g.laneLocals(lane);
  const T = g.taps.length;
  const masks = g.masks;
  while (masks.length < T) masks.push(g.local(ValType.v128));
  for (let t = 0; t < T; t++) {
    g.at(g.p, looped);
    lane.load(c, g.taps[t]! + off);
    if (t === 0) {
      c.set(best);
      continue;
    }
    c.set(v);
    lane.replaces!(c, g.max, v, best);
    c.set(masks[t]!);
    c.get(v).get(best).get(masks[t]!);
    lane.sel(c);
    c.set(best);
  }
  g.at(g.o, looped);
  lane.load(c, off);
  lane.addZero(c);
  c.set(s);
  for (let t = T - 1; t >= 0; t--) {
    g.at(g.p, looped);
    c.get(g.dx).i32Add();
    c.get(s);
    if (t === T - 1 && t > 0) {
      c.get(masks[t]!).v128And();
    } else if (t > 0) {
      c.get(masks[t]!).get(later).v128AndNot().v128And();
    } else if (T > 1) {
      c.get(later).v128AndNot();
    }
    lane.store(c, g.taps[t]! + off);
    if (t === T - 1 && t > 0) c.get(masks[t]!).set(later);
    else if (t > 0) c.get(later).get(masks[t]!).v128Or().set(later);
  }
}
