// Generated elementwise chains over float32 (f32x4) or float64 (f64x2) lanes.
//
// `run(in…, repeats, out0, …, out{O-1}, start, end)` evaluates a chain of ops 16 bytes (one v128) at a
// time for lane-byte offsets start ≤ I < end (I = element index × lane width; start a multiple of 16,
// end rounded up to 16): each step reads external operands or earlier step results, and the steps named
// as outputs are stored at `out_o + I`. Full-length inputs have a pointer each; repeating ones share one
// block (`repeats`, see {@link chainLayout}). Operand addressing depends on its kind and period:
// - a value input (float of the lane type) is read at `in + I`; one repeating with a period of p elements
//   (a folded broadcast, p a power of two) at `in + (I mod p·width)`, or splat once when p·width ≤ 8;
// - a bool input (Uint8 0/1 per element) is read at `in + I / width` (or its period likewise) and widened
//   to lane masks (all ones where the byte is not 0).
// Every value op is a single IEEE operation of the lane type (add, sub, mul, div, sqrt correctly rounded;
// min/max NaN-propagating with -0 < +0; neg/abs on the sign bit), comparisons give lane masks (NaN compares
// false except for notEqual, -0 == +0), `where` selects bits by mask: results equal the TypeScript loops'
// (`Math.fround` of the float64 result) bit for bit, NaN payloads aside.
import { ModuleBuilder, ValType } from './encoder.js';
import { SimdCode } from './simdCode.js';

/** Lane type of a chain. */
export type LaneType = 'f32' | 'f64';

/** Ops on values of the lane type giving values. */
const VALUE_OPS = ['add', 'sub', 'mul', 'div', 'max', 'min', 'neg', 'abs', 'sqrt'] as const;
/** Comparisons of two values giving a mask. */
const COMPARE_OPS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessOrEqual',
  'greaterThan',
  'greaterOrEqual',
] as const;
/** Ops on masks giving a mask. */
const LOGICAL_OPS = ['logicalAnd', 'logicalOr', 'logicalXor', 'logicalNot'] as const;

/**
 * Ops a chain step may apply: value arithmetic, comparisons, logical ops on masks, `where(mask, a, b)`
 * and `convertDType` of a mask to the lane type (1 or 0).
 */
export const CHAIN_OPS = [...VALUE_OPS, ...COMPARE_OPS, ...LOGICAL_OPS, 'where', 'convertDType'] as const;

/** One of {@link CHAIN_OPS}. */
export type ChainOp = (typeof CHAIN_OPS)[number];

/** What a step's operands and result are: lane values or lane masks. */
export interface ChainOpSignature {
  /** Operand kinds in order. */
  readonly args: readonly ('value' | 'mask')[];
  /** Result kind. */
  readonly result: 'value' | 'mask';
}

const UNARY: ReadonlySet<ChainOp> = new Set(['neg', 'abs', 'sqrt']);

/** The operand and result kinds of a chain op. */
export function chainOpSignature(op: ChainOp): ChainOpSignature {
  if (UNARY.has(op)) return { args: ['value'], result: 'value' };
  if ((VALUE_OPS as readonly string[]).includes(op)) return { args: ['value', 'value'], result: 'value' };
  if ((COMPARE_OPS as readonly string[]).includes(op)) return { args: ['value', 'value'], result: 'mask' };
  if (op === 'logicalNot') return { args: ['mask'], result: 'mask' };
  if (op === 'where') return { args: ['mask', 'value', 'value'], result: 'value' };
  if (op === 'convertDType') return { args: ['mask'], result: 'value' };
  return { args: ['mask', 'mask'], result: 'mask' };
}

/** Whether `op` is unary on values (neg, abs, sqrt). */
export function isUnaryChainOp(op: ChainOp): boolean {
  return UNARY.has(op);
}

/** An operand of a step: external input `k` or the result of earlier step `k`. */
export type ChainRef = { readonly external: number } | { readonly step: number };

