// Generated split-depth convolution products for kernel (filter) gradients: few output elements, a very
// long contraction. Each task sums one range of the contraction into its own partial result; the
// partials are then added in a fixed order by `sum`.
//
// The product is C[m, o] = Σ_r X[r, m] · G[r, o] (m < mPanels·4 output rows, o < n output channels,
// r the contraction index), where
//   X[r, m] = f32 at `src + table[r][s_m] + lane_m`, or 0 where the table entry is -1 (padding, holes),
//   G[r, o] = f32 at `g + 4·(r·gRow + o)`.
// `table` holds `tableRow` int32 byte offsets per contraction index r (one per output spatial position,
// then a -1 column for padded rows). Each panel of 4 rows m has a descriptor of 9 int32 at `desc`:
// [fast, s0, lane0, s1, lane1, s2, lane2, s3, lane3] with s in table-column bytes and lanes in bytes;
// `fast` ≠ 0 when the 4 rows read 4 consecutive floats of the same table column (one v128 load).
//
// `task(src, table, zero, g, desc, mPanels, r0, rEnd, partial, scratch)` computes the contraction range
// [r0, rEnd) in blocks of `kc`: it packs G's block into 8-column panels and each X panel of the block
// (4 rows, via the table), then runs 4×8 register tiles over them, accumulating into `partial`
// (mPanels·4 rows of nTiles·8 floats; the first block overwrites it). `scratch` holds kc·16 bytes of X
// panel and nTiles·kc·32 bytes of G panels. `zero` points at 16 zero bytes.
// `taskAdd` (same arguments) adds the range's product to `partial` instead of overwriting it first: calling
// it block by block gives the same bits as one `task` call over the blocks (callers use it to stream
// G's blocks into the memory one at a time).
// `sum(dst, src, count, stride, vectors)`: dst[v] = Σ_{t<count} src[t·stride + v] over `vectors` v128,
// t in increasing order (stride in bytes).
import { ModuleBuilder, ValType } from './encoder.js';
import { SimdCode } from './simdCode.js';

/** Parameters of a generated filter-gradient module. */
export interface ConvFilterGradConfig {
  /** Output channels (columns of C). */
  readonly n: number;
  /** Int32 entries per table row. */
  readonly tableRow: number;
  /** Floats between the G rows of consecutive contraction indices. */
  readonly gRow: number;
  /** Contraction block length. */
  readonly kc: number;
  /** Use `f32x4.relaxed_madd`. */
  readonly relaxed: boolean;
}

/** Signature of the exported `task` (byte offsets; see the file comment). */
export type ConvFilterGradTask = (
  src: number,
  table: number,
  zero: number,
  g: number,
  desc: number,
  mPanels: number,
  r0: number,
  rEnd: number,
  partial: number,
  scratch: number,
) => void;

/** Signature of the exported `sum` (byte offsets; see the file comment). */
export type ConvFilterGradSum = (
  dst: number,
  src: number,
  count: number,
  stride: number,
  vectors: number,
) => void;

/** Column tiles of 8 of `n` columns. */
export function filterGradTiles(n: number): number {
  return Math.ceil(n / 8);
}

/** Bytes of a task's scratch block. */
export function filterGradScratchBytes(config: ConvFilterGradConfig): number {
  return config.kc * 16 + filterGradTiles(config.n) * config.kc * 32;
}

/** Allocates numbered locals of one function (parameters first). */
class Locals {
  private next: number;
  readonly i32: number[] = [];
  readonly v128: number[] = [];
  constructor(params: number) {
    this.next = params;
  }
  /** A new i32 local (declare all i32 before any v128). */
  int(): number {
    this.i32.push(this.next);
    return this.next++;
  }
  /** A new v128 local. */
  vec(): number {
    this.v128.push(this.next);
    return this.next++;
  }
  types(): ValType[] {
    return [...this.i32.map(() => ValType.i32), ...this.v128.map(() => ValType.v128)];
  }
}

