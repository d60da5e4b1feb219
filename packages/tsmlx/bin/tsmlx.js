#!/usr/bin/env node
// The tsmlx command line (built into dist/ by `pnpm build`). From a clone without a build, run
// `node --conditions=@tsmlx/source --import tsx packages/tsmlx/src/cli.ts ...` instead.
import '../dist/cli.js';
