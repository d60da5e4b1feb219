// Generated float32 GEMM macro-kernel: register-tiled MR×NR micro-tiles over packed panels.
//
// `gemm(ap, bp, cp, kc, mTiles, nTiles, ldc, first)` computes, for every micro-tile (it, jt),
//   C[it*MR + i, jt*NR + j] (+)= Σ_{k<kc} Apanel_it[k*MR + i] · Bpanel_jt[k*NR + j]
// where A panels lie one after the other from `ap` (kc·MR floats each), B panels from `bp` (kc·NR floats
// each), and C is row-major at `cp` with a row pitch of `ldc` bytes; `first` ≠ 0 overwrites C instead of
// adding to it. The MR×NR accumulators live in v128 locals (the engine keeps them in registers), A values
// are broadcast with `v128.load32_splat`, and the depth loop is unrolled `unroll` times (callers pad kc to
// a multiple of it with zeros). All pointers are byte offsets into the imported memory. A second export,
// `gemmBlocks`, runs `gemm` over several depth blocks: the unit of work of the multi-threaded driver.
import { Code, ModuleBuilder, ValType } from './encoder.js';

/** Parameters of a generated GEMM module. */
export interface GemmConfig {
  /** Rows per micro-tile. */
  readonly mr: number;
  /** Columns per micro-tile (a multiple of 4). */
  readonly nr: number;
  /** Depth-loop unroll factor. */
  readonly unroll: number;
  /** Use `f32x4.relaxed_madd` (needs the relaxed-SIMD feature). */
  readonly relaxed: boolean;
}

/** Signature of the exported function (byte offsets; see the file comment). */
export type GemmFunction = (
  ap: number,
  bp: number,
  cp: number,
  kc: number,
  mTiles: number,
  nTiles: number,
  ldc: number,
  first: number,
) => void;

/** Builds the binary of a GEMM module importing `env.memory` with the given limits. */
export function buildGemmModule(
  config: GemmConfig,
  memory: { initial: number; maximum: number; shared: boolean },
): Uint8Array<ArrayBuffer> {
  const { mr, nr, unroll, relaxed } = config;
  if (nr % 4 !== 0) throw new Error(`nr must be a multiple of 4, got ${nr}`);
  const nv = nr / 4;
  // Parameters.
  const AP = 0;
  const BP = 1;
  const CP = 2;
  const KC = 3;
  const MT = 4;
  const NT = 5;
  const LDC = 6;
  const FIRST = 7;
  // i32 locals.
  const JT = 8;
  const IT = 9;
  const A = 10;
  const B = 11;
  const K = 12;
  const CROW = 13;
  const APANEL = 14;
  const BPANEL = 15;
  const CCOL = 16;
  const T = 17;
  const i32Locals = 10;
  const acc = (i: number, v: number) => 18 + i * nv + v;
  const bv = (v: number) => 18 + mr * nv + v;
  const av = 18 + mr * nv + nv;
  const v128Locals = mr * nv + nv + 1;

  const c = new Code();
  c.get(BP).set(BPANEL).get(CP).set(CCOL).get(NT).set(JT);
  c.loop(); // jt
  c.get(AP).set(APANEL).get(CCOL).set(CROW).get(MT).set(IT);
  c.loop(); // it
  // Accumulators: zero, or the current C tile.
  c.get(FIRST).if();
  for (let i = 0; i < mr; i++) for (let v = 0; v < nv; v++) c.f32x4Const(0).set(acc(i, v));
  c.else();
  c.get(CROW).set(T);
  for (let i = 0; i < mr; i++) {
    for (let v = 0; v < nv; v++)
      c.get(T)
        .v128Load(16 * v)
        .set(acc(i, v));
    if (i + 1 < mr) c.get(T).get(LDC).i32Add().set(T);
  }
  c.end();
  c.get(APANEL).set(A).get(BPANEL).set(B).get(KC).set(K);
  c.loop(); // k
  for (let u = 0; u < unroll; u++) {
    for (let v = 0; v < nv; v++)
      c.get(B)
        .v128Load(16 * (u * nv + v))
        .set(bv(v));
    for (let i = 0; i < mr; i++) {
      c.get(A)
        .v128Load32Splat(4 * (u * mr + i))
        .set(av);
      for (let v = 0; v < nv; v++) {
        if (relaxed) c.get(av).get(bv(v)).get(acc(i, v)).f32x4RelaxedMadd().set(acc(i, v));
        else c.get(acc(i, v)).get(av).get(bv(v)).f32x4Mul().f32x4Add().set(acc(i, v));
      }
    }
  }
  c.get(A)
    .i32Const(4 * mr * unroll)
    .i32Add()
    .set(A);
  c.get(B)
    .i32Const(4 * nr * unroll)
    .i32Add()
    .set(B);
  c.get(K).i32Const(unroll).i32Sub().tee(K).brIf(0);
  c.end(); // k
  // Store the tile.
  c.get(CROW).set(T);
  for (let i = 0; i < mr; i++) {
    for (let v = 0; v < nv; v++)
      c.get(T)
        .get(acc(i, v))
        .v128Store(16 * v);
    if (i + 1 < mr) c.get(T).get(LDC).i32Add().set(T);
  }
  c.get(A).set(APANEL);
  c.get(CROW).get(LDC).i32Const(mr).i32Mul().i32Add().set(CROW);
  c.get(IT).i32Const(1).i32Sub().tee(IT).brIf(0);
  c.end(); // it
  c.get(B).set(BPANEL);
  c.get(CCOL)
    .i32Const(4 * nr)
    .i32Add()
    .set(CCOL);
  c.get(JT).i32Const(1).i32Sub().tee(JT).brIf(0);
  c.end(); // jt

  const m = new ModuleBuilder().importMemory({ module: 'env', name: 'memory', ...memory });
  const gemm = m.addFunction({
    params: new Array<ValType>(8).fill(ValType.i32),
    results: [],
    locals: [
      ...new Array<ValType>(i32Locals).fill(ValType.i32),
      ...new Array<ValType>(v128Locals).fill(ValType.v128),
    ],
    code: c,
    exportName: 'gemm',
  });
  m.addFunction({
    params: new Array<ValType>(10).fill(ValType.i32),
    results: [],
    locals: [ValType.i32],
    code: gemmBlocksCode(gemm),
    exportName: 'gemmBlocks',
  });
  return m.build();
}

/**
 * `gemmBlocks(ap, bp, cp, kc, mTiles, nTiles, ldc, kBlocks, aStride, bStride)`: `gemm` over `kBlocks`
 * depth blocks in order (the first overwrites C, the others add to it), A and B advancing by `aStride`
 * and `bStride` bytes per block — one task of a multi-threaded GEMM, with the same summation order per
 * element as the blocks called one by one.
 */
function gemmBlocksCode(gemm: number): Code {
  const [AP, BP, CP, KC, MT, NT, LDC, KB, AS, BS, FIRST] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const c = new Code();
  c.i32Const(1).set(FIRST);
  c.loop();
  c.get(AP).get(BP).get(CP).get(KC).get(MT).get(NT).get(LDC).get(FIRST);
  c.raw(0x10, gemm); // call (gemm is function 0: a one-byte index)
  c.i32Const(0).set(FIRST);
  c.get(AP).get(AS).i32Add().set(AP);
  c.get(BP).get(BS).i32Add().set(BP);
  c.get(KB).i32Const(1).i32Sub().tee(KB).brIf(0);
  c.end();
  return c;
}
