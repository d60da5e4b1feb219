import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../../../scripts/gen-ops.js';

describe('generated sources', () => {
  it('are up to date with the op table (run `pnpm gen` after changing it)', () => {
    const root = join(__dirname, '..', '..', '..');
    for (const [path, content] of generatedFiles()) {
      expect(readFileSync(join(root, path), 'utf8'), `${path} is stale: run pnpm gen`).toBe(content);
    }
  });
});
