import { runConformance } from '@tsmlx/backends/conformance';
import { SimpleBackend } from './backend.js';
import './kernels/index.js';
import { hasWasmSimd } from './wasm/features.js';

// Every kernel variant must pass the whole kit: WebAssembly SIMD (the default where the engine has it)
// and pure TypeScript.
if (hasWasmSimd())
  runConformance('backend-simple (kernels=wasm)', () => new SimpleBackend({ kernels: 'wasm' }));
runConformance('backend-simple (kernels=ts)', () => new SimpleBackend({ kernels: 'ts' }));