function taskCode(config: ConvFilterGradConfig, accumulate: boolean): { code: SimdCode; locals: ValType[] } {
  const { n, tableRow, gRow, kc, relaxed } = config;
  const nTiles = filterGradTiles(n);
  const ldc = nTiles * 32;
  const [SRC, TABLE, ZERO, G, DESC, MP, R0, REND, PART, SCR] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const L = new Locals(10);
  const SUB = L.int();
  const KCUR = L.int();
  const FIRST = L.int();
  const K = L.int();
  const ROWT = L.int();
  const GROW = L.int();
  const BK = L.int();
  const AK = L.int();
  const IP = L.int();
  const JT = L.int();
  const DP = L.int();
  const O = L.int();
  const CP = L.int();
  const CT = L.int();
  const A = L.int();
  const B = L.int();
  const BT = L.int();
  const T = L.int();
  const S = [L.int(), L.int(), L.int(), L.int()];
  const LANE = [L.int(), L.int(), L.int(), L.int()];
  const acc = Array.from({ length: 8 }, () => L.vec());
  const bv = [L.vec(), L.vec()];
  const av = L.vec();

  const c = new SimdCode();
  /** Pushes the address of X[r, lane q] (or the zero block) for the table row at ROWT. */
  const xAddr = (q: number) => {
    c.get(ROWT).get(S[q]!).i32Add().i32Load().tee(O).get(LANE[q]!).i32Add();
    c.get(ZERO).get(O).i32Const(0).i32GeS();
    c.raw(0x1b); // select
  };

  c.get(R0)
    .set(SUB)
    .i32Const(accumulate ? 0 : 1)
    .set(FIRST);
  c.block();
  c.get(SUB).get(REND).i32GeS().brIf(0);
  c.loop(); // contraction blocks
  c.get(REND).get(SUB).i32Sub().set(KCUR);
  c.get(KCUR).i32Const(kc).i32GtS().if().i32Const(kc).set(KCUR).end();
  // Pack G's block: panel jt at scratch + kc·16 + jt·kc·32, 8 floats per contraction index.
  c.get(G)
    .get(SUB)
    .i32Const(4 * gRow)
    .i32Mul()
    .i32Add()
    .set(GROW);
  c.get(SCR)
    .i32Const(kc * 16)
    .i32Add()
    .set(BK);
  c.get(KCUR).set(K);
  c.loop();
  for (let jt = 0; jt < nTiles; jt++) {
    for (let h = 0; h < 2; h++) {
      const valid = Math.max(0, Math.min(4, n - jt * 8 - 4 * h));
      const dOff = jt * kc * 32 + 16 * h;
      const sOff = 4 * (jt * 8 + 4 * h);
      if (valid === 4) c.get(BK).get(GROW).v128LoadU(sOff).v128Store(dOff);
      else if (valid === 0) c.get(BK).v128Zero().v128Store(dOff);
      else {
        for (let l = 0; l < 4; l++) {
          c.get(BK);
          if (l < valid) c.get(GROW).f32Load(sOff + 4 * l);
          else c.f32Const(0);
          c.f32Store(dOff + 4 * l);
        }
      }
    }
  }
  c.get(GROW)
    .i32Const(4 * gRow)
    .i32Add()
    .set(GROW);
  c.get(BK).i32Const(32).i32Add().set(BK);
  c.get(K).i32Const(1).i32Sub().tee(K).brIf(0);
  c.end();
  // X panels, each followed by its row of tiles.
  c.get(DESC).set(DP).get(PART).set(CP).get(MP).set(IP);
  c.loop(); // panels
  c.get(TABLE)
    .get(SUB)
    .i32Const(4 * tableRow)
    .i32Mul()
    .i32Add()
    .set(ROWT);
  c.get(SCR).set(AK).get(KCUR).set(K);
  for (let q = 0; q < 4; q++) {
    c.get(DP)
      .i32Load(4 + 8 * q)
      .set(S[q]!);
    c.get(SRC)
      .get(DP)
      .i32Load(8 + 8 * q)
      .i32Add()
      .set(LANE[q]!);
  }
  c.get(DP).i32Load(0).if();
  c.loop();
  c.get(AK);
  xAddr(0);
  c.v128LoadU().v128Store();
  c.get(ROWT)
    .i32Const(4 * tableRow)
    .i32Add()
    .set(ROWT);
  c.get(AK).i32Const(16).i32Add().set(AK);
  c.get(K).i32Const(1).i32Sub().tee(K).brIf(0);
  c.end();
  c.else();
  c.loop();
  for (let q = 0; q < 4; q++) {
    c.get(AK);
    xAddr(q);
    c.f32Load().f32Store(4 * q);
  }
  c.get(ROWT)
    .i32Const(4 * tableRow)
    .i32Add()
    .set(ROWT);
  c.get(AK).i32Const(16).i32Add().set(AK);
  c.get(K).i32Const(1).i32Sub().tee(K).brIf(0);
  c.end();
  c.end();
  // Tiles (panel, jt).
  c.get(SCR)
    .i32Const(kc * 16)
    .i32Add()
    .set(BT);
  c.get(CP).set(CT).i32Const(nTiles).set(JT);
  c.loop();
  c.get(FIRST).if();
  for (const a of acc) c.f32x4Const(0).set(a);
  c.else();
  c.get(CT).set(T);
  for (let i = 0; i < 4; i++) {
    for (let v = 0; v < 2; v++)
      c.get(T)
        .v128Load(16 * v)
        .set(acc[2 * i + v]!);
    if (i < 3) c.get(T).i32Const(ldc).i32Add().set(T);
  }
  c.end();
  c.get(SCR).set(A).get(BT).set(B).get(KCUR).set(K);
  c.loop();
  for (let v = 0; v < 2; v++)
    c.get(B)
      .v128Load(16 * v)
      .set(bv[v]!);
  for (let i = 0; i < 4; i++) {
    c.get(A)
      .v128Load32Splat(4 * i)
      .set(av);
    for (let v = 0; v < 2; v++) {
      const a = acc[2 * i + v]!;
      if (relaxed) c.get(av).get(bv[v]!).get(a).f32x4RelaxedMadd().set(a);
      else c.get(a).get(av).get(bv[v]!).f32x4Mul().f32x4Add().set(a);
    }
  }
  c.get(A).i32Const(16).i32Add().set(A);
  c.get(B).i32Const(32).i32Add().set(B);
  c.get(K).i32Const(1).i32Sub().tee(K).brIf(0);
  c.end();
  c.get(CT).set(T);
  for (let i = 0; i < 4; i++) {
    for (let v = 0; v < 2; v++)
      c.get(T)
        .get(acc[2 * i + v]!)
        .v128Store(16 * v);
    if (i < 3) c.get(T).i32Const(ldc).i32Add().set(T);
  }
  c.get(BT)
    .i32Const(kc * 32)
    .i32Add()
    .set(BT);
  c.get(CT).i32Const(32).i32Add().set(CT);
  c.get(JT).i32Const(1).i32Sub().tee(JT).brIf(0);
  c.end();
  c.get(CP)
    .i32Const(4 * ldc)
    .i32Add()
    .set(CP);
  c.get(DP).i32Const(36).i32Add().set(DP);
  c.get(IP).i32Const(1).i32Sub().tee(IP).brIf(0);
  c.end(); // panels
  c.i32Const(0).set(FIRST);
  c.get(SUB).i32Const(kc).i32Add().tee(SUB).get(REND).i32LtS().brIf(0);
  c.end(); // contraction blocks
  c.end();
  return { code: c, locals: L.types() };
}

