// Generated reductions over float32 or float64 elements: sums and products accumulated in float64 (f64x2
// lanes; float32 elements are widened exactly), maxima and minima in the element type (f32x4/f64x2).
//
// Two exports, both reading elements at byte addresses of the imported memory:
// - `rk(x, acc, r, cols, ldx, rb)`: column reduction of an `[r, cols]` matrix whose rows are `ldx` bytes
//   apart: `acc[c] = acc[c] ⊕ x[0, c] ⊕ x[1, c] ⊕ … ⊕ x[r−1, c]`, folded row by row in order, so each
//   column's result is the same as a sequential loop's, bit for bit. Columns are processed in chunks of up
//   to 8 accumulator vectors kept in registers, over blocks of `rb` rows (a block stays in L1 across the
//   chunks).
// - `kr(x, out, rows, len)`: row reduction of `rows` contiguous rows of `len` elements each: `out[i]` is
//   the fold of row `i` over 8 vector accumulators (element `j` goes to the lane/accumulator fixed by
//   `j mod (8·lanes)`), combined in a fixed tree, then the remaining elements in order. The order depends
//   only on `len`. A max/min result of zero takes the sign of the row's first zero, so results equal the
//   sequential fold's.
// Max/min fold `s = (v > s || v ≠ v) ? v : s` (NaN taken, ties keep the earlier value), as the TypeScript
// kernels do.
import { ModuleBuilder, ValType } from './encoder.js';
import { SimdCode } from './simdCode.js';

/** Element type of a reduction module. */
export type ReduceLane = 'f32' | 'f64';

/** Combination of a reduction module. */
export type ReduceCombination = 'sum' | 'product' | 'max' | 'min';

/** What a reduction module computes. */
export interface ReduceModuleSpec {
  /** Element type of the operand. */
  readonly lane: ReduceLane;
  /** The combination. */
  readonly combination: ReduceCombination;
}

/** Signature of the `rk` export: x, acc, r, cols, ldx (bytes), rb (rows per block); all byte addresses. */
export type RkFunction = (x: number, acc: number, r: number, cols: number, ldx: number, rb: number) => void;
/** Signature of the `kr` export: x, out, rows, len. */
export type KrFunction = (x: number, out: number, rows: number, len: number) => void;

/** Whether the accumulators are float64 whatever the element type (sums and products). */
export function isWide(combination: ReduceCombination): boolean {
  return combination === 'sum' || combination === 'product';
}

/** Bytes of one accumulator (float64 for sums and products, else the element's). */
export function accumulatorBytes(spec: ReduceModuleSpec): number {
  return isWide(spec.combination) || spec.lane === 'f64' ? 8 : 4;
}

/** The identity the accumulators start from. */
export function reduceIdentity(combination: ReduceCombination): number {
  switch (combination) {
    case 'sum':
      return 0;
    case 'product':
      return 1;
    case 'max':
      return Number.NEGATIVE_INFINITY;
    case 'min':
      return Number.POSITIVE_INFINITY;
  }
}

/** A key identifying a module's generated code. */
export function reduceModuleKey(spec: ReduceModuleSpec): string {
  return `reduce:${spec.lane}:${spec.combination}`;
}

// Opcodes the shared code classes do not name (all single-byte after the 0xfd prefix, or plain).
const V128_OR = 0x50;
const F32X4_LT = 0x43;
const F32X4_GT = 0x44;
const F64X2_LT = 0x49;
const F64X2_GT = 0x4a;
const F32_NE = 0x5c;
const F32_LT = 0x5d;
const F32_GT = 0x5e;
const F64_NE = 0x62;
const F64_LT = 0x63;
const F64_GT = 0x64;
const F64_MUL = 0xa2;
const F32_EQ = 0x5b;
const F64_EQ = 0x61;
const SELECT = 0x1b;
const I32_GT_U = 0x4b;

/** Code generation for one spec: element/accumulator types and the fold of one value into another. */
class Emitter {
  readonly wide: boolean;
  /** Element bytes. */
  readonly eb: number;
  /** Accumulator bytes. */
  readonly ab: number;
  /** Whether the accumulator is f64 (scalar type of folds). */
  readonly accF64: boolean;

  constructor(
    readonly c: SimdCode,
    readonly spec: ReduceModuleSpec,
  ) {
    this.wide = isWide(spec.combination);
    this.eb = spec.lane === 'f32' ? 4 : 8;
    this.ab = accumulatorBytes(spec);
    this.accF64 = this.ab === 8;
  }

  /** Accumulator vectors fed by one 16-byte element load (2 when float32 elements widen to float64). */
  get accsPerLoad(): number {
    return this.wide && this.spec.lane === 'f32' ? 2 : 1;
  }

