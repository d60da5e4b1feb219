import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { supportMatrixFiles } from './gen-support-matrix.js';

describe('generated docs', () => {
  it('the support matrix is up to date (run `pnpm gen`)', () => {
    for (const [path, content] of supportMatrixFiles()) {
      expect(readFileSync(join(__dirname, '..', path), 'utf8'), `${path} is stale: run pnpm gen`).toBe(
        content,
      );
    }
  });
});