function sumCode(): { code: SimdCode; locals: ValType[] } {
  const [DST, SRC, COUNT, STRIDE, VECTORS] = [0, 1, 2, 3, 4];
  const L = new Locals(5);
  const P = L.int();
  const T = L.int();
  const ACC = L.vec();
  const c = new SimdCode();
  c.block();
  c.get(VECTORS).i32Eqz().brIf(0);
  c.loop();
  c.get(SRC).v128Load().set(ACC);
  c.get(SRC).set(P).get(COUNT).i32Const(1).i32Sub().set(T);
  c.block();
  c.get(T).i32Eqz().brIf(0);
  c.loop();
  c.get(P).get(STRIDE).i32Add().tee(P).v128Load().get(ACC).f32x4Add().set(ACC);
  c.get(T).i32Const(1).i32Sub().tee(T).brIf(0);
  c.end();
  c.end();
  c.get(DST).get(ACC).v128Store();
  c.get(DST).i32Const(16).i32Add().set(DST);
  c.get(SRC).i32Const(16).i32Add().set(SRC);
  c.get(VECTORS).i32Const(1).i32Sub().tee(VECTORS).brIf(0);
  c.end();
  c.end();
  return { code: c, locals: L.types() };
}

/** Builds the binary of a filter-gradient module importing `env.memory` with the given limits. */
export function buildConvFilterGradModule(
  config: ConvFilterGradConfig,
  memory: { initial: number; maximum: number; shared: boolean },
): Uint8Array<ArrayBuffer> {
  if (config.kc <= 0 || config.n <= 0) throw new Error('filter gradient module: empty configuration');
  const m = new ModuleBuilder().importMemory({ module: 'env', name: 'memory', ...memory });
  for (const accumulate of [false, true]) {
    const task = taskCode(config, accumulate);
    m.addFunction({
      params: new Array<ValType>(10).fill(ValType.i32),
      results: [],
      locals: task.locals,
      code: task.code,
      exportName: accumulate ? 'taskAdd' : 'task',
    });
  }
  const sum = sumCode();
  m.addFunction({
    params: new Array<ValType>(5).fill(ValType.i32),
    results: [],
    locals: sum.locals,
    code: sum.code,
    exportName: 'sum',
  });
  return m.build();
}
