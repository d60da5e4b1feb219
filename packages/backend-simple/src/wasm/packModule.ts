// Generated panel packing for the float32 GEMM, so that packing runs at WebAssembly speed and, as tasks of
// the worker pool, in parallel.
//
// `pack(src, os, is, dst, nOuter, nInner, kPad, r)` packs a strided float32 matrix X[outer, inner] (element
// (o, k) at byte `src + o*os + k*is`) into panels of `r` outer indices:
//   dst[p*r*kPad + k*r + q] = X[p*r + q, k]   for p*r + q < nOuter and k < nInner, else 0 (k up to kPad),
// with `dst` a byte offset and the panel layout in floats. Full panels whose `r` rows are contiguous
// (os = 4, r a multiple of 4) are copied with v128 loads and stores; others element by element.
import { Code, ModuleBuilder, ValType } from './encoder.js';

/** Signature of the exported `pack` (byte offsets and byte strides; counts in elements). */
export type PackFunction = (
  src: number,
  os: number,
  is: number,
  dst: number,
  nOuter: number,
  nInner: number,
  kPad: number,
  r: number,
) => void;

// Parameters.
const SRC = 0;
const OS = 1;
const IS = 2;
const DST = 3;
const NOUTER = 4;
const NINNER = 5;
const KPAD = 6;
const R = 7;
// Locals.
const FULL = 8; // rows of this panel that exist
const K = 9;
const Q = 10;
const S = 11; // source pointer of (panel row 0, k)
const D = 12; // destination pointer of (panel, k)
const T = 13; // scratch pointer
const PANEL_SRC = 14; // source pointer of (panel row 0, k = 0)
const REMAINING = 15; // outer indices from this panel on
const ROW_BYTES = 16; // 4 * r

function packCode(): Code {
  const c = new Code();
  c.get(R).i32Const(4).i32Mul().set(ROW_BYTES);
  c.get(DST).set(D);
  c.get(SRC).set(PANEL_SRC);
  c.get(NOUTER).set(REMAINING);
  c.block();
  c.get(REMAINING).i32Const(0).raw(0x4c).brIf(0); // i32.le_s: no panel left
  c.loop(); // panels
  // full = min(r, remaining)
  c.get(REMAINING).get(R).get(REMAINING).get(R).i32LtS().raw(0x1b).set(FULL); // select
  c.get(PANEL_SRC).set(S);
  c.i32Const(0).set(K);
  c.block();
  c.get(NINNER).i32Eqz().brIf(0);
  c.loop(); // k < nInner
  c.get(FULL)
    .get(R)
    .i32Eq()
    .get(OS)
    .i32Const(4)
    .i32Eq()
    .i32And()
    .get(R)
    .i32Const(3)
    .i32And()
    .i32Eqz()
    .i32And();
  c.if();
  // Contiguous full panel row: r floats, 4 at a time.
  c.i32Const(0).set(Q);
  c.loop();
  c.get(D).get(Q).i32Add().get(S).get(Q).i32Add().v128Load().v128Store();
  c.get(Q).i32Const(16).i32Add().tee(Q).get(ROW_BYTES).i32LtU().brIf(0);
  c.end();
  c.else();
  // Element by element: rows that exist, then zeros.
  c.get(S).set(T);
  c.i32Const(0).set(Q);
  c.block();
  c.get(FULL).i32Eqz().brIf(0);
  c.loop();
  c.get(D).get(Q).i32Add().get(T).f32Load().f32Store();
  c.get(T).get(OS).i32Add().set(T);
  c.get(Q).i32Const(4).i32Add().tee(Q).get(FULL).i32Const(4).i32Mul().i32LtU().brIf(0);
  c.end();
  c.end();
  c.block();
  c.get(Q).get(ROW_BYTES).i32GeU().brIf(0);
  c.loop();
  c.get(D).get(Q).i32Add().f32Const(0).f32Store();
  c.get(Q).i32Const(4).i32Add().tee(Q).get(ROW_BYTES).i32LtU().brIf(0);
  c.end();
  c.end();
  c.end(); // if
  c.get(S).get(IS).i32Add().set(S);
  c.get(D).get(ROW_BYTES).i32Add().set(D);
  c.get(K).i32Const(1).i32Add().tee(K).get(NINNER).i32LtU().brIf(0);
  c.end(); // k loop
  c.end(); // block
  // Zero rows k in [nInner, kPad).
  c.block();
  c.get(K).get(KPAD).i32GeU().brIf(0);
  c.loop();
  c.i32Const(0).set(Q);
  c.loop();
  c.get(D).get(Q).i32Add().f32Const(0).f32Store();
  c.get(Q).i32Const(4).i32Add().tee(Q).get(ROW_BYTES).i32LtU().brIf(0);
  c.end();
  c.get(D).get(ROW_BYTES).i32Add().set(D);
  c.get(K).i32Const(1).i32Add().tee(K).get(KPAD).i32LtU().brIf(0);
  c.end();
  c.end();
  // Next panel.
  c.get(PANEL_SRC).get(OS).get(R).i32Mul().i32Add().set(PANEL_SRC);
  c.get(REMAINING).get(R).i32Sub().tee(REMAINING).i32Const(0).raw(0x4a).brIf(0); // i32.gt_s
  c.end(); // panels
  c.end(); // block
  return c;
}

/** Builds the binary of the packing module importing `env.memory` with the given limits. */
export function buildPackModule(memory: {
  initial: number;
  maximum: number;
  shared: boolean;
}): Uint8Array<ArrayBuffer> {
  const m = new ModuleBuilder().importMemory({ module: 'env', name: 'memory', ...memory });
  m.addFunction({
    params: new Array<ValType>(8).fill(ValType.i32),
    results: [],
    locals: new Array<ValType>(9).fill(ValType.i32),
    code: packCode(),
    exportName: 'pack',
  });
  return m.build();
}