/** One step of a chain. */
export interface ChainStep {
  /** The op. */
  readonly op: ChainOp;
  /** Its operands ({@link chainOpSignature}). */
  readonly args: readonly ChainRef[];
}

/** An external input: lane values or bools (bytes), full length (period 0) or repeating every `period`. */
export interface ChainInput {
  /** Lane values or bool bytes. */
  readonly kind: 'value' | 'bool';
  /** 0: one element per output element; else the power-of-two number of elements that repeat. */
  readonly period: number;
}

/** A chain: lane type, external inputs, steps, and the steps stored (value results). */
export interface ChainSpec {
  /** Lane type. */
  readonly lane: LaneType;
  /** External inputs. */
  readonly inputs: readonly ChainInput[];
  /** Steps in order. */
  readonly steps: readonly ChainStep[];
  /** Indices of the steps written to the outputs, in output order. */
  readonly outputs: readonly number[];
}

/** Signature of the exported `run`: input pointers, output pointers, start and end lane-byte offsets. */
export type ChainFunction = (...args: number[]) => void;

/** A key identifying the generated code of a chain. */
export function chainKey(spec: ChainSpec): string {
  const ref = (r: ChainRef) => ('external' in r ? `e${r.external}` : `t${r.step}`);
  const inputs = spec.inputs.map((x) => `${x.kind[0]}${x.period}`).join(',');
  const steps = spec.steps.map((s) => `${s.op}(${s.args.map(ref).join(',')})`).join(';');
  return `chain:${spec.lane}:${inputs}:${steps}:${spec.outputs.join(',')}`;
}

const COMPARE_KIND = {
  equal: 'eq',
  notEqual: 'ne',
  lessThan: 'lt',
  lessOrEqual: 'le',
  greaterThan: 'gt',
  greaterOrEqual: 'ge',
} as const;

/** Emits the op of a step whose operands are on the stack (for `where`: a, b, mask). */
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
    case 'logicalAnd':
      c.v128BitAnd();
      return;
    case 'logicalOr':
      c.v128BitOr();
      return;
    case 'logicalXor':
      c.v128BitXor();
      return;
    case 'logicalNot':
      c.v128BitNot();
      return;
    case 'where':
      c.v128Bitselect();
      return;
    case 'convertDType':
      f32 ? c.f32x4Const(1) : c.f64x2Const(1);
      c.v128BitAnd();
      return;
    default:
      f32 ? c.f32x4Compare(COMPARE_KIND[op]) : c.f64x2Compare(COMPARE_KIND[op]);
  }
}

/** Whether input `x` is loaded once before the loop (a splat of its whole period). */
function hoisted(x: ChainInput, width: number): boolean {
  if (x.period === 0) return false;
  return x.kind === 'value' ? x.period * width <= 8 : x.period === 1 || (width === 4 && x.period === 2);
}

/**
 * Where the module finds each input: full-length inputs have a pointer parameter each; repeating ones
 * (a few elements) lie in one block whose address is a single parameter, each at a fixed offset (64-byte
 * aligned, at least 16 bytes apart).
 */
export interface ChainLayout {
  /** Per input: its pointer parameter (full-length), or -1. */
  readonly param: readonly number[];
  /** Per input: its byte offset in the repeats block (repeating), or -1. */
  readonly offset: readonly number[];
  /** Bytes of the repeats block (0: none, and no parameter for it). */
  readonly repeatBytes: number;
  /** The parameter holding the repeats block's address (when repeatBytes > 0). */
  readonly repeatParam: number;
  /** Pointer parameters in all: full-length inputs, the repeats block, outputs. */
  readonly pointers: number;
}

