import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OP_NAMES, type OpName, opsUsed } from '@tsmlx/backends';
import { describe, expect, it } from 'vitest';
import { emitStableHLO, XLA_CAPABLE_OPS } from './index.js';
import { goldenPrograms } from './testing/goldens.js';

// Golden StableHLO text per op and for an MLP training step. The files are reviewed expectations: after an
// intended change, regenerate with UPDATE_GOLDEN=1 and review the diff.

const GOLDEN_DIR = fileURLToPath(new URL('../../testdata/golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const programs = goldenPrograms();

describe('StableHLO goldens', () => {
  if (UPDATE) mkdirSync(GOLDEN_DIR, { recursive: true });
  for (const [name, program] of programs) {
    it(`${name}.mlir`, () => {
      const text = emitStableHLO(program);
      const path = `${GOLDEN_DIR}${name}.mlir`;
      if (UPDATE) writeFileSync(path, text);
      expect(existsSync(path), `missing golden ${path}; run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(text).toBe(readFileSync(path, 'utf8'));
    });
  }

  it('has no stale golden files', () => {
    const stale = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.mlir') && !programs.has(f.slice(0, -5)));
    expect(stale).toEqual([]);
  });

  it('covers every op of the op table, and XLA_CAPABLE_OPS is exactly the op table', () => {
    const used = new Set<OpName>();
    for (const p of programs.values()) opsUsed(p, used);
    used.add('parameter');
    expect(OP_NAMES.filter((op) => !used.has(op))).toEqual([]);
    expect([...XLA_CAPABLE_OPS].sort()).toEqual([...OP_NAMES].sort());
  });

  it('emits the same text twice (deterministic) and sanitizes the module name', () => {
    const p = programs.get('add')!;
    expect(emitStableHLO(p)).toBe(emitStableHLO(p));
    expect(emitStableHLO(p, { moduleName: '9 bad/name' })).toMatch(/^module @_9_bad_name \{/);
  });

  it('uses the requested dot precision', () => {
    const text = emitStableHLO(programs.get('dotGeneral')!, { precision: 'DEFAULT' });
    expect(text).toContain(
      'precision_config = [#stablehlo<precision DEFAULT>, #stablehlo<precision DEFAULT>]',
    );
  });
});
