import { describe, expect, it } from 'vitest';
import { emitStableHLO } from './index.js';
import { goldenPrograms } from './testing/goldens.js';
import { findMlirOpt, MISSING_MLIR_OPT, mlirOptFailures, type NamedModule } from './testing/mlirOpt.js';
import { randomProgram } from './testing/randomPrograms.js';

// Every golden program and a few hundred random programs must parse and verify with mlir-opt-19 in generic
// form (undefined values, def/use type mismatches, literal syntax, func.return types).

const RANDOM_COUNT = 400;
const SEED = 20261;
const skip = process.env.TSMLX_SKIP_MLIR_OPT === '1';
const tool = findMlirOpt();
if (skip)
  console.warn(
    `StableHLO mlir-opt checks skipped: TSMLX_SKIP_MLIR_OPT=1 (${tool ? 'tool present' : MISSING_MLIR_OPT})`,
  );

describe.skipIf(skip)('mlir-opt-19 parses the emitted StableHLO', () => {
  it('finds mlir-opt-19', () => {
    expect(tool, MISSING_MLIR_OPT).toBeDefined();
  });

  it('parses every golden program', () => {
    if (!tool) throw new Error(MISSING_MLIR_OPT);
    const modules: NamedModule[] = [...goldenPrograms()].map(([name, p]) => ({
      name,
      text: emitStableHLO(p),
    }));
    expect(mlirOptFailures(tool, modules)).toEqual([]);
  });

  it(`parses ${RANDOM_COUNT} random programs`, () => {
    if (!tool) throw new Error(MISSING_MLIR_OPT);
    const modules: NamedModule[] = [];
    for (let i = 0; i < RANDOM_COUNT; i++) {
      modules.push({ name: `random_${i}`, text: emitStableHLO(randomProgram(SEED, i)) });
    }
    expect(mlirOptFailures(tool, modules)).toEqual([]);
  });

  it('rejects a broken module (the check is live)', () => {
    if (!tool) throw new Error(MISSING_MLIR_OPT);
    const text = emitStableHLO(goldenPrograms().get('add')!).replace('%arg1)', '%arg7)');
    expect(mlirOptFailures(tool, [{ name: 'broken', text }])).toHaveLength(1);
  });
});
