import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimpleBackend } from '@tsmlx/backend-simple';
import { Context, constant, zeros } from '@tsmlx/context';
import { add, type Graph, matMul, type Node } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyCheckpointToContext, checkpointDataFromContext } from './context.js';
import { loadCheckpoint, saveCheckpoint } from './node/context.js';

const backend = new SimpleBackend();
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsmlx-ctx-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** y = x·w + b with w, b in scope /dense, and a step counter at /global_step. */
function model(c: Context, x: Node): Node {
  const g: Graph = x.graph;
  const d = c.in('dense');
  const w = d.variable('w', new Shape('float32', [2, 1]), { initializer: constant(1) });
  const b = d.variable('b', new Shape('float32', [1, 1]), { initializer: zeros });
  const step = c.variable('global_step', new Shape('int64', []), { initializer: zeros, trainable: false });
  step.setValueIn(g, add(step.valueIn(g), 1n));
  return add(matMul(x, w.valueIn(g)), b.valueIn(g));
}

describe('Context checkpoints', () => {
  it('saves variables and params, and a new context resumes from them', async () => {
    const ctx = new Context({ seed: 1, params: { learning_rate: 0.05 } });
    ctx.in('dense').setParam('units', 1);
    const run = ctx.exec(backend, model);
    run.call([[1, 2]]);
    run.call([[1, 2]]);
    ctx.getVariable('/dense/w')!.setValue([[3], [-1]]);
    ctx.getVariable('/dense/b')!.setValue([[0.25]]);
    const entry = await saveCheckpoint(ctx, dir, { metadata: { epoch: 4 } });
    expect(entry.step).toBe(2); // read from /global_step

    // A fresh process: a new context, nothing created yet.
    const fresh = new Context({ seed: 99 });
    const loaded = (await loadCheckpoint(fresh, dir))!;
    expect(loaded.step).toBe(2);
    expect(loaded.metadata).toEqual({ epoch: 4 });
    expect(loaded.report.created).toEqual(['/dense/b', '/dense/w', '/global_step']);
    expect(loaded.report.restored).toEqual([]);
    expect(fresh.getParam('learning_rate')).toBe(0.05);
    expect(fresh.in('dense').getParam('units')).toBe(1);
    expect(fresh.getVariable('/global_step')!.trainable).toBe(false);
    // Building the model now reuses the loaded variables: their initializers never run.
    const resumed = fresh.exec(backend, model);
    expect(resumed.call([[1, 2]]).toArray()).toEqual([[1 * 3 + 2 * -1 + 0.25]]);
    expect(fresh.getVariable('/global_step')!.toArray()).toBe(3n);
  });

  it('restores into existing variables, checks shapes first, and can skip params', async () => {
    const ctx = new Context({ seed: 1, params: { lr: 1 } });
    ctx.exec(backend, model).call([[1, 1]]);
    await saveCheckpoint(ctx, dir, { step: 7 });
    ctx.getVariable('/dense/w')!.setValue([[9], [9]]);
    ctx.setParam('lr', 2);
    const extra = ctx.variableWithValue('extra', [1, 2, 3]);
    const r = (await loadCheckpoint(ctx, dir, { params: false }))!;
    expect(r.step).toBe(7);
    expect(r.report.restored).toEqual(['/dense/b', '/dense/w', '/global_step']);
    expect(r.report.notInCheckpoint).toEqual([extra.path]);
    expect(ctx.getVariable('/dense/w')!.toArray()).toEqual([[1], [1]]);
    expect(ctx.getParam('lr')).toBe(2);

    const other = new Context();
    other.in('dense').variableWithValue('w', [[5, 5, 5]]);
    const before = other.getVariable('/dense/w')!.toArray();
    await expect(loadCheckpoint(other, dir)).rejects.toThrow(
      /checkpoint variable \/dense\/w has shape \(float32\)\[2, 1\], the model's variable is \(float32\)\[1, 3\]/,
    );
    expect(other.getVariable('/dense/w')!.toArray()).toEqual(before);
    expect(other.getVariable('/dense/b')).toBeUndefined(); // nothing was created either
    expect(await loadCheckpoint(new Context(), join(dir, 'empty'))).toBeUndefined();
  });

  it('skips uninitialized variables and honours exclude', async () => {
    const ctx = new Context({ seed: 3 });
    ctx.variable('later', new Shape('float32', [2])); // never initialized
    ctx.variableWithValue('kept', [1, 2]);
    ctx.variableWithValue('dropped', [3]);
    const data = await checkpointDataFromContext(ctx, { exclude: (p) => p === '/dropped', params: false });
    expect(data.variables.map((v) => v.path)).toEqual(['/kept']);
    expect(data.step).toBe(0);
    const target = new Context();
    const report = applyCheckpointToContext(target, data);
    expect(report.created).toEqual(['/kept']);
    expect(target.getVariable('/kept')!.toArray()).toEqual([1, 2]);
  });
});
