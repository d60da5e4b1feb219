// Generated elementwise chains over float32 (f32x4) or float64 (f64x2) lanes.
//
// `run(in0, …, in{E-1}, out, bytes)` evaluates a chain of ops 16 bytes (one v128) at a time for byte
// offsets 0 ≤ i < bytes (rounded up to 16): each step reads external operands `in_k + i` or earlier step
// results, the last step is stored at `out + i`. Every op is a single IEEE operation of the lane type
// (add, sub, mul, div, sqrt correctly rounded; min/max NaN-propagating with -0 < +0; neg/abs on the sign
// bit), so results equal the TypeScript loops' (`Math.fround` of the float64 result) bit for bit, NaN
// payloads aside.
import { ModuleBuilder, ValType } from './encoder.js';
import { SimdCode } from './simdCode.js';

/** Lane type of a chain. */
export type LaneType = 'f32' | 'f64';

/** Ops a chain step may apply. */
export const CHAIN_OPS = ['add', 'sub', 'mul', 'div', 'max', 'min', 'neg', 'abs', 'sqrt'] as const;

/** One of {@link CHAIN_OPS}. */
export type ChainOp = (typeof CHAIN_OPS)[number];

/** An operand of a step: external input `k` or the result of earlier step `k`. */
export type ChainRef = { readonly external: number } | { readonly step: number };

/** One step of a chain. */
export interface ChainStep {
  /** The op. */
  readonly op: ChainOp;
  /** Its operands (1 for neg/abs/sqrt, 2 otherwise). */
  readonly args: readonly ChainRef[];
}

/** A chain: lane type, number of external inputs, steps (the last is the result). */
export interface ChainSpec {
  /** Lane type. */
  readonly lane: LaneType;
  /** External inputs. */
  readonly externals: number;
  /** Steps in order. */
  readonly steps: readonly ChainStep[];
}

/** Signature of the exported `run`: input pointers, output pointer, byte count. */
export type ChainFunction = (...pointers: number[]) => void;

const UNARY: ReadonlySet<ChainOp> = new Set(['neg', 'abs', 'sqrt']);

/** Whether `op` is unary. */
export function isUnaryChainOp(op: ChainOp): boolean {
  return UNARY.has(op);
}

/** A key identifying the generated code of a chain. */
export function chainKey(spec: ChainSpec): string {
  const ref = (r: ChainRef) => ('external' in r ? `e${r.external}` : `t${r.step}`);
  return `chain:${spec.lane}:${spec.externals}:${spec.steps.map((s) => `${s.op}(${s.args.map(ref).join(',')})`).join(';')}`;
}

function emitOp(c: SimdCode, lane: LaneType, op: ChainOp): void {
  const f32 = lane === 'f32';
  switch (op) {
    case 'add':
      f32 ? c.f32x4Add() : c.f64x2Add();
      return;
    case 'sub':
      f32 ? c.f32x4Sub() : c.f64x2Sub();
      return;
    case 'mul':
      f32 ? c.f32x4Mul() : c.f64x2Mul();
      return;
    case 'div':
      f32 ? c.f32x4Div() : c.f64x2Div();
      return;
    case 'max':
      f32 ? c.f32x4Max() : c.f64x2Max();
      return;
    case 'min':
      f32 ? c.f32x4Min() : c.f64x2Min();
      return;
    case 'neg':
      f32 ? c.f32x4Neg() : c.f64x2Neg();
      return;
    case 'abs':
      f32 ? c.f32x4Abs() : c.f64x2Abs();
      return;
    case 'sqrt':
      f32 ? c.f32x4Sqrt() : c.f64x2Sqrt();
      return;
  }
}

/** Builds the binary of a chain module importing `env.memory` with the given limits. */
export function buildChainModule(
  spec: ChainSpec,
  memory: { initial: number; maximum: number; shared: boolean },
): Uint8Array<ArrayBuffer> {
  const e = spec.externals;
  const OUT = e;
  const BYTES = e + 1;
  const I = e + 2;
  const ext = (k: number) => e + 3 + k;
  const tmp = (k: number) => 2 * e + 3 + k;
  const c = new SimdCode();
  c.i32Const(0).set(I);
  c.block();
  c.get(BYTES).i32Const(0).raw(0x4c /* i32.le_s */).brIf(0);
  c.loop();
  for (let k = 0; k < e; k++) c.get(k).get(I).i32Add().v128Load().set(ext(k));
  spec.steps.forEach((step, k) => {
    for (const r of step.args) c.get('external' in r ? ext(r.external) : tmp(r.step));
    emitOp(c, spec.lane, step.op);
    c.set(tmp(k));
  });
  c.get(OUT)
    .get(I)
    .i32Add()
    .get(tmp(spec.steps.length - 1))
    .v128Store();
  c.get(I).i32Const(16).i32Add().tee(I).get(BYTES).i32LtS().brIf(0);
  c.end();
  c.end();
  const m = new ModuleBuilder().importMemory({ module: 'env', name: 'memory', ...memory });
  m.addFunction({
    params: new Array<ValType>(e + 2).fill(ValType.i32),
    results: [],
    locals: [ValType.i32, ...new Array<ValType>(e + spec.steps.length).fill(ValType.v128)],
    code: c,
    exportName: 'run',
  });
  return m.build();
}
