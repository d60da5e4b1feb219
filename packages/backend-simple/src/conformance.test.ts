import { runConformance } from '@tsmlx/backends/conformance';
import { afterAll, beforeAll, describe } from 'vitest';
import { parseSimpleOptions, SimpleBackend } from './backend.js';
import { setCodegenAvailable } from './codegenSupport.js';
import { forbidEval } from './codegenSupport.testing.js';
import './kernels/index.js';
import { hasRelaxedSimd, hasWasmSimd } from './wasm/features.js';

// Every kernel variant must pass the whole kit: WebAssembly SIMD with relaxed-SIMD FMA (the default where
// the engine has it), plain WebAssembly SIMD, and pure TypeScript.
if (hasWasmSimd())
  runConformance('backend-simple (kernels=wasm)', () => new SimpleBackend({ kernels: 'wasm' }));
if (hasRelaxedSimd())
  runConformance(
    'backend-simple (kernels=wasm, relaxed=off)',
    () => new SimpleBackend(parseSimpleOptions('kernels=wasm,relaxed=off')),
  );
runConformance('backend-simple (kernels=ts)', () => new SimpleBackend({ kernels: 'ts' }));
// Multi-threaded: buffers in the shared arena, large GEMMs and elementwise loops split across workers
// (the kit's cases are small, so this mostly checks that shared-arena storage changes nothing; the
// threaded paths themselves are compared bit for bit in threads/threaded.test.ts).
runConformance('backend-simple (threads=2)', () => new SimpleBackend(parseSimpleOptions('threads=2')));
// Without code generation (a page whose Content-Security-Policy lacks 'unsafe-eval'): `new Function`
// throws an EvalError, as it does there, and the backend interprets its generated elementwise loops.
describe('without code generation', () => {
  const saved = globalThis.Function;
  beforeAll(() => {
    setCodegenAvailable(false);
    globalThis.Function = forbidEval(saved);
  });
  afterAll(() => {
    globalThis.Function = saved;
    setCodegenAvailable(undefined);
  });
  runConformance('backend-simple (kernels=ts, no codegen)', () => new SimpleBackend({ kernels: 'ts' }));
  if (hasWasmSimd())
    runConformance('backend-simple (kernels=wasm, no codegen)', () => new SimpleBackend({ kernels: 'wasm' }));
});
