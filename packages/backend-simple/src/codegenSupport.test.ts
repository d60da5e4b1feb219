import { Builder } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { afterEach, describe, expect, it } from 'vitest';
import { SimpleBackend } from './backend.js';
import { codegenAvailable, probeCodegen, setCodegenAvailable } from './codegenSupport.js';
import { forbidEval } from './codegenSupport.testing.js';
import './kernels/index.js';
import { threadedLoop } from './threads/loops.js';
import { acquireThreads, releaseThreads, withThreads } from './threads/runtime.js';
import { probeWasmSimd } from './wasm/features.js';

// What a Content-Security-Policy without 'unsafe-eval' (or 'wasm-unsafe-eval') does, simulated: `Function`
// throws an EvalError, `new WebAssembly.Module` a CompileError. Detection must see it, and a backend
// compiled then must still compute (the whole conformance kit runs that way in conformance.test.ts).

const savedFunction = globalThis.Function;
const savedModule = WebAssembly.Module;

afterEach(() => {
  globalThis.Function = savedFunction;
  (WebAssembly as { Module: unknown }).Module = savedModule;
  setCodegenAvailable(undefined);
});

describe('code generation detection', () => {
  it('finds `new Function` on Node, and not where it throws an EvalError', () => {
    expect(probeCodegen()).toBe(true);
    expect(codegenAvailable()).toBe(true);
    globalThis.Function = forbidEval(savedFunction);
    expect(probeCodegen()).toBe(false);
  });

  it('can be forced off and back to detection', () => {
    setCodegenAvailable(false);
    expect(codegenAvailable()).toBe(false);
    setCodegenAvailable(undefined);
    expect(codegenAvailable()).toBe(true);
  });

  it('a backend compiled without it runs an int32 chain and float32 exp (exact / float64 reference)', () => {
    globalThis.Function = forbidEval(savedFunction);
    setCodegenAvailable(false);
    const backend = new SimpleBackend({ kernels: 'ts' });
    const n = 1000;
    const b = new Builder('csp', backend);
    const x = b.parameter(new Shape('int32', [n]));
    const f = b.parameter(new Shape('float32', [n]));
    const chain = b.add(
      b.mul(x, x),
      b.shiftLeft(
        x,
        b.broadcastInDim(b.constant(new Int32Array([3]), new Shape('int32', [])), {
          dims: [n],
          axesMapping: [],
        }),
      ),
    );
    const exe = b.compile([chain, b.exp(f)]);
    const xs = Int32Array.from({ length: n }, (_v, i) => (i * 2654435761) | 0);
    const fs = Float32Array.from({ length: n }, (_v, i) => (i - 500) / 37);
    const [ci, ef] = exe
      .execute([
        backend.bufferFromHost(xs, new Shape('int32', [n])),
        backend.bufferFromHost(fs, new Shape('float32', [n])),
      ])
      .map((o) => o.toHostSync());
    for (let i = 0; i < n; i++) {
      const v = xs[i]!;
      // int32 wraparound computed in bigints, independently.
      const want = Number(BigInt.asIntN(32, BigInt(v) * BigInt(v) + (BigInt(v) << 3n)));
      expect(ci![i]).toBe(want);
      expect(Math.abs((ef![i] as number) - Math.exp(fs[i]!))).toBeLessThanOrEqual(
        Math.exp(fs[i]!) * 2 ** -23,
      );
    }
  });
});

describe('threaded elementwise loops', () => {
  it('are not built without code generation (the interpreted loop runs on the calling thread)', () => {
    const runtime = acquireThreads(2);
    try {
      const body = 'for (let i = 0; i < n; i++) { out[i] = inputs[0][i] + 1; }';
      const n = 1 << 17;
      if (runtime) expect(withThreads(runtime, () => threadedLoop(body, 'float32', n))).toBeDefined();
      setCodegenAvailable(false);
      expect(withThreads(runtime, () => threadedLoop(body, 'float32', n))).toBeUndefined();
    } finally {
      releaseThreads(runtime);
    }
  });
});

describe('WebAssembly detection', () => {
  it('finds SIMD on Node, and not where compiling throws (CSP without wasm-unsafe-eval)', () => {
    expect(probeWasmSimd()).toBe(true);
    (WebAssembly as { Module: unknown }).Module = function Module() {
      throw new WebAssembly.CompileError('WebAssembly.Module(): Refused to compile (test stand-in)');
    };
    expect(probeWasmSimd()).toBe(false);
  });
});
