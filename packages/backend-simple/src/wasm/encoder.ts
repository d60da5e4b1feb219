// A small WebAssembly binary encoder: just enough of the format (types, an imported memory, functions
// with locals, exports) and of the instruction set (i32/f32 scalar ops, structured control flow, the
// 128-bit SIMD ops and relaxed-SIMD fused multiply-add) to generate kernels specialized per shape at
// compile time. No dependencies, no Node-only APIs.

/** Value types of locals, parameters and results. */
export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
/** One of {@link ValType}'s values. */
export type ValType = (typeof ValType)[keyof typeof ValType];

/** Appends the unsigned LEB128 encoding of `value` (a non-negative integer below 2^32). */
export function pushU32(out: number[], value: number): void {
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

/** Appends the signed LEB128 encoding of a 32-bit integer. */
export function pushS32(out: number[], value: number): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

function pushName(out: number[], name: string): void {
  const bytes = new TextEncoder().encode(name);
  pushU32(out, bytes.length);
  for (const b of bytes) out.push(b);
}

const f32Scratch = new DataView(new ArrayBuffer(4));

/**
 * The instruction stream of one function body. Each method appends one instruction and returns `this`,
 * so code reads as a chain; memory instructions take a constant byte `offset` (added to the address).
 */
export class Code {
  /** The encoded instructions. */
  readonly bytes: number[] = [];

  /** Appends raw bytes. */
  raw(...bytes: number[]): this {
    for (const b of bytes) this.bytes.push(b);
    return this;
  }

  private simd(opcode: number): this {
    this.bytes.push(0xfd);
    pushU32(this.bytes, opcode);
    return this;
  }

  private mem(opcode: number, align: number, offset: number, simd = false): this {
    if (simd) this.simd(opcode);
    else this.bytes.push(opcode);
    pushU32(this.bytes, align);
    pushU32(this.bytes, offset);
    return this;
  }

  // Variables and constants.
  /** `local.get i`. */
  get(i: number): this {
    this.bytes.push(0x20);
    pushU32(this.bytes, i);
    return this;
  }
  /** `local.set i`. */
  set(i: number): this {
    this.bytes.push(0x21);
    pushU32(this.bytes, i);
    return this;
  }
  /** `local.tee i`. */
  tee(i: number): this {
    this.bytes.push(0x22);
    pushU32(this.bytes, i);
    return this;
  }
  /** `i32.const v`. */
  i32Const(v: number): this {
    this.bytes.push(0x41);
    pushS32(this.bytes, v);
    return this;
  }
  /** `f32.const v`. */
  f32Const(v: number): this {
    f32Scratch.setFloat32(0, v, true);
    this.bytes.push(0x43);
    for (let i = 0; i < 4; i++) this.bytes.push(f32Scratch.getUint8(i));
    return this;
  }
  /** `drop`. */
  drop(): this {
    return this.raw(0x1a);
  }

  // Control flow (all blocks are of empty type).
  /** `block`. */
  block(): this {
    return this.raw(0x02, 0x40);
  }
  /** `loop`. */
  loop(): this {
    return this.raw(0x03, 0x40);
  }
  /** `if` (consumes an i32 condition). */
  if(): this {
    return this.raw(0x04, 0x40);
  }
  /** `else`. */
  else(): this {
    return this.raw(0x05);
  }
  /** `end` of a block, loop, if or the function. */
  end(): this {
    return this.raw(0x0b);
  }
  /** `br depth`. */
  br(depth: number): this {
    this.bytes.push(0x0c);
    pushU32(this.bytes, depth);
    return this;
  }
  /** `br_if depth`. */
  brIf(depth: number): this {
    this.bytes.push(0x0d);
    pushU32(this.bytes, depth);
    return this;
  }
  /** `return`. */
  return(): this {
    return this.raw(0x0f);
  }

  // i32 arithmetic and comparisons.
  /** `i32.add`. */
  i32Add(): this {
    return this.raw(0x6a);
  }
  /** `i32.sub`. */
  i32Sub(): this {
    return this.raw(0x6b);
  }
  /** `i32.mul`. */
  i32Mul(): this {
    return this.raw(0x6c);
  }
  /** `i32.and`. */
  i32And(): this {
    return this.raw(0x71);
  }
  /** `i32.shl`. */
  i32Shl(): this {
    return this.raw(0x74);
  }
  /** `i32.shr_u`. */
  i32ShrU(): this {
    return this.raw(0x76);
  }
  /** `i32.eqz`. */
  i32Eqz(): this {
    return this.raw(0x45);
  }
  /** `i32.eq`. */
  i32Eq(): this {
    return this.raw(0x46);
  }
  /** `i32.ne`. */
  i32Ne(): this {
    return this.raw(0x47);
  }
  /** `i32.lt_s`. */
  i32LtS(): this {
    return this.raw(0x48);
  }
  /** `i32.lt_u`. */
  i32LtU(): this {
    return this.raw(0x49);
  }
  /** `i32.ge_u`. */
  i32GeU(): this {
    return this.raw(0x4f);
  }

  // Scalar f32.
  /** `f32.load offset`. */
  f32Load(offset = 0): this {
    return this.mem(0x2a, 2, offset);
  }
  /** `f32.store offset`. */
  f32Store(offset = 0): this {
    return this.mem(0x38, 2, offset);
  }
  /** `f32.add`. */
  f32Add(): this {
    return this.raw(0x92);
  }
  /** `f32.sub`. */
  f32Sub(): this {
    return this.raw(0x93);
  }
  /** `f32.mul`. */
  f32Mul(): this {
    return this.raw(0x94);
  }
  /** `f32.div`. */
  f32Div(): this {
    return this.raw(0x95);
  }
  /** `f32.min` (NaN-propagating). */
  f32Min(): this {
    return this.raw(0x96);
  }
  /** `f32.max` (NaN-propagating). */
  f32Max(): this {
    return this.raw(0x97);
  }
  /** `f32.abs`. */
  f32Abs(): this {
    return this.raw(0x8b);
  }
  /** `f32.neg`. */
  f32Neg(): this {
    return this.raw(0x8c);
  }
  /** `f32.sqrt`. */
  f32Sqrt(): this {
    return this.raw(0x91);
  }

  // 128-bit SIMD.
  /** `v128.load offset` (16-byte alignment hint). */
  v128Load(offset = 0): this {
    return this.mem(0x00, 4, offset, true);
  }
  /** `v128.store offset`. */
  v128Store(offset = 0): this {
    return this.mem(0x0b, 4, offset, true);
  }
  /** `v128.load32_splat offset`: one f32/i32 loaded into all four lanes. */
  v128Load32Splat(offset = 0): this {
    return this.mem(0x09, 2, offset, true);
  }
  /** `f32x4.splat` (from an f32). */
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  /** `f32x4.extract_lane lane`. */
  f32x4ExtractLane(lane: number): this {
    return this.simd(0x1f).raw(lane);
  }
  /** `f32x4.add`. */
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  /** `f32x4.sub`. */
  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  /** `f32x4.mul`. */
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  /** `f32x4.div`. */
  f32x4Div(): this {
    return this.simd(0xe7);
  }
  /** `f32x4.min` (NaN-propagating, -0 < +0, as Math.min). */
  f32x4Min(): this {
    return this.simd(0xe8);
  }
  /** `f32x4.max` (NaN-propagating, -0 < +0, as Math.max). */
  f32x4Max(): this {
    return this.simd(0xe9);
  }
  /** `f32x4.abs`. */
  f32x4Abs(): this {
    return this.simd(0xe0);
  }
  /** `f32x4.neg`. */
  f32x4Neg(): this {
    return this.simd(0xe1);
  }
  /** `f32x4.sqrt`. */
  f32x4Sqrt(): this {
    return this.simd(0xe3);
  }
  /** `f32x4.relaxed_madd` (a·b + c, fused or not as the engine chooses; relaxed-SIMD proposal). */
  f32x4RelaxedMadd(): this {
    return this.simd(0x105);
  }
  /** `v128.const` of four f32 lanes all equal to `v`. */
  f32x4Const(v: number): this {
    this.simd(0x0c);
    f32Scratch.setFloat32(0, v, true);
    for (let lane = 0; lane < 4; lane++) for (let i = 0; i < 4; i++) this.bytes.push(f32Scratch.getUint8(i));
    return this;
  }
}

/** A function of a module: signature, extra locals (after the parameters), body, optional export name. */
export interface FunctionDef {
  /** Parameter types (locals 0..params.length-1). */
  readonly params: readonly ValType[];
  /** Result types. */
  readonly results: readonly ValType[];
  /** Types of the further locals, numbered after the parameters. */
  readonly locals: readonly ValType[];
  /** The body, without its final `end` (added by the encoder). */
  readonly code: Code;
  /** Export name, if exported. */
  readonly exportName?: string;
}

/** Limits of the imported memory, in 64 KiB pages. */
export interface MemoryImport {
  /** Import module name. */
  readonly module: string;
  /** Import field name. */
  readonly name: string;
  /** Initial pages. */
  readonly initial: number;
  /** Maximum pages (required when shared). */
  readonly maximum?: number;
  /** Shared memory (threads proposal). */
  readonly shared?: boolean;
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  pushU32(out, content.length);
  for (const b of content) out.push(b);
}

/**
 * Assembles a module of functions over an optionally imported memory.
 *
 * @example
 * ```ts
 * const m = new ModuleBuilder();
 * m.addFunction({ params: [ValType.i32, ValType.i32], results: [ValType.i32], locals: [],
 *   code: new Code().get(0).get(1).i32Add(), exportName: 'add' });
 * const add = new WebAssembly.Instance(new WebAssembly.Module(m.build())).exports.add;
 * ```
 */
export class ModuleBuilder {
  private memory: MemoryImport | undefined;
  private readonly functions: FunctionDef[] = [];

  /** Imports a memory (at most one). */
  importMemory(memory: MemoryImport): this {
    this.memory = memory;
    return this;
  }

  /** Adds a function; returns its index. */
  addFunction(def: FunctionDef): number {
    this.functions.push(def);
    return this.functions.length - 1;
  }

  /** The module's binary encoding. */
  build(): Uint8Array<ArrayBuffer> {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const types: number[] = [];
    pushU32(types, this.functions.length);
    for (const f of this.functions) {
      types.push(0x60);
      pushU32(types, f.params.length);
      types.push(...f.params);
      pushU32(types, f.results.length);
      types.push(...f.results);
    }
    section(out, 1, types);
    if (this.memory) {
      const m = this.memory;
      const imports: number[] = [1];
      pushName(imports, m.module);
      pushName(imports, m.name);
      imports.push(0x02);
      const flags = (m.maximum !== undefined ? 1 : 0) | (m.shared ? 2 : 0);
      if (m.shared && m.maximum === undefined) throw new Error('a shared memory needs a maximum');
      imports.push(flags);
      pushU32(imports, m.initial);
      if (m.maximum !== undefined) pushU32(imports, m.maximum);
      section(out, 2, imports);
    }
    const funcs: number[] = [];
    pushU32(funcs, this.functions.length);
    for (let i = 0; i < this.functions.length; i++) pushU32(funcs, i);
    section(out, 3, funcs);
    const exported = this.functions.map((f, i) => [f, i] as const).filter(([f]) => f.exportName);
    const exports: number[] = [];
    pushU32(exports, exported.length);
    for (const [f, i] of exported) {
      pushName(exports, f.exportName!);
      exports.push(0x00);
      pushU32(exports, i);
    }
    section(out, 7, exports);
    const code: number[] = [];
    pushU32(code, this.functions.length);
    for (const f of this.functions) {
      const body: number[] = [];
      // Locals as runs of equal types.
      const runs: Array<[number, ValType]> = [];
      for (const t of f.locals) {
        const last = runs[runs.length - 1];
        if (last && last[1] === t) last[0]++;
        else runs.push([1, t]);
      }
      pushU32(body, runs.length);
      for (const [count, t] of runs) {
        pushU32(body, count);
        body.push(t);
      }
      for (const b of f.code.bytes) body.push(b);
      body.push(0x0b);
      pushU32(code, body.length);
      for (const b of body) code.push(b);
    }
    section(out, 10, code);
    return new Uint8Array(out);
  }
}
