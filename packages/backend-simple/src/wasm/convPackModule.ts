// Generated im2col packing for the float32 convolution: gathers input patches straight into the GEMM's
// packed-A panel layout, in WebAssembly SIMD, with 4×4 transposes.
//
// `pack(dst, table, sentinel, src, zero, nOuter, t0, c0, nInner, kPad)` writes `ceil(nOuter/r)` panels
// of r rows: `dst[p·r·kPad + kk·r + q] = patch[p·r + q][inner0 + kk]` for `kk < nInner` (0 up to kPad),
// where the depth index `inner0 + kk` enumerates (tap, channel) pairs, channel fastest, starting at tap
// `t0`, channel `c0`. The input lies at `src` with channels contiguous (the caller lays it out so);
// `table` holds, per row of the block (row-major, `taps` int32 each), the byte offset from `src` of
// (row, tap, channel 0), or -1 where the tap falls into padding or a dilation hole; rows past `nOuter`
// read the `sentinel` row (all -1). -1 taps read the `zero` block (at least `channels + 4` zero floats).
// All pointers are byte offsets into the imported memory. The input is read up to 12 bytes past a
// channel run, so the caller pads it with 16 bytes. Rows of a panel are handled 4 at a time: 4 channel
// vectors (one per row) are loaded and transposed into 4 depth steps.
import { ModuleBuilder, ValType } from './encoder.js';
import { SimdCode } from './simdCode.js';

/** Parameters of a generated packing module. */
export interface ConvPackConfig {
  /** Rows per panel (the GEMM's mr; a multiple of 4). */
  readonly r: number;
  /** Taps (kernel spatial positions). */
  readonly taps: number;
  /** Input channels per group (channel run length of a tap). */
  readonly channels: number;
}

/** Signature of the exported `pack` (see the file comment). */
export type ConvPackFunction = (
  dst: number,
  table: number,
  sentinel: number,
  src: number,
  zero: number,
  nOuter: number,
  t0: number,
  c0: number,
  nInner: number,
  kPad: number,
) => void;

