// The wasm instructions the pooling generator needs beyond SimdCode: scalar and vector compares, v128
// bitwise ops, select, i32 division and memory.fill.
import { pushU32 } from './encoder.js';
import { SimdCode } from './simdCode.js';

/** The instructions the pooling generator needs beyond {@link SimdCode}. */
export class PoolCode extends SimdCode {
  private simdOp(opcode: number): this {
    this.raw(0xfd);
    pushU32(this.bytes, opcode);
    return this;
  }
  /** `i32.div_u`. */
  i32DivU(): this {
    return this.raw(0x6e);
  }
  /** `select` (untyped). */
  select(): this {
    return this.raw(0x1b);
  }
  /** `memory.fill` on memory 0. */
  memoryFill(): this {
    return this.raw(0xfc, 0x0b, 0x00);
  }
  /** `f32.eq`. */
  f32Eq(): this {
    return this.raw(0x5b);
  }
  /** `f32.ne`. */
  f32Ne(): this {
    return this.raw(0x5c);
  }
  /** `f32.lt`. */
  f32Lt(): this {
    return this.raw(0x5d);
  }
  /** `f32.gt`. */
  f32Gt(): this {
    return this.raw(0x5e);
  }
  /** `f64.eq`. */
  f64Eq(): this {
    return this.raw(0x61);
  }
  /** `f64.ne`. */
  f64Ne(): this {
    return this.raw(0x62);
  }
  /** `f64.lt`. */
  f64Lt(): this {
    return this.raw(0x63);
  }
  /** `f64.gt`. */
  f64Gt(): this {
    return this.raw(0x64);
  }
  /** `f32x4.eq`. */
  f32x4Eq(): this {
    return this.simdOp(0x41);
  }
  /** `f32x4.lt`. */
  f32x4Lt(): this {
    return this.simdOp(0x43);
  }
  /** `f32x4.gt`. */
  f32x4Gt(): this {
    return this.simdOp(0x44);
  }
  /** `f32x4.le`. */
  f32x4Le(): this {
    return this.simdOp(0x45);
  }
  /** `f32x4.ge`. */
  f32x4Ge(): this {
    return this.simdOp(0x46);
  }
  /** `f64x2.eq`. */
  f64x2Eq(): this {
    return this.simdOp(0x47);
  }
  /** `f64x2.le`. */
  f64x2Le(): this {
    return this.simdOp(0x4b);
  }
  /** `f64x2.ge`. */
  f64x2Ge(): this {
    return this.simdOp(0x4c);
  }
  /** `v128.andnot`. */
  v128AndNot(): this {
    return this.simdOp(0x4f);
  }
  /** `f64x2.lt`. */
  f64x2Lt(): this {
    return this.simdOp(0x49);
  }
  /** `f64x2.gt`. */
  f64x2Gt(): this {
    return this.simdOp(0x4a);
  }
  /** `i32x4.splat`. */
  i32x4Splat(): this {
    return this.simdOp(0x11);
  }
  /** `i32x4.eq`. */
  i32x4Eq(): this {
    return this.simdOp(0x37);
  }
  /** `v128.and`. */
  v128And(): this {
    return this.simdOp(0x4e);
  }
  /** `v128.or`. */
  v128Or(): this {
    return this.simdOp(0x50);
  }
  /** `v128.const` with four equal i32 lanes. */
  i32x4Const(v: number): this {
    this.simdOp(0x0c);
    for (let lane = 0; lane < 4; lane++) for (let i = 0; i < 4; i++) this.bytes.push((v >>> (8 * i)) & 0xff);
    return this;
  }
}
