import { defineConfig } from 'vitest/config';

// One vitest run covers every package. Workspace packages resolve to their TypeScript sources through
// the "@tsmlx/source" export condition, so tests never depend on a previous build.
export default defineConfig({
  resolve: { conditions: ['@tsmlx/source'] },
  ssr: { resolve: { conditions: ['@tsmlx/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'threads',
  },
});
