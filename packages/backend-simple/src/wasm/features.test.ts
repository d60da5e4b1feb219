import { describe, expect, it } from 'vitest';
import { hasRelaxedSimd, hasWasmSimd } from './features.js';

describe('engine feature detection', () => {
  const major = Number(process.versions.node.split('.')[0]);
  it('finds WebAssembly SIMD on Node', () => {
    expect(hasWasmSimd()).toBe(true);
  });
  it('has relaxed SIMD on Node 20+ (turning on the V8 flag where it is still behind one)', () => {
    expect(major >= 20 ? hasRelaxedSimd() : true).toBe(true);
  });
  it('then validates a module using f32x4.relaxed_madd', () => {
    // (module (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd))
    const bytes = new Uint8Array([
      0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0,
      32, 1, 32, 2, 253, 133, 2, 11,
    ]);
    expect(WebAssembly.validate(bytes)).toBe(hasRelaxedSimd());
  });
});
