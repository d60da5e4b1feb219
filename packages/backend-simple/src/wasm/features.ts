// Detection of the engine's WebAssembly features, by validating tiny modules, and of whether this realm
// may compile WebAssembly at all: a page whose Content-Security-Policy lacks 'wasm-unsafe-eval' (and
// 'unsafe-eval') validates modules but throws a CompileError (or EvalError) on `new WebAssembly.Module`,
// so SIMD counts as present only where a tiny SIMD module also compiles and instantiates.
import { Code, ModuleBuilder, ValType } from './encoder.js';

function simdModule(body: (c: Code) => Code): Uint8Array<ArrayBuffer> {
  const m = new ModuleBuilder();
  m.addFunction({
    params: [ValType.v128, ValType.v128, ValType.v128],
    results: [ValType.v128],
    locals: [],
    code: body(new Code()),
  });
  return m.build();
}

function validates(body: (c: Code) => Code): boolean {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return false;
  try {
    return WebAssembly.validate(simdModule(body));
  } catch {
    return false;
  }
}

const simdProbe = (c: Code) => c.get(0).get(1).f32x4Mul().get(2).f32x4Add();

/**
 * Whether the engine validates, compiles and instantiates a tiny WebAssembly SIMD module here (false
 * under a Content-Security-Policy without 'wasm-unsafe-eval', where compiling throws). Not cached.
 *
 * @internal
 */
export function probeWasmSimd(): boolean {
  if (!validates(simdProbe)) return false;
  try {
    const module = new WebAssembly.Module(simdModule(simdProbe));
    return new WebAssembly.Instance(module, {}) instanceof WebAssembly.Instance;
  } catch {
    return false; // CompileError / EvalError / RangeError: compilation not allowed here
  }
}

let simd: boolean | undefined;
let relaxed: boolean | undefined;

/**
 * Whether the engine runs WebAssembly with 128-bit SIMD and this realm may compile it (cached after the
 * first call; see {@link probeWasmSimd}).
 */
export function hasWasmSimd(): boolean {
  simd ??= probeWasmSimd();
  return simd;
}

const relaxedMadd = (c: Code) => c.get(0).get(1).get(2).f32x4RelaxedMadd();

/**
 * Whether the engine has relaxed SIMD (`f32x4.relaxed_madd`, a fused multiply-add on CPUs with FMA)
 * (cached after the first call). Node 20's engine (V8 11.3) implements it behind the V8 flag
 * `--experimental-wasm-relaxed-simd`; on Node, when the engine does not accept it yet, this turns that flag
 * on (`v8.setFlagsFromString`, process-wide, before any relaxed code is compiled) and checks again. Newer
 * engines (Node 22+, current browsers) have it on by default.
 */
export function hasRelaxedSimd(): boolean {
  if (relaxed === undefined) {
    relaxed = hasWasmSimd() && validates(relaxedMadd);
    if (!relaxed && hasWasmSimd() && enableNodeRelaxedSimd()) relaxed = validates(relaxedMadd);
  }
  return relaxed;
}

/** On Node, sets V8's relaxed-SIMD flag; false where there is no such hook. */
function enableNodeRelaxedSimd(): boolean {
  const proc = (globalThis as { process?: NodeProcessLike }).process;
  if (typeof proc?.getBuiltinModule !== 'function' || typeof proc.versions?.v8 !== 'string') return false;
  try {
    const v8 = proc.getBuiltinModule('node:v8') as { setFlagsFromString?: (flags: string) => void };
    if (typeof v8?.setFlagsFromString !== 'function') return false;
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    return true;
  } catch {
    return false;
  }
}

/** The part of Node's `process` this file uses (no dependency on Node's types). */
interface NodeProcessLike {
  getBuiltinModule?: (id: string) => unknown;
  versions?: { v8?: string };
}
