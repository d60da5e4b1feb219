// The fold primitives shared by both exports of a generated reduction module: element and accumulator
// types of a spec, loads and stores of scalars, and `acc = acc ⊕ v` on vectors and scalars. Max/min fold
// `s = (v > s || v ≠ v) ? v : s` (NaN taken, ties keep the earlier value), as the TypeScript kernels do.
import { accumulatorBytes, isWide, type ReduceModuleSpec, reduceIdentity } from './reduceSpec.js';
import type { SimdCode } from './simdCode.js';

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
/** `f32.eq` opcode. */
export const F32_EQ = 0x5b;
/** `f64.eq` opcode. */
export const F64_EQ = 0x61;
/** `select` opcode. */
export const SELECT = 0x1b;
/** `i32.gt_u` opcode. */
export const I32_GT_U = 0x4b;

/** Code generation for one spec: element/accumulator types and the fold of one value into another. */
export class Emitter {
  /** Whether accumulators are float64 whatever the element type. */
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
