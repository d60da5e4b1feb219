import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

// Two entries sharing one chunk of the library (splitting), so `@tsmlx/graph/conformance` and
// `@tsmlx/graph` use the same Node, Graph and VJP registry.
export default defineConfig(
  packageBuild({
    entry: { index: 'src/index.ts', conformance: 'src/conformance/index.ts' },
    external: ['vitest'],
    splitting: true,
  }),
);
