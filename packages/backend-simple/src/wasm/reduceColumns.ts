// The `rk(x, acc, r, cols, ldx, rb)` export of a generated reduction module: column reduction of an
// `[r, cols]` matrix whose rows are `ldx` bytes apart, `acc[c] = acc[c] ⊕ x[0, c] ⊕ … ⊕ x[r−1, c]` folded
// row by row in order (each column's result equals a sequential loop's, bit for bit). Columns go in chunks
// of up to 8 accumulator vectors kept in registers, over blocks of `rb` rows (a block stays in L1 across
// the chunks); then single vectors, then single columns.
import { ValType } from './encoder.js';
import { type Emitter, I32_GT_U, SELECT } from './reduceEmitter.js';

// rk locals.
const X = 0;
const ACC = 1;
const R = 2;
const COLS = 3;
const LDX = 4;
const RB = 5;
const J0 = 6;
const N = 7;
const COL = 8;
const P = 9;
const T = 10;
const XB = 11;
const AP = 12;
const RK_ACCS = [13, 14, 15, 16, 17, 18, 19, 20];
const RK_TMP = 21;
const RK_WIDE = 22;
const RK_S = 23;
const RK_V = 24;

/** Parameter count of `rk`. */
export const RK_PARAMS = 6;

/** The declared locals of `rk` (after its parameters), for accumulator scalars of type `accType`. */
export function rkLocals(accType: ValType): ValType[] {
  return [
    ...new Array<ValType>(7).fill(ValType.i32),
    ...new Array<ValType>(10).fill(ValType.v128),
    accType,
    accType,
  ];
}

/** One chunk of columns at COL: `loads` element vectors per row folded into the accumulators in memory. */
function rkChunk(e: Emitter, loads: number): void {
  const c = e.c;
  const accs = loads * e.accsPerLoad;
  c.get(ACC).get(COL).i32Const(e.ab).i32Mul().i32Add().set(AP);
  for (let q = 0; q < accs; q++)
    c.get(AP)
      .v128LoadU(16 * q)
      .set(RK_ACCS[q]!);
  c.get(XB).get(COL).i32Const(e.eb).i32Mul().i32Add().set(P);
  c.get(N).set(T);
  c.loop();
  for (let l = 0; l < loads; l++) {
    c.get(P)
      .v128LoadU(16 * l)
      .set(RK_TMP);
    e.foldLoaded(RK_ACCS, l * e.accsPerLoad, RK_TMP, RK_WIDE);
  }
  c.get(P).get(LDX).i32Add().set(P);
  c.get(T).i32Const(1).i32Sub().tee(T).brIf(0);
  c.end();
  for (let q = 0; q < accs; q++)
    c.get(AP)
      .get(RK_ACCS[q]!)
      .v128StoreU(16 * q);
}

/** Repeats `body` while `COL + width ≤ COLS`, advancing COL by `width`. */
function rkColumnLoop(e: Emitter, width: number, body: () => void): void {
  const c = e.c;
  c.block().loop();
  c.get(COL).i32Const(width).i32Add().get(COLS).raw(I32_GT_U).brIf(1);
  body();
  c.get(COL).i32Const(width).i32Add().set(COL);
  c.br(0);
  c.end().end();
}

/** Emits the body of `rk` into `e.c`. */
export function buildRk(e: Emitter): void {
  const c = e.c;
  const lanes = 16 / e.eb;
  const mainLoads = e.accsPerLoad === 2 ? 4 : 8;
  c.i32Const(0).set(J0);
  c.block().loop();
  c.get(J0).get(R).i32GeU().brIf(1);
  // n = min(rb, r − j0)
  c.get(R).get(J0).i32Sub().set(N);
  c.get(RB).get(N).get(N).get(RB).raw(I32_GT_U).raw(SELECT).set(N);
  c.get(X).get(J0).get(LDX).i32Mul().i32Add().set(XB);
  c.i32Const(0).set(COL);
  rkColumnLoop(e, mainLoads * lanes, () => rkChunk(e, mainLoads));
  rkColumnLoop(e, lanes, () => rkChunk(e, 1));
  // Remaining columns one at a time.
  rkColumnLoop(e, 1, () => {
    c.get(ACC).get(COL).i32Const(e.ab).i32Mul().i32Add().set(AP);
    c.get(AP);
    e.loadAcc();
    c.set(RK_S);
    c.get(XB).get(COL).i32Const(e.eb).i32Mul().i32Add().set(P);
    c.get(N).set(T);
    c.loop();
    c.get(P);
    e.loadScalar();
    c.set(RK_V);
    e.foldScalar(RK_S, RK_V);
    c.get(P).get(LDX).i32Add().set(P);
    c.get(T).i32Const(1).i32Sub().tee(T).brIf(0);
    c.end();
    c.get(AP).get(RK_S);
    e.storeAcc();
  });
  c.get(J0).get(RB).i32Add().set(J0);
  c.br(0);
  c.end().end();
}
