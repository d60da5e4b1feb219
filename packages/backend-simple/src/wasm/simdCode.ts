// More of the WebAssembly instruction set than the base encoder has: i32 memory ops, f64 scalars, lane
// shuffles, bitwise v128 ops, comparisons and the f64x2 ops. Used by the packing, elementwise and reduction
// generators (the GEMM generator uses the base `Code`).
import { Code, pushU32 } from './encoder.js';

const f64Scratch = new DataView(new ArrayBuffer(8));

const COMPARE_INDEX = { eq: 0, ne: 1, lt: 2, gt: 3, le: 4, ge: 5 } as const;

/** A {@link Code} with the extra instructions the kernel generators need (same chaining style). */
export class SimdCode extends Code {
  private op(opcode: number): this {
    this.raw(0xfd);
    pushU32(this.bytes, opcode);
    return this;
  }

  private memArg(align: number, offset: number): this {
    pushU32(this.bytes, align);
    pushU32(this.bytes, offset);
    return this;
  }

  /** `i32.load offset`. */
  i32Load(offset = 0): this {
    return this.raw(0x28).memArg(2, offset);
  }
  /** `i32.store offset`. */
  i32Store(offset = 0): this {
    return this.raw(0x36).memArg(2, offset);
  }
  /** `f64.load offset`. */
  f64Load(offset = 0): this {
    return this.raw(0x2b).memArg(3, offset);
  }
  /** `f64.store offset`. */
  f64Store(offset = 0): this {
    return this.raw(0x39).memArg(3, offset);
  }
  /** `i32.ge_s`. */
  i32GeS(): this {
    return this.raw(0x4e);
  }
  /** `i32.gt_s`. */
  i32GtS(): this {
    return this.raw(0x4a);
  }
  /** `i32.or`. */
  i32Or(): this {
    return this.raw(0x72);
  }
  /** `f64.const v`. */
  f64Const(v: number): this {
    f64Scratch.setFloat64(0, v, true);
    this.raw(0x44);
    for (let i = 0; i < 8; i++) this.bytes.push(f64Scratch.getUint8(i));
    return this;
  }
  /** `f64.add`. */
  f64Add(): this {
    return this.raw(0xa0);
  }
  /** `f64.promote_f32`. */
  f64PromoteF32(): this {
    return this.raw(0xbb);
  }
  /** `f32.demote_f64`. */
  f32DemoteF64(): this {
    return this.raw(0xb6);
  }

