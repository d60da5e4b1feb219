import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The package must stay importable in browsers: nothing reachable from src/index.ts may import a Node
// module statically (or through a literal dynamic import a bundler would follow). Worker threads reach
// `node:worker_threads` only through `process.getBuiltinModule` or a non-literal dynamic import.

const src = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodeModules = new Set(builtinModules);

function specifiers(code: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) found.push(m[1]!);
  return found;
}

function isNode(specifier: string): boolean {
  return specifier.startsWith('node:') || nodeModules.has(specifier.split('/')[0]!);
}

describe('browser safety of the module graph', () => {
  it('no module reachable from src/index.ts imports a Node module', () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const queue = [join(src, 'index.ts')];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      // The worker script is a string: its `require("node:worker_threads")` runs only inside a worker.
      const code = readFileSync(file, 'utf8').replace(/WORKER_SOURCE = `[\s\S]*?`;/, '');
      for (const s of specifiers(code)) {
        if (isNode(s)) offenders.push(`${file.slice(src.length + 1)} imports ${s}`);
        else if (s.startsWith('.')) queue.push(join(dirname(file), s.replace(/\.js$/, '.ts')));
      }
    }
    expect(seen.has(join(src, 'threads', 'spawn.ts'))).toBe(true);
    expect(offenders).toEqual([]);
  });
});
