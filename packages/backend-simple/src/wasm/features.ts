// Detection of the engine's WebAssembly features, by validating tiny modules (no instantiation).
import { Code, ModuleBuilder, ValType } from './encoder.js';

function validates(body: (c: Code) => Code): boolean {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return false;
  const m = new ModuleBuilder();
  m.addFunction({
    params: [ValType.v128, ValType.v128, ValType.v128],
    results: [ValType.v128],
    locals: [],
    code: body(new Code()),
  });
  try {
    return WebAssembly.validate(m.build());
  } catch {
    return false;
  }
}

let simd: boolean | undefined;
let relaxed: boolean | undefined;

/** Whether the engine runs WebAssembly with 128-bit SIMD (cached after the first call). */
export function hasWasmSimd(): boolean {
  simd ??= validates((c) => c.get(0).get(1).f32x4Mul().get(2).f32x4Add());
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