  /** Pushes a vector of the identity. */
  identityVector(): void {
    const id = reduceIdentity(this.spec.combination);
    if (this.accF64) this.c.f64x2Const(id);
    else this.c.f32x4Const(id);
  }

  /** `acc = acc ⊕ v` on vectors held in locals. */
  foldVector(acc: number, v: number): void {
    const c = this.c;
    switch (this.spec.combination) {
      case 'sum':
        c.get(acc).get(v).f64x2Add().set(acc);
        return;
      case 'product':
        c.get(acc).get(v).f64x2Mul().set(acc);
        return;
      default: {
        const f32 = !this.accF64;
        const cmp = this.spec.combination === 'max' ? (f32 ? F32X4_GT : F64X2_GT) : f32 ? F32X4_LT : F64X2_LT;
        c.get(v).get(acc);
        c.get(v).get(acc).raw(0xfd, cmp);
        c.get(v).get(v);
        if (f32) c.f32x4Ne();
        else c.f64x2Ne();
        c.raw(0xfd, V128_OR).v128Bitselect().set(acc);
      }
    }
  }

  /**
   * Folds the 16 bytes loaded into local `tmp` into accumulator vector(s) `accs[k]` (and `accs[k + 1]`
   * when elements widen), in element order.
   */
  foldLoaded(accs: readonly number[], k: number, tmp: number, wideTmp: number): void {
    const c = this.c;
    if (this.accsPerLoad === 2) {
      c.get(tmp).f64x2PromoteLowF32x4().set(wideTmp);
      this.foldVector(accs[k]!, wideTmp);
      c.get(tmp).get(tmp).shuffle32([2, 3, 2, 3]).f64x2PromoteLowF32x4().set(wideTmp);
      this.foldVector(accs[k + 1]!, wideTmp);
    } else {
      this.foldVector(accs[k]!, tmp);
    }
  }

  /** Pushes the element at the address on the stack as an accumulator scalar. */
  loadScalar(offset = 0): void {
    if (this.spec.lane === 'f64') this.c.f64Load(offset);
    else {
      this.c.f32Load(offset);
      if (this.accF64) this.c.f64PromoteF32();
    }
  }

  /** Pushes the accumulator scalar at the address on the stack. */
  loadAcc(): void {
    if (this.accF64) this.c.f64Load();
    else this.c.f32Load();
  }

  /** Stores the accumulator scalar on the stack at the address below it. */
  storeAcc(): void {
    if (this.accF64) this.c.f64Store();
    else this.c.f32Store();
  }

  /** `s = s ⊕ v` on scalars held in locals. */
  foldScalar(s: number, v: number): void {
    const c = this.c;
    const f64 = this.accF64;
    switch (this.spec.combination) {
      case 'sum':
        c.get(s).get(v).f64Add().set(s);
        return;
      case 'product':
        c.get(s).get(v).raw(F64_MUL).set(s);
        return;
      default: {
        const max = this.spec.combination === 'max';
        const cmp = max ? (f64 ? F64_GT : F32_GT) : f64 ? F64_LT : F32_LT;
        c.get(v).get(s);
        c.get(v).get(s).raw(cmp);
        c.get(v)
          .get(v)
          .raw(f64 ? F64_NE : F32_NE);
        c.i32Or().raw(SELECT).set(s);
      }
    }
  }
}

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

function buildRk(e: Emitter): void {
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

function buildKr(e: Emitter): void {
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

/** Builds the binary of a reduction module importing `env.memory` with the given limits. */
export function buildReduceModule(
  spec: ReduceModuleSpec,
  memory: { initial: number; maximum: number; shared: boolean },
): Uint8Array<ArrayBuffer> {
  const accType = accumulatorBytes(spec) === 8 ? ValType.f64 : ValType.f32;
  const m = new ModuleBuilder().importMemory({ module: 'env', name: 'memory', ...memory });
  const rk = new SimdCode();
  buildRk(new Emitter(rk, spec));
  m.addFunction({
    params: new Array<ValType>(6).fill(ValType.i32),
    results: [],
    locals: [
      ...new Array<ValType>(7).fill(ValType.i32),
      ...new Array<ValType>(10).fill(ValType.v128),
      accType,
      accType,
    ],
    code: rk,
    exportName: 'rk',
  });
  const kr = new SimdCode();
  buildKr(new Emitter(kr, spec));
  m.addFunction({
    params: new Array<ValType>(4).fill(ValType.i32),
    results: [],
    locals: [
      ...new Array<ValType>(4).fill(ValType.i32),
      ...new Array<ValType>(10).fill(ValType.v128),
      accType,
      accType,
    ],
    code: kr,
    exportName: 'kr',
  });
  return m.build();
}
