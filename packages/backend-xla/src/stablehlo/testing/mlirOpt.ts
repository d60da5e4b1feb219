import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// Runs mlir-opt-19 (Debian mlir-19-tools) over many modules in one process to check they parse and verify
// as generic MLIR (undefined values, def/use type mismatches, literal syntax, func.return types).

/** A module to check. */
export interface NamedModule {
  /** Shown in error reports. */
  readonly name: string;
  /** The module text. */
  readonly text: string;
}

/** Path of mlir-opt-19: `$MLIR_OPT`, else `/usr/bin/mlir-opt-19` or `mlir-opt-19` on the PATH; undefined if absent. */
export function findMlirOpt(): string | undefined {
  const candidates = [process.env.MLIR_OPT, '/usr/bin/mlir-opt-19', 'mlir-opt-19'].filter(
    (c): c is string => !!c,
  );
  for (const c of candidates) {
    if (c.includes('/') ? existsSync(c) : spawnSync(c, ['--version']).status === 0) return c;
  }
  return undefined;
}

/** Message shown when mlir-opt-19 is missing. */
export const MISSING_MLIR_OPT =
  'mlir-opt-19 not found: install Debian/Ubuntu package mlir-19-tools (see .ci/apt-packages), set MLIR_OPT to ' +
  'its path, or set TSMLX_SKIP_MLIR_OPT=1 to skip the StableHLO parse checks';

function run(tool: string, modules: readonly NamedModule[]): { ok: boolean; stderr: string } {
  const input = modules.map((m) => `// module: ${m.name}\n${m.text}`).join('\n// -----\n');
  const result = spawnSync(
    tool,
    ['--allow-unregistered-dialect', '--split-input-file', '-o', '/dev/null', '-'],
    {
      input,
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    },
  );
  return { ok: result.status === 0, stderr: result.stderr ?? String(result.error) };
}

/**
 * Parses all modules with one mlir-opt process; on failure re-runs them one by one and returns one report per
 * failing module (its name, mlir-opt's diagnostics). Empty when all parse.
 */
export function mlirOptFailures(tool: string, modules: readonly NamedModule[]): string[] {
  if (modules.length === 0 || run(tool, modules).ok) return [];
  const failures: string[] = [];
  for (const m of modules) {
    const r = run(tool, [m]);
    if (!r.ok) failures.push(`${m.name}:\n${r.stderr}`);
  }
  return failures.length ? failures : ['mlir-opt failed on the batch but on no single module'];
}
