import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SimpleBackend } from '@tsmlx/backend-simple';
import { Context } from '@tsmlx/context';
import { Tensor } from '@tsmlx/graph';
import { dense, meanSquaredError } from '@tsmlx/nn';
import { sgd } from '@tsmlx/optx';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckpointData } from '../checkpoints/manifest.js';
import { Checkpointer } from '../checkpoints/node/checkpointer.js';
import { inMemoryDataset } from '../data/inMemory.js';
import { Loop } from '../loop/loop.js';
import { Trainer } from '../trainer/trainer.js';
import { attachCheckpoints, type CheckpointStore } from './checkpoints.js';
import { runTraining } from './resume.fixture.js';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(here, '../../../..');
const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'tsmlx-ckpt-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function bytesOf(t: Tensor): Uint8Array {
  const data = t.dataSync() as unknown as ArrayBufferView;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

describe('checkpoint hook', () => {
  it('saves every N steps and at the end, and resumes from the latest (in memory store)', async () => {
    const saved: CheckpointData[] = [];
    const store: CheckpointStore = {
      save: async (d) => void saved.push(d),
      load: async () => saved.at(-1),
    };
    const make = () => {
      const ctx = new Context({ seed: 1 });
      const trainer = new Trainer(
        new SimpleBackend(),
        ctx,
        (c, [x]) => dense(c.in('d'), x!, 1),
        ([y], [p]) => meanSquaredError(y!, p!),
        sgd(),
      );
      const loop = new Loop(trainer);
      attachCheckpoints(loop, store, { everySteps: 3 });
      return { ctx, loop };
    };
    const x = Tensor.from(new Float32Array([1, 2, 3, 4]), { shape: [4, 1] });
    const ds = inMemoryDataset({ inputs: [x], labels: [x] }, { batchSize: 2 });
    const a = make();
    await a.loop.runSteps(ds, 7);
    expect(saved.map((d) => d.step)).toEqual([3, 6, 7]);
    const b = make();
    await b.loop.runSteps(ds, 2); // loads step 7 at start, then 2 more
    expect(b.loop.startStep).toBe(7);
    expect(saved.map((d) => d.step)).toEqual([3, 6, 7, 9]);
    expect(b.ctx.getVariable('/global_step')!.toArray()).toBe(9n);
  });

  it('N steps straight equal N/2 + save + load in a new process + N/2, bit for bit', async () => {
    const straight = await tempDir();
    const resumed = await tempDir();
    await runTraining(straight, 14);
    await runTraining(resumed, 7);
    expect((await new Checkpointer({ dir: resumed }).latest())!.step).toBe(7);
    const script = join(here, 'resume.fixture.ts');
    await run(process.execPath, ['--conditions=@tsmlx/source', '--import', 'tsx', script, resumed, '14'], {
      cwd: repoRoot,
    });
    const a = (await new Checkpointer({ dir: straight }).load())!;
    const b = (await new Checkpointer({ dir: resumed }).load())!;
    expect(a.step).toBe(14);
    expect(b.step).toBe(14);
    const paths = a.variables.map((v) => v.path);
    expect(b.variables.map((v) => v.path)).toEqual(paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/global_step', '/rng_state', '/hidden/weights', '/out/biases']),
    );
    expect(paths.some((p) => p.startsWith('/optimizer/adam/'))).toBe(true);
    for (let i = 0; i < paths.length; i++) {
      const va = a.variables[i]!.value;
      const vb = b.variables[i]!.value;
      expect(vb.shape.equals(va.shape), paths[i]).toBe(true);
      expect(Buffer.from(bytesOf(vb)).equals(Buffer.from(bytesOf(va))), `variable ${paths[i]}`).toBe(true);
    }
    // And the training did something: the resumed half changed the weights after step 7.
    const mid = await new Checkpointer({ dir: straight }).list();
    expect(mid.map((e) => e.step)).toEqual([12, 14]);
  }, 60_000);
});
