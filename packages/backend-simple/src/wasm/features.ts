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

/** Whether the engine has relaxed SIMD (`f32x4.relaxed_madd`) (cached after the first call). */
export function hasRelaxedSimd(): boolean {
  relaxed ??= hasWasmSimd() && validates((c) => c.get(0).get(1).get(2).f32x4RelaxedMadd());
  return relaxed;
}