  /** `v128.load offset` with an explicit alignment exponent (default 0: any address). */
  v128LoadU(offset = 0): this {
    return this.op(0x00).memArg(0, offset);
  }
  /** `v128.store offset`, any address. */
  v128StoreU(offset = 0): this {
    return this.op(0x0b).memArg(0, offset);
  }
  /** `v128.load64_zero offset`: two f32 lanes loaded, the upper two zero. */
  v128Load64Zero(offset = 0): this {
    return this.op(0x5d).memArg(0, offset);
  }
  /** `i8x16.shuffle` of the two operands, given as 32-bit lane indices (0–3 first operand, 4–7 second). */
  shuffle32(lanes: readonly [number, number, number, number]): this {
    this.op(0x0d);
    for (const l of lanes) for (let b = 0; b < 4; b++) this.bytes.push(4 * l + b);
    return this;
  }
  /** `i8x16.shuffle` as 64-bit lanes (0–1 first operand, 2–3 second). */
  shuffle64(lanes: readonly [number, number]): this {
    this.op(0x0d);
    for (const l of lanes) for (let b = 0; b < 8; b++) this.bytes.push(8 * l + b);
    return this;
  }
  /** `v128.const` of zero. */
  v128Zero(): this {
    this.op(0x0c);
    for (let i = 0; i < 16; i++) this.bytes.push(0);
    return this;
  }
  /** `v128.const` of two f64 lanes equal to `v`. */
  f64x2Const(v: number): this {
    this.op(0x0c);
    f64Scratch.setFloat64(0, v, true);
    for (let lane = 0; lane < 2; lane++) for (let i = 0; i < 8; i++) this.bytes.push(f64Scratch.getUint8(i));
    return this;
  }
  /** `v128.bitselect` (a where mask bits are 1, else b). */
  v128Bitselect(): this {
    return this.op(0x52);
  }
  /** `f32x4.ne`. */
  f32x4Ne(): this {
    return this.op(0x42);
  }
  /** `f64x2.ne`. */
  f64x2Ne(): this {
    return this.op(0x48);
  }
  /** `f32x4.demote_f64x2_zero`. */
  f32x4DemoteF64x2Zero(): this {
    return this.op(0x5e);
  }
  /** `f64x2.promote_low_f32x4`. */
  f64x2PromoteLowF32x4(): this {
    return this.op(0x5f);
  }
  /** `f64x2.splat`. */
  f64x2Splat(): this {
    return this.op(0x14);
  }
  /** `f64x2.extract_lane lane`. */
  f64x2ExtractLane(lane: number): this {
    return this.op(0x21).raw(lane);
  }
  /** `f64x2.abs`. */
  f64x2Abs(): this {
    return this.op(0xec);
  }
  /** `f64x2.neg`. */
  f64x2Neg(): this {
    return this.op(0xed);
  }
  /** `f64x2.sqrt`. */
  f64x2Sqrt(): this {
    return this.op(0xef);
  }
  /** `f64x2.add`. */
  f64x2Add(): this {
    return this.op(0xf0);
  }
  /** `f64x2.sub`. */
  f64x2Sub(): this {
    return this.op(0xf1);
  }
  /** `f64x2.mul`. */
  f64x2Mul(): this {
    return this.op(0xf2);
  }
  /** `f64x2.div`. */
  f64x2Div(): this {
    return this.op(0xf3);
  }
  /** `f64x2.min` (NaN-propagating). */
  f64x2Min(): this {
    return this.op(0xf4);
  }
  /** `f64x2.max` (NaN-propagating). */
  f64x2Max(): this {
    return this.op(0xf5);
  }

  /** `v128.load8_splat offset`: one byte in all 16 lanes. */
  v128Load8Splat(offset = 0): this {
    return this.op(0x07).memArg(0, offset);
  }
  /** `v128.load16_splat offset`: two bytes in all 8 lanes. */
  v128Load16Splat(offset = 0): this {
    return this.op(0x08).memArg(0, offset);
  }
  /** `v128.load64_splat offset`: eight bytes in both 64-bit lanes. */
  v128Load64Splat(offset = 0): this {
    return this.op(0x0a).memArg(0, offset);
  }
  /** `v128.load32_zero offset`: four bytes in the low lane, the rest zero. */
  v128Load32Zero(offset = 0): this {
    return this.op(0x5c).memArg(0, offset);
  }
  /** `v128.not`. */
  v128BitNot(): this {
    return this.op(0x4d);
  }
  /** `v128.and`. */
  v128BitAnd(): this {
    return this.op(0x4e);
  }
  /** `v128.or`. */
  v128BitOr(): this {
    return this.op(0x50);
  }
  /** `v128.xor`. */
  v128BitXor(): this {
    return this.op(0x51);
  }
  /** `i8x16.ne`. */
  i8x16Ne(): this {
    return this.op(0x24);
  }
  /** `i16x8.extend_low_i8x16_s`. */
  i16x8ExtendLowI8x16S(): this {
    return this.op(0x87);
  }
  /** `i32x4.extend_low_i16x8_s`. */
  i32x4ExtendLowI16x8S(): this {
    return this.op(0xa7);
  }
  /** `i64x2.extend_low_i32x4_s`. */
  i64x2ExtendLowI32x4S(): this {
    return this.op(0xc7);
  }
  /** `f32x4.eq`, `ne`, `lt`, `gt`, `le`, `ge` (lane masks; IEEE: NaN compares false but for ne). */
  f32x4Compare(kind: 'eq' | 'ne' | 'lt' | 'gt' | 'le' | 'ge'): this {
    return this.op(0x41 + COMPARE_INDEX[kind]);
  }
  /** `f64x2.eq`, `ne`, `lt`, `gt`, `le`, `ge` (lane masks; IEEE: NaN compares false but for ne). */
  f64x2Compare(kind: 'eq' | 'ne' | 'lt' | 'gt' | 'le' | 'ge'): this {
    return this.op(0x47 + COMPARE_INDEX[kind]);
  }
}