/** Builds the binary of a packing module importing `env.memory` with the given limits. */
export function buildConvPackModule(
  config: ConvPackConfig,
  memory: { initial: number; maximum: number; shared: boolean },
): Uint8Array<ArrayBuffer> {
  const { r, taps, channels: cg } = config;
  if (r % 4 !== 0 || r <= 0) throw new Error(`rows per panel must be a positive multiple of 4, got ${r}`);
  const groups = r / 4;
  const kStep = 4 * r; // bytes per depth step of a panel
  // Parameters.
  const DST = 0;
  const TABLE = 1;
  const SENT = 2;
  const SRC = 3;
  const ZERO = 4;
  const NOUTER = 5;
  const T0 = 6;
  const C0 = 7;
  const NINNER = 8;
  const KPAD = 9;
  // i32 locals.
  const P = 10; // row index of the panel's first row
  const D = 11; // dst pointer (current depth step of the panel)
  const TT = 12; // tap × 4
  const C = 13; // channel
  const KK = 14; // depth steps done
  const RUN = 15; // channels of this tap to copy
  const J = 16;
  const DD = 17;
  const CJ = 18; // (c + j) × 4
  const END = 19;
  const ROWBASE = 20;
  const row = (q: number) => 21 + q;
  const addr = (q: number) => 21 + r + q;
  const i32Locals = 11 + r + 4;
  const vLoad = (q: number) => 10 + i32Locals + q;
  const vt = (q: number) => 10 + i32Locals + 4 + q;
  const v128Locals = 8;

  const c = new SimdCode();
  /** Loads the 4 channel vectors at CJ of the 4 rows and leaves them transposed in vt(0..3) order. */
  const loadTranspose = () => {
    for (let q = 0; q < 4; q++) c.get(addr(q)).get(CJ).i32Add().v128LoadU().set(vLoad(q));
    c.get(vLoad(0)).get(vLoad(1)).shuffle32([0, 4, 1, 5]).set(vt(0));
    c.get(vLoad(2)).get(vLoad(3)).shuffle32([0, 4, 1, 5]).set(vt(1));
    c.get(vLoad(0)).get(vLoad(1)).shuffle32([2, 6, 3, 7]).set(vt(2));
    c.get(vLoad(2)).get(vLoad(3)).shuffle32([2, 6, 3, 7]).set(vt(3));
  };
  /** Stores transposed vector m (depth step j + m) of a 4-row group. */
  const storeOut = (m: number, groupByte: number) => {
    const [a, b] = m < 2 ? [vt(0), vt(1)] : [vt(2), vt(3)];
    c.get(DD)
      .get(a)
      .get(b)
      .shuffle64(m % 2 === 0 ? [0, 2] : [1, 3])
      .v128StoreU(m * kStep + groupByte);
  };

  c.i32Const(0).set(P).get(DST).set(D).get(TABLE).set(ROWBASE);
  c.block();
  c.get(NOUTER).i32Eqz().brIf(0);
  c.loop(); // panels
  // Row table pointers (sentinel past nOuter).
  for (let q = 0; q < r; q++) {
    c.get(ROWBASE)
      .i32Const(q * taps * 4)
      .i32Add()
      .get(SENT)
      .get(P)
      .i32Const(q)
      .i32Add()
      .get(NOUTER)
      .i32LtS();
    c.raw(0x1b).set(row(q)); // select
  }
  c.get(T0).i32Const(4).i32Mul().set(TT).get(C0).set(C).i32Const(0).set(KK);
  c.block();
  c.get(NINNER).i32Eqz().brIf(0);
  c.loop(); // taps
  // run = min(cg - c, nInner - kk)
  c.i32Const(cg).get(C).i32Sub().set(RUN);
  c.get(NINNER).get(KK).i32Sub().tee(END).get(RUN).i32LtS().if().get(END).set(RUN).end();
  for (let g = 0; g < groups; g++) {
    for (let qq = 0; qq < 4; qq++) {
      const q = 4 * g + qq;
      // addr = o >= 0 ? src + o : zero
      c.get(row(q)).get(TT).i32Add().i32Load().tee(END).get(SRC).i32Add().get(ZERO).get(END).i32Const(0);
      c.raw(0x4e /* i32.ge_s */, 0x1b /* select */).set(addr(qq));
    }
    c.get(D).set(DD).get(C).i32Const(4).i32Mul().set(CJ).i32Const(0).set(J);
    // Full vectors: j + 4 <= run.
    c.block();
    c.get(RUN).i32Const(4).i32LtS().brIf(0);
    c.loop();
    loadTranspose();
    for (let m = 0; m < 4; m++) storeOut(m, 16 * g);
    c.get(DD)
      .i32Const(4 * kStep)
      .i32Add()
      .set(DD);
    c.get(CJ).i32Const(16).i32Add().set(CJ);
    c.get(J).i32Const(4).i32Add().tee(J).i32Const(4).i32Add().get(RUN).raw(0x4c /* i32.le_s */).brIf(0);
    c.end();
    c.end();
    // Tail of 1–3 depth steps.
    c.get(J).get(RUN).i32LtS().if();
    loadTranspose();
    storeOut(0, 16 * g);
    c.get(RUN).get(J).i32Sub().tee(END).i32Const(1).i32GtS().if();
    storeOut(1, 16 * g);
    c.get(END).i32Const(2).i32GtS().if();
    storeOut(2, 16 * g);
    c.end();
    c.end();
    c.end();
  }
  // Next tap.
  c.get(D).get(RUN).i32Const(kStep).i32Mul().i32Add().set(D);
  c.get(TT).i32Const(4).i32Add().set(TT).i32Const(0).set(C);
  c.get(KK).get(RUN).i32Add().tee(KK).get(NINNER).i32LtS().brIf(0);
  c.end(); // taps
  c.end();
  // Zero depth steps nInner..kPad.
  c.get(D).get(KPAD).get(NINNER).i32Sub().i32Const(kStep).i32Mul().i32Add().set(END);
  c.block();
  c.get(D).get(END).i32GeU().brIf(0);
  c.loop();
  c.get(D).v128Zero().v128Store();
  c.get(D).i32Const(16).i32Add().tee(D).get(END).i32LtU().brIf(0);
  c.end();
  c.end();
  // Next panel.
  c.get(ROWBASE)
    .i32Const(r * taps * 4)
    .i32Add()
    .set(ROWBASE);
  c.get(P).i32Const(r).i32Add().tee(P).get(NOUTER).i32LtS().brIf(0);
  c.end(); // panels
  c.end();

  const m = new ModuleBuilder().importMemory({ module: 'env', name: 'memory', ...memory });
  m.addFunction({
    params: new Array<ValType>(10).fill(ValType.i32),
    results: [],
    locals: [
      ...new Array<ValType>(i32Locals).fill(ValType.i32),
      ...new Array<ValType>(v128Locals).fill(ValType.v128),
    ],
    code: c,
    exportName: 'pack',
  });
  return m.build();
}
