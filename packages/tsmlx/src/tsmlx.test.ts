import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Context } from '@tsmlx/context';
import { Tensor } from '@tsmlx/graph';
import { saveCheckpoint } from '@tsmlx/train/node';
import { afterAll, describe, expect, it } from 'vitest';
import { valueStats } from './cli/checkpoints.js';
import { buildProgram } from './cli/program.js';
import * as tsmlx from './node.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'tsmlx-cli-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<string> {
  const out: string[] = [];
  await buildProgram({ log: (l) => void out.push(l), exitOverride: true }).parseAsync([
    'node',
    'tsmlx',
    ...args,
  ]);
  return out.join('\n');
}

describe('tsmlx umbrella', () => {
  it('re-exports the packages (namespaced where names clash) and registers the default backends', () => {
    expect(typeof tsmlx.add).toBe('function');
    expect(typeof tsmlx.Tensor).toBe('function');
    expect(tsmlx.Context).toBe(Context);
    expect(typeof tsmlx.nn.dense).toBe('function');
    expect(typeof tsmlx.nn.relu).toBe('function');
    expect(typeof tsmlx.context.zeros).toBe('function'); // the initializer; tsmlx.zeros is the op
    expect(typeof tsmlx.optx.adam).toBe('function');
    expect(typeof tsmlx.train.Trainer).toBe('function');
    expect(typeof tsmlx.ui.attachProgressBar).toBe('function');
    expect(tsmlx.listBackends().map((b) => b.name)).toEqual(['xla', 'simple']);
    expect(tsmlx.getBackend('simple').name).toBe('simple');
  });
});

describe('tsmlx CLI', () => {
  it('lists backends', async () => {
    expect(await cli('backends')).toMatch(/^xla\tpriority 20.*\nsimple\tpriority 10/s);
  });

  it('inspects a checkpoint: variables with dtype, shape and hand-checked stats', async () => {
    const dir = await tempDir();
    const ctx = new Context({ seed: 1, params: { learning_rate: 0.01 } });
    ctx.variableWithValue('w', Tensor.from(new Float32Array([1, 2, 3, 6]), { shape: [2, 2] }));
    ctx.variableWithValue('global_step', Tensor.from(new BigInt64Array([7n]), { shape: [] }));
    await saveCheckpoint(ctx, dir);
    const text = await cli('checkpoints', dir);
    // w: mean 3, population std sqrt(((−2)² + (−1)² + 0 + 3²)/4) = sqrt(3.5) ≈ 1.871, min 1, max 6.
    expect(text).toMatch(/step 7/);
    expect(text).toMatch(/learning_rate=0\.01/);
    expect(text).toMatch(/\/w\s+float32\s+\[2, 2\]\s+4\s+3\.000\s+1\.871\s+1\.000\s+6\.000/);
    expect(text).toMatch(/2 variables, 5 elements/);
    expect(await cli('checkpoints', dir, '--no-stats')).not.toMatch(/mean/);
    const json = JSON.parse(await cli('checkpoints', dir, '--json'));
    expect(json.variables.map((v: { name: string }) => v.name)).toEqual(['/global_step', '/w']);
  });

  it('computes value statistics in float64 and counts non-finite values', () => {
    const s = valueStats(Tensor.from(new Float64Array([1, Number.NaN, 3, Number.POSITIVE_INFINITY])))!;
    expect(s).toEqual({ mean: 2, std: 1, min: 1, max: 3, nonFinite: 2 });
    expect(valueStats(Tensor.from(new Float32Array(0)))).toBeUndefined();
  });

  it('trains the linear example', async () => {
    const out = await cli(
      'train',
      'linear',
      '--epochs',
      '3',
      '--backend',
      'simple',
      '--no-progress',
      '--no-plots',
    );
    expect(out).toMatch(/true weights \[.*\nlearned {6}\[/);
  });

  it('rejects unknown tasks and bad numbers', async () => {
    await expect(cli('train', 'imagenet')).rejects.toThrow(
      /unknown task "imagenet"; known tasks: mnist, linear/,
    );
    await expect(cli('train', 'mnist', '--epochs', 'two')).rejects.toThrow(/--epochs must be an integer/);
    await expect(cli('train', 'linear', '--model', 'cnn', '--backend', 'simple')).rejects.toThrow(
      /no --model/,
    );
  });
});
