import type { Options } from 'tsup';

/** The tsup settings every tsmlx package builds with: ESM + CJS + declarations, ES2022, sourcemaps. */
export function packageBuild(overrides: Options = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    treeshake: true,
    splitting: false,
    ...overrides,
  };
}
