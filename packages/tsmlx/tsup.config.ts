import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

// `tsmlx` (platform-neutral) and `tsmlx/node` as ESM + CJS; the CLI (`dist/cli.js`, started by `bin/tsmlx.js`)
// as ESM only. The examples the CLI runs are loaded at run time (optional, private packages).
const external = ['@tsmlx/example-mnist', '@tsmlx/example-linear'];
export default defineConfig([
  // No code splitting: esbuild drops `export *` of external packages from entries that share a chunk.
  packageBuild({ entry: { index: 'src/index.ts', node: 'src/node.ts' }, external }),
  packageBuild({ entry: { cli: 'src/cli.ts' }, format: ['esm'], dts: false, clean: false, external }),
]);
