// Generated float32 small-M matrix product (GEMV-like), specialized per shape: Y[m, N] += X[m, K] · W[K, N]
// with W row-major, read in place in its natural layout (no packing).
//
// `gemv(xp, wp, yp, kBlocks)` walks W in blocks of r consecutive rows: the m·r X values of a block are
// broadcast once (`v128.load32_splat`, X interleaved as `xs[kk*m + i]` so the offsets are constants), then
// for every 4-column vector of Y the m accumulators are loaded, updated from the r rows of W (r sequential
// streams, offsets `row·4N` as immediates) and stored back. Each output sums its K products in depth
// order, in float32. W rows are read as whole vectors: the last row is read up to 3 floats past its end
// (those lanes land in Y's padding). Y rows are `ceil(N/16)·16` floats apart. All pointers are byte
// offsets into the imported memory; `gemv1` is the same with r = 1 (for the last K mod r rows).
import { Code, ModuleBuilder, ValType } from './encoder.js';

/** Shape of a generated GEMV module (see {@link buildGemvModule}). */
export interface GemvConfig {
  /** Rows of X and Y. */
  readonly m: number;
  /** Columns of W and Y. */
  readonly n: number;
  /** Depth rows of W per pass over Y in the main function. */
  readonly r: number;
  /** Use `f32x4.relaxed_madd`. */
  readonly relaxed: boolean;
}

/**
 * `(xp, wp, yp, kBlocks, vecs)`: adds X[:, block]·W[block, cols]·into Y[:, cols] for `kBlocks` blocks of
 * depth rows, over the first `vecs` 4-column vectors from `wp`/`yp` (all `ceil(N/4)` of them, or a slice
 * when the columns are split across threads: every column sums in the same order either way).
 */
export type GemvFunction = (xp: number, wp: number, yp: number, kBlocks: number, vecs: number) => void;

/**
 * `(xp, wp, yp, kBlocks, vecs, rest)`: `gemv` over `kBlocks` blocks, then `gemv1` over the `rest` depth
 * rows that follow — a whole product over a column slice, the task of the multi-threaded driver.
 */
export type GemvAllFunction = (
  xp: number,
  wp: number,
  yp: number,
  kBlocks: number,
  vecs: number,
  rest: number,
) => void;

function gemvCode(m: number, n: number, r: number, relaxed: boolean) {
  const [XP, WP, YP, KB, VECS] = [0, 1, 2, 3, 4];
  const [P, Q, J] = [5, 6, 7];
  const i32Locals = 3;
  const ldw = 4 * n;
  const ldy = 64 * Math.ceil(n / 16);
  const xv = (row: number, i: number) => 8 + row * m + i;
  const acc = (i: number) => 8 + r * m + i;
  const wv = 8 + r * m + m;
  const v128Locals = r * m + m + 1;
  const c = new Code();
  c.loop(); // depth blocks
  for (let row = 0; row < r; row++)
    for (let i = 0; i < m; i++)
      c.get(XP)
        .v128Load32Splat(4 * (row * m + i))
        .set(xv(row, i));
  c.get(WP).set(P).get(YP).set(Q).get(VECS).set(J);
  c.loop(); // column vectors
  for (let i = 0; i < m; i++)
    c.get(Q)
      .v128Load(i * ldy)
      .set(acc(i));
  for (let row = 0; row < r; row++) {
    c.get(P)
      .v128Load(row * ldw)
      .set(wv);
    for (let i = 0; i < m; i++) {
      if (relaxed) c.get(xv(row, i)).get(wv).get(acc(i)).f32x4RelaxedMadd().set(acc(i));
      else c.get(acc(i)).get(xv(row, i)).get(wv).f32x4Mul().f32x4Add().set(acc(i));
    }
  }
  for (let i = 0; i < m; i++)
    c.get(Q)
      .get(acc(i))
      .v128Store(i * ldy);
  c.get(P).i32Const(16).i32Add().set(P);
  c.get(Q).i32Const(16).i32Add().set(Q);
  c.get(J).i32Const(1).i32Sub().tee(J).brIf(0);
  c.end(); // column vectors
  c.get(XP)
    .i32Const(4 * r * m)
    .i32Add()
    .set(XP);
  c.get(WP)
    .i32Const(r * ldw)
    .i32Add()
    .set(WP);
  c.get(KB).i32Const(1).i32Sub().tee(KB).brIf(0);
  c.end(); // depth blocks
  return { code: c, i32Locals, v128Locals };
}

/** Builds the binary of a GEMV module (see the file comment) importing `env.memory` with the given limits. */
export function buildGemvModule(
  config: GemvConfig,
  memory: { initial: number; maximum: number; shared: boolean },
): Uint8Array<ArrayBuffer> {
  const { m, n, r, relaxed } = config;
  const mod = new ModuleBuilder().importMemory({ module: 'env', name: 'memory', ...memory });
  const add = (rows: number, exportName: string) => {
    const { code, i32Locals, v128Locals } = gemvCode(m, n, rows, relaxed);
    return mod.addFunction({
      params: new Array<ValType>(5).fill(ValType.i32),
      results: [],
      locals: [
        ...new Array<ValType>(i32Locals).fill(ValType.i32),
        ...new Array<ValType>(v128Locals).fill(ValType.v128),
      ],
      code,
      exportName,
    });
  };
  const gemv = add(r, 'gemv');
  const gemv1 = add(1, 'gemv1');
  mod.addFunction({
    params: new Array<ValType>(6).fill(ValType.i32),
    results: [],
    locals: [],
    code: gemvAllCode(gemv, gemv1, 4 * r * m, r * 4 * n),
    exportName: 'gemvAll',
  });
  return mod.build();
}

/** `gemvAll`: `gemv` over the blocks (if any), then `gemv1` over the rest rows (if any). */
function gemvAllCode(gemv: number, gemv1: number, xBlockBytes: number, wBlockBytes: number): Code {
  const [XP, WP, YP, KB, VECS, REST] = [0, 1, 2, 3, 4, 5];
  const c = new Code();
  c.get(KB).if();
  c.get(XP).get(WP).get(YP).get(KB).get(VECS).raw(0x10, gemv);
  c.end();
  c.get(REST).if();
  c.get(XP).get(KB).i32Const(xBlockBytes).i32Mul().i32Add();
  c.get(WP).get(KB).i32Const(wBlockBytes).i32Mul().i32Add();
  c.get(YP).get(REST).get(VECS).raw(0x10, gemv1);
  c.end();
  return c;
}
