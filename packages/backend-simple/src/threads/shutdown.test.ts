import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { threadSupport } from './spawn.js';

// A process that used a multi-threaded backend must exit on its own, whether or not it disposed the
// backend (workers are unref'd, and terminated on the last dispose).

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function script(dispose: boolean): string {
  return `
import { SimpleBackend } from ${JSON.stringify(join(packageDir, 'src', 'index.ts'))};
import { Builder } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
const backend = new SimpleBackend({ threads: 2 });
const b = new Builder('mm', backend);
const s = new Shape('float32', [256, 256]);
const x = b.parameter(s);
const exe = b.compile([b.dotGeneral(x, x, { lhsBatchAxes: [], lhsContractingAxes: [1], rhsBatchAxes: [], rhsContractingAxes: [0] })]);
const buf = backend.bufferFromHost(new Float32Array(256 * 256).fill(1), s);
await new Promise((resolve) => setTimeout(resolve, 200));
const out = exe.execute([buf])[0];
console.log('result', out.toHostSync()[0], 'threads', backend.threads);
${dispose ? 'backend.dispose();' : ''}
`;
}

function run(dispose: boolean) {
  return spawnSync(
    process.execPath,
    ['--conditions=@tsmlx/source', '--import', 'tsx', '--input-type=module', '-e', script(dispose)],
    { cwd: packageDir, encoding: 'utf8', timeout: 60_000 },
  );
}

describe.skipIf(threadSupport() !== 'sync')('worker shutdown', () => {
  it('a process exits without disposing its multi-threaded backend', () => {
    const child = run(false);
    expect(child.error).toBeUndefined(); // no timeout
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('result 256 threads 2');
    expect(child.status).toBe(0);
  }, 70_000);

  it('a process exits after disposing it', () => {
    const child = run(true);
    expect(child.error).toBeUndefined();
    expect(child.stdout.trim()).toBe('result 256 threads 2');
    expect(child.status).toBe(0);
  }, 70_000);
});
