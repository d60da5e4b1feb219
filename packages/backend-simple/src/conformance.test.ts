import { runConformance } from '@tsmlx/backends/conformance';
import { parseSimpleOptions, SimpleBackend } from './backend.js';
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