/** The parameter layout of a chain's module (see {@link ChainLayout}). */
export function chainLayout(spec: ChainSpec): ChainLayout {
  const width = spec.lane === 'f32' ? 4 : 8;
  const param: number[] = [];
  const offset: number[] = [];
  let full = 0;
  let repeatBytes = 0;
  for (const x of spec.inputs) {
    if (x.period === 0) {
      param.push(full++);
      offset.push(-1);
    } else {
      param.push(-1);
      offset.push(repeatBytes);
      const bytes = x.kind === 'bool' ? x.period : x.period * width;
      repeatBytes += Math.ceil(Math.max(bytes, 16) / 64) * 64;
    }
  }
  const repeatParam = full;
  const pointers = full + (repeatBytes > 0 ? 1 : 0) + spec.outputs.length;
  return { param, offset, repeatBytes, repeatParam, pointers };
}

/** Emits the load of input `k` at lane-byte offset local `at` (when in the loop). */
function emitLoad(c: SimdCode, spec: ChainSpec, layout: ChainLayout, k: number, at: number): void {
  const x = spec.inputs[k]!;
  const width = spec.lane === 'f32' ? 4 : 8;
  if (layout.param[k]! >= 0) c.get(layout.param[k]!);
  else c.get(layout.repeatParam).i32Const(layout.offset[k]!).i32Add();
  if (x.kind === 'value') {
    if (hoisted(x, width)) {
      x.period * width === 4 ? c.v128Load32Splat() : c.v128Load64Splat();
      return;
    }
    c.get(at);
    if (x.period > 0) c.i32Const(x.period * width - 1).i32And();
    c.i32Add().v128LoadU();
    return;
  }
  // Bools: one byte per element, widened to masks.
  if (x.period === 1) c.v128Load8Splat();
  else if (hoisted(x, width)) c.v128Load16Splat();
  else {
    c.get(at)
      .i32Const(width === 4 ? 2 : 3)
      .i32ShrU();
    if (x.period > 0) c.i32Const(x.period - 1).i32And();
    c.i32Add();
    width === 4 ? c.v128Load32Zero() : c.v128Load16Splat();
  }
  c.v128Zero().i8x16Ne().i16x8ExtendLowI8x16S().i32x4ExtendLowI16x8S();
  if (width === 8) c.i64x2ExtendLowI32x4S();
}

/** Builds the binary of a chain module importing `env.memory` with the given limits. */
export function buildChainModule(
  spec: ChainSpec,
  memory: { initial: number; maximum: number; shared: boolean },
): Uint8Array<ArrayBuffer> {
  const e = spec.inputs.length;
  const o = spec.outputs.length;
  const width = spec.lane === 'f32' ? 4 : 8;
  const layout = chainLayout(spec);
  const p = layout.pointers;
  const out = (k: number) => p - o + k;
  const I = p;
  const END = p + 1;
  const ext = (k: number) => p + 2 + k;
  const tmp = (k: number) => p + 2 + e + k;
  const c = new SimdCode();
  spec.inputs.forEach((x, k) => {
    if (!hoisted(x, width)) return;
    emitLoad(c, spec, layout, k, I);
    c.set(ext(k));
  });
  c.block();
  c.get(I).get(END).i32GeU().brIf(0);
  c.loop();
  spec.inputs.forEach((x, k) => {
    if (hoisted(x, width)) return;
    emitLoad(c, spec, layout, k, I);
    c.set(ext(k));
  });
  spec.steps.forEach((step, k) => {
    const refs = step.op === 'where' ? [step.args[1]!, step.args[2]!, step.args[0]!] : step.args;
    for (const r of refs) c.get('external' in r ? ext(r.external) : tmp(r.step));
    emitOp(c, spec.lane, step.op);
    c.set(tmp(k));
  });
  spec.outputs.forEach((step, k) => {
    c.get(out(k)).get(I).i32Add().get(tmp(step)).v128StoreU();
  });
  c.get(I).i32Const(16).i32Add().tee(I).get(END).i32LtU().brIf(0);
  c.end();
  c.end();
  const m = new ModuleBuilder().importMemory({ module: 'env', name: 'memory', ...memory });
  m.addFunction({
    params: new Array<ValType>(p + 2).fill(ValType.i32),
    results: [],
    locals: new Array<ValType>(e + spec.steps.length).fill(ValType.v128),
    code: c,
    exportName: 'run',
  });
  return m.build();
}
