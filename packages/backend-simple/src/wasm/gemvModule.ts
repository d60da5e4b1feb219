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

/** `(xp, wp, yp, kBlocks)`: adds X[:, block]·W[block, :] into Y for `kBlocks` blocks of depth rows. */
export type GemvFunction = (xp: number, wp: number, yp: number, kBlocks: number) => void;

function gemvCode(m: number, n: number, r: number, relaxed: boolean) {
  const [XP, WP, YP, KB] = [0, 1, 2, 3];
  const [P, Q, J] = [4, 5, 6];
  const i32Locals = 3;
  const nVec = Math.ceil(n / 4);
  const ldw = 4 * n;
  const ldy = 64 * Math.ceil(n / 16);
  const xv = (row: number, i: number) => 7 + row * m + i;
  const acc = (i: number) => 7 + r * m + i;
  const wv = 7 + r * m + m;
  const v128Locals = r * m + m + 1;
  const c = new Code();
  c.loop(); // depth blocks
  for (let row = 0; row < r; row++)
    for (let i = 0; i < m; i++)
      c.get(XP)
        .v128Load32Splat(4 * (row * m + i))
        .set(xv(row, i));
  c.get(WP).set(P).get(YP).set(Q).i32Const(nVec).set(J);
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
    mod.addFunction({
      params: new Array<ValType>(4).fill(ValType.i32),
      results: [],
      locals: [
        ...new Array<ValType>(i32Locals).fill(ValType.i32),
        ...new Array<ValType>(v128Locals).fill(ValType.v128),
      ],
      code,
      exportName,
    });
  };
  add(r, 'gemv');
  add(1, 'gemv1');
  return mod.build();
}
