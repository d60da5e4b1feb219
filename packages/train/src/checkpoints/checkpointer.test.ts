import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor } from '@tsmlx/graph';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckpointData } from './manifest.js';
import { Checkpointer } from './node/checkpointer.js';
import { type CheckpointFileSystem, nodeFileSystem } from './node/fileSystem.js';
import type { CheckpointVariableInfo } from './node/list.js';
import { formatCheckpointVariables, listCheckpointVariables } from './node/list.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsmlx-ckpt-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function data(step: number, w = step): CheckpointData {
  return {
    variables: [
      { path: '/dense/w', value: Tensor.from([[w, w + 0.5]], { dtype: 'float32' }) },
      { path: '/global_step', value: Tensor.from(BigInt(step)), trainable: false },
    ],
    step,
    params: [
      { scope: '/', key: 'learning_rate', value: 0.01 },
      { scope: '/dense', key: 'layers', value: [64, 32] },
      { scope: '/', key: 'clip', value: Infinity },
      { scope: '/', key: 'act', value: 'relu' },
    ],
    metadata: { epoch: step / 10, tags: ['a'] },
  };
}

describe('Checkpointer', () => {
  it('saves and loads the latest checkpoint with everything in it', async () => {
    const ckpt = new Checkpointer({ dir });
    expect(await ckpt.load()).toBeUndefined();
    await ckpt.save(data(10));
    const e = await ckpt.save(data(20));
    expect(e.name).toBe('ckpt-n0000002-step-00000020');
    const loaded = (await ckpt.load())!;
    expect(loaded.entry.name).toBe(e.name);
    expect(loaded.step).toBe(20);
    expect(loaded.metadata).toEqual({ epoch: 2, tags: ['a'] });
    expect(loaded.params).toEqual(data(20).params);
    expect(loaded.variables.map((v) => [v.path, v.trainable, v.value.toArray()])).toEqual([
      ['/dense/w', true, [[20, 20.5]]],
      ['/global_step', false, 20n],
    ]);
    expect((await ckpt.load('ckpt-n0000001-step-00000010'))!.step).toBe(10);
    await expect(ckpt.load('nope')).rejects.toThrow(/no checkpoint "nope"/);
    // The manifest is readable JSON.
    const manifest = JSON.parse(await readFile(e.manifestPath, 'utf8'));
    expect(manifest).toMatchObject({
      format: 'tsmlx-checkpoint',
      step: 20,
      counter: 2,
      tensorsFile: `${e.name}.safetensors`,
    });
  });

  it('keeps the last N and backups forever', async () => {
    const ckpt = new Checkpointer({ dir, keep: 2 });
    await ckpt.save(data(1));
    await ckpt.save(data(2), { backup: true });
    await ckpt.save(data(3));
    await ckpt.save(data(4));
    expect((await ckpt.list()).map((e) => e.step)).toEqual([3, 4]);
    expect((await readdir(dir)).filter((f) => f.startsWith('ckpt-')).length).toBe(4);
    const backups = await ckpt.backups();
    expect(backups.map((e) => e.step)).toEqual([2]);
    const fromBackup = (await ckpt.load(backups[0]))!;
    expect(fromBackup.variables[0]!.value.toArray()).toEqual([[2, 2.5]]);
    await ckpt.backup();
    expect((await ckpt.backups()).map((e) => e.step)).toEqual([2, 4]);
    const all = new Checkpointer({ dir: join(dir, 'all'), keep: Infinity });
    for (let s = 0; s < 5; s++) await all.save(data(s));
    expect((await all.list()).length).toBe(5);
    expect(() => new Checkpointer({ dir, keep: 0 })).toThrow(/keep/);
    await expect(new Checkpointer({ dir: join(dir, 'none') }).backup()).rejects.toThrow(
      /no checkpoint to back up/,
    );
  });

  it('a failure between the two files leaves the previous checkpoint loadable', async () => {
    const failing: CheckpointFileSystem = {
      ...nodeFileSystem,
      async writeFileAtomic(path, bytes) {
        if (path.endsWith('.json')) throw new Error('simulated crash before the manifest');
        return nodeFileSystem.writeFileAtomic(path, bytes);
      },
    };
    await new Checkpointer({ dir }).save(data(5));
    await expect(new Checkpointer({ dir, fileSystem: failing }).save(data(6))).rejects.toThrow(
      /simulated crash/,
    );
    // The new tensors file exists, unpaired; it is ignored.
    expect((await readdir(dir)).filter((f) => f.endsWith('.safetensors')).length).toBe(2);
    const ckpt = new Checkpointer({ dir });
    expect((await ckpt.list()).map((e) => e.step)).toEqual([5]);
    expect((await ckpt.load())!.variables[0]!.value.toArray()).toEqual([[5, 5.5]]);
    // A crash inside a write leaves a temporary file: ignored too. The next save cleans both up.
    await writeFile(join(dir, '.tmp-ckpt-n0000003-step-00000007.json-abc'), '{"partial');
    expect((await ckpt.load())!.step).toBe(5);
    const next = await ckpt.save(data(7));
    expect(next.counter).toBe(3);
    expect((await readdir(dir)).sort()).toEqual([
      'ckpt-n0000001-step-00000005.json',
      'ckpt-n0000001-step-00000005.safetensors',
      'ckpt-n0000003-step-00000007.json',
      'ckpt-n0000003-step-00000007.safetensors',
    ]);
  });

  it('a failure while writing the tensors file leaves no trace but a temp file', async () => {
    const failing: CheckpointFileSystem = {
      ...nodeFileSystem,
      async writeFileAtomic(path, bytes) {
        // Write half the data under a temp name, then "crash".
        await writeFile(join(dir, `.tmp-${path.split('/').at(-1)}-x`), bytes.subarray(0, bytes.length >> 1));
        throw new Error('disk full');
      },
    };
    await new Checkpointer({ dir }).save(data(1));
    await expect(new Checkpointer({ dir, fileSystem: failing }).save(data(2))).rejects.toThrow(/disk full/);
    expect((await new Checkpointer({ dir }).load())!.step).toBe(1);
  });

  it('rejects corrupt or truncated files, naming them', async () => {
    const ckpt = new Checkpointer({ dir });
    const e = await ckpt.save(data(3));
    const original = await readFile(e.tensorsPath);
    await writeFile(e.tensorsPath, original.subarray(0, original.length - 3));
    await expect(ckpt.load()).rejects.toThrow(
      new RegExp(
        `${escapeRe(e.tensorsPath)}: ${original.length - 3} bytes, the manifest says ${original.length}`,
      ),
    );
    const flipped = Uint8Array.from(original);
    flipped[flipped.length - 1]! ^= 1;
    await writeFile(e.tensorsPath, flipped);
    await expect(ckpt.load()).rejects.toThrow(new RegExp(`${escapeRe(e.tensorsPath)}: SHA-256 differs`));
    await rm(e.tensorsPath);
    await expect(ckpt.load()).rejects.toThrow(
      new RegExp(`tensors file ${escapeRe(e.tensorsPath)}: cannot read it`),
    );
    await writeFile(e.tensorsPath, original);
    const manifest = await readFile(e.manifestPath, 'utf8');
    await writeFile(e.manifestPath, manifest.slice(0, 40));
    await expect(ckpt.load()).rejects.toThrow(
      new RegExp(`manifest ${escapeRe(e.manifestPath)}: not valid JSON`),
    );
    await writeFile(e.manifestPath, manifest.replace('"step": 3', '"step": -3'));
    await expect(ckpt.load()).rejects.toThrow(
      new RegExp(`manifest ${escapeRe(e.manifestPath)}: step must be a non-negative integer`),
    );
    await writeFile(e.manifestPath, manifest.replace('"/dense/w"', '"/dense/v"'));
    await expect(ckpt.load()).rejects.toThrow(/variable \/dense\/v \(float32\[1, 2\]\) is missing from/);
    await writeFile(e.manifestPath, manifest);
    expect((await ckpt.load())!.step).toBe(3);
  });

  it('lists variables from the header alone', async () => {
    const ckpt = new Checkpointer({ dir });
    const e = await ckpt.save(data(8));
    const expected: CheckpointVariableInfo[] = [
      { name: '/dense/w', dtype: 'float32', shape: [1, 2], size: 2, bytes: 8 },
      { name: '/global_step', dtype: 'int64', shape: [], size: 1, bytes: 8 },
    ];
    expect(await listCheckpointVariables(dir)).toEqual(expected);
    expect(await listCheckpointVariables(e.manifestPath)).toEqual(expected);
    expect(await listCheckpointVariables(e.tensorsPath)).toEqual(expected);
    expect(formatCheckpointVariables(expected)).toBe(
      [
        'variable      dtype    shape   size',
        '/dense/w      float32  [1, 2]     2',
        '/global_step  int64    []         1',
        '2 variables, 3 elements',
      ].join('\n'),
    );
    const bytes = await readFile(e.tensorsPath);
    await writeFile(e.tensorsPath, bytes.subarray(0, 20));
    await expect(listCheckpointVariables(e.tensorsPath)).rejects.toThrow(
      new RegExp(`safetensors file ${escapeRe(e.tensorsPath)}:`),
    );
    await expect(listCheckpointVariables(join(dir, 'empty'))).rejects.toThrow();
  });
});
