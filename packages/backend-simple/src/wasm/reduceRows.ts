// The `kr(x, out, rows, len)` export of a generated reduction module: row reduction of `rows` contiguous
// rows of `len` elements. `out[i]` is the fold of row `i` over 8 vector accumulators (element `j` goes to
// the lane/accumulator fixed by `j mod (8·lanes)`), combined in a fixed tree, then the remaining elements
// in order; the order depends only on `len`. A max/min result of zero takes the sign of the row's first
// zero, so results equal the sequential fold's.
import { ValType } from './encoder.js';
import { type Emitter, F32_EQ, F64_EQ, I32_GT_U } from './reduceEmitter.js';

// kr locals.
const KX = 0;
const OUT = 1;
const ROWS = 2;
const LEN = 3;
const I = 4;
const KP = 5;
const END = 6;
const ROW = 7;
const KR_ACCS = [8, 9, 10, 11, 12, 13, 14, 15];
const KR_TMP = 16;
const KR_WIDE = 17;
const KR_S = 18;
const KR_V = 19;

/** Parameter count of `kr`. */
export const KR_PARAMS = 4;

/** The declared locals of `kr` (after its parameters), for accumulator scalars of type `accType`. */
export function krLocals(accType: ValType): ValType[] {
  return [
    ...new Array<ValType>(4).fill(ValType.i32),
    ...new Array<ValType>(10).fill(ValType.v128),
    accType,
    accType,
  ];
}

/**
 * Max/min: a zero result takes the sign of the row's first zero (the sequential fold keeps the first of
 * equal values; the lanes may have met the zeros in another order).
 */
function krFirstZero(e: Emitter): void {
  const c = e.c;
  const f64 = e.accF64;
  const zero = () => (f64 ? c.f64Const(0) : c.f32Const(0));
  const eq = f64 ? F64_EQ : F32_EQ;
  c.get(KR_S);
  zero();
  c.raw(eq).if();
  c.get(ROW).set(KP);
  c.block().loop();
  c.get(KP).get(END).i32GeU().brIf(1);
  c.get(KP);
  e.loadScalar();
  c.tee(KR_V);
  zero();
  c.raw(eq).if();
  c.get(KR_V).set(KR_S);
  c.br(2);
  c.end();
  c.get(KP).i32Const(e.eb).i32Add().set(KP);
  c.br(0);
  c.end().end();
  c.end();
}

/** Emits the body of `kr` into `e.c`. */
export function buildKr(e: Emitter): void {
  const c = e.c;
  const mainLoads = e.accsPerLoad === 2 ? 4 : 8;
  const mainBytes = 16 * mainLoads;
  c.i32Const(0).set(I);
  c.block().loop();
  c.get(I).get(ROWS).i32GeU().brIf(1);
  c.get(KX).get(I).get(LEN).i32Mul().i32Const(e.eb).i32Mul().i32Add().tee(KP).tee(ROW);
  c.get(LEN).i32Const(e.eb).i32Mul().i32Add().set(END);
  for (const a of KR_ACCS) {
    e.identityVector();
    c.set(a);
  }
  // Main loop: `mainLoads` vectors per step into all 8 accumulators.
  c.block().loop();
  c.get(KP).i32Const(mainBytes).i32Add().get(END).raw(I32_GT_U).brIf(1);
  for (let l = 0; l < mainLoads; l++) {
    c.get(KP)
      .v128LoadU(16 * l)
      .set(KR_TMP);
    e.foldLoaded(KR_ACCS, l * e.accsPerLoad, KR_TMP, KR_WIDE);
  }
  c.get(KP).i32Const(mainBytes).i32Add().set(KP);
  c.br(0);
  c.end().end();
  // Whole vectors left: into accumulators 0 (and 1).
  c.block().loop();
  c.get(KP).i32Const(16).i32Add().get(END).raw(I32_GT_U).brIf(1);
  c.get(KP).v128LoadU().set(KR_TMP);
  e.foldLoaded(KR_ACCS, 0, KR_TMP, KR_WIDE);
  c.get(KP).i32Const(16).i32Add().set(KP);
  c.br(0);
  c.end().end();
  // Fixed tree over the accumulators, then over the lanes.
  for (const step of [1, 2, 4]) {
    for (let a = 0; a + step < 8; a += 2 * step) e.foldVector(KR_ACCS[a]!, KR_ACCS[a + step]!);
  }
  const acc0 = KR_ACCS[0]!;
  if (e.accF64) {
    c.get(acc0).f64x2ExtractLane(0).set(KR_S);
    c.get(acc0).f64x2ExtractLane(1).set(KR_V);
    e.foldScalar(KR_S, KR_V);
  } else {
    c.get(acc0).f32x4ExtractLane(0).set(KR_S);
    for (let lane = 1; lane < 4; lane++) {
      c.get(acc0).f32x4ExtractLane(lane).set(KR_V);
      e.foldScalar(KR_S, KR_V);
    }
  }
  // Remaining elements in order.
  c.block().loop();
  c.get(KP).get(END).i32GeU().brIf(1);
  c.get(KP);
  e.loadScalar();
  c.set(KR_V);
  e.foldScalar(KR_S, KR_V);
  c.get(KP).i32Const(e.eb).i32Add().set(KP);
  c.br(0);
  c.end().end();
  if (!e.wide) krFirstZero(e);
  c.get(OUT).get(I).i32Const(e.ab).i32Mul().i32Add().get(KR_S);
  e.storeAcc();
  c.get(I).i32Const(1).i32Add().set(I);
  c.br(0);
  c.end().end();
}
