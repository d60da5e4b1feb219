import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

// Two entries sharing one chunk: `@tsmlx/train` (platform-neutral: runs in Node and browsers) and
// `@tsmlx/train/node` (file-system code: IDX/CSV file readers, the Checkpointer).
export default defineConfig(
  packageBuild({
    entry: { index: 'src/index.ts', node: 'src/node.ts' },
    splitting: true,
  }),
);
