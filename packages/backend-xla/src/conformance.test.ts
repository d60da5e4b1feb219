import { type Backend, getBackend } from '@tsmlx/backends';
import { runConformance } from '@tsmlx/backends/conformance';
import { runGradientConformance } from '@tsmlx/graph/conformance';
import { describe, it } from 'vitest';
import './register.js';

// Runs the cross-backend conformance suite on a real PJRT plugin when one is found (see README: how to get
// one). Without a plugin the suite is skipped with the reason printed; TSMLX_REQUIRE_PJRT=1 turns absence
// into a failure (for the GPU machine). TSMLX_BACKEND=xla:<options> picks the plugin and its options.
const env = process.env.TSMLX_BACKEND?.trim() ?? '';
const config = /^(xla|stablehlo|pjrt)(:|$)/.test(env) ? env : 'xla';
let backend: Backend | undefined;
let reason = '';
try {
  backend = getBackend(config);
  console.info(`[backend-xla conformance] ${backend.description}`);
} catch (error) {
  reason = (error as Error).message;
}

if (backend) {
  const started = backend;
  runConformance('xla', () => started);
  runGradientConformance('xla', () => started);
} else if (process.env.TSMLX_REQUIRE_PJRT === '1') {
  describe('conformance: xla', () => {
    it('needs a PJRT plugin (TSMLX_REQUIRE_PJRT=1)', () => {
      throw new Error(`TSMLX_REQUIRE_PJRT=1 but the XLA backend did not start: ${reason}`);
    });
  });
} else {
  console.info(`[backend-xla conformance] skipped: ${reason.split('\n')[0]}`);
  describe.skip(`conformance: xla (skipped: ${reason.split('\n')[0]})`, () => {
    it('runs when a PJRT plugin is found', () => {});
  });
}
