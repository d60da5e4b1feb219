import { Tensor } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import { generatorDataset } from '../data/base.js';
import { inMemoryDataset } from '../data/inMemory.js';
import { everyNSeconds, everyNSteps, nTimesDuringLoop } from '../hooks/schedule.js';
import type { Trainer } from '../trainer/trainer.js';
import { Loop } from './loop.js';

/** A trainer stand-in: records the id (first input element) of every batch and counts the global step. */
function fakeTrainer(start = 0) {
  const state = { step: start, seen: [] as number[] };
  const trainer = {
    get globalStep() {
      return state.step;
    },
    async trainStep(batch: { inputs: Tensor[] }) {
      state.seen.push(Number(batch.inputs[0]!.dataSync()[0]));
      state.step++;
      return { loss: 1 / state.step };
    },
  } as unknown as Trainer;
  return { trainer, state };
}

/** Examples 0..n-1, shuffled per epoch, batch size 1: each batch's id is its example. */
const ids = (n: number, shuffle = true) =>
  inMemoryDataset(
    { inputs: [Float32Array.from({ length: n }, (_, i) => i)] },
    { batchSize: 1, shuffle, seed: 5 },
  );

describe('Loop', () => {
  it('runs steps across passes, counting epochs', async () => {
    const { trainer, state } = fakeTrainer();
    const loop = new Loop(trainer);
    const m = await loop.runSteps(ids(4, false), 10);
    expect(state.seen).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1]);
    expect(m).toEqual({ loss: 1 / 10 });
    expect(loop.globalStep).toBe(10);
    expect(loop.epoch).toBe(2);
    expect(loop.stepsPerEpoch).toBe(4);
  });

  it('runs epochs of a dataset whose size it learns from the first pass', async () => {
    const { trainer, state } = fakeTrainer();
    const ds = generatorDataset('gen', function* (epoch) {
      for (let i = 0; i < 3; i++) yield { inputs: [Tensor.from([epoch * 10 + i])], labels: [] };
    });
    const loop = new Loop(trainer);
    const ends: Array<number | undefined> = [];
    loop.onStep('probe', (l) => {
      ends.push(l.endStep);
    });
    await loop.runEpochs(ds, 2);
    expect(state.seen).toEqual([0, 1, 2, 10, 11, 12]);
    expect(ends).toEqual([undefined, undefined, undefined, 6, 6, 6]);
    // The next run starts a new epoch (the dataset was not advanced past the two used).
    await loop.runEpochs(ds, 1);
    expect(state.seen.slice(6)).toEqual([20, 21, 22]);
  });

  it('resumes from the global step: runToGlobalStep runs only what is missing', async () => {
    const { trainer, state } = fakeTrainer(7);
    const loop = new Loop(trainer);
    await loop.runToGlobalStep(ids(5, false), 10);
    expect(state.seen).toEqual([0, 1, 2]);
    expect(loop.startStep).toBe(7);
    await loop.runToGlobalStep(ids(5, false), 9);
    expect(state.seen).toHaveLength(3);
  });

  it('fast-forwards a resumed run to the batches an uninterrupted run would see', async () => {
    const straight = fakeTrainer();
    await new Loop(straight.trainer).runSteps(ids(6), 15);
    const first = fakeTrainer();
    await new Loop(first.trainer).runSteps(ids(6), 8);
    // A new process: fresh dataset object, trainer restored at step 8.
    const resumed = fakeTrainer(8);
    const loop = new Loop(resumed.trainer);
    await loop.runToGlobalStep(ids(6), 15, { fastForward: true });
    expect([...first.state.seen, ...resumed.state.seen]).toEqual(straight.state.seen);
    expect(loop.epoch).toBe(2);
    // runEpochs with fastForward ends where the uninterrupted epochs end.
    const e = fakeTrainer(8);
    await new Loop(e.trainer).runEpochs(ids(6), 2, { fastForward: true });
    expect(e.state.step).toBe(12);
    expect(e.state.seen).toEqual(straight.state.seen.slice(8, 12));
  });

  it('runs hooks by priority (lower first), ties in insertion order; same name replaces', async () => {
    const { trainer } = fakeTrainer();
    const loop = new Loop(trainer);
    const calls: string[] = [];
    loop.onStep('b', () => void calls.push('b'), 5);
    loop.onStep('a', () => void calls.push('a'), 5);
    loop.onStep(
      'first',
      async () => {
        await new Promise((r) => setTimeout(r, 1));
        calls.push('first');
      },
      -1,
    );
    loop.onStep('z', () => void calls.push('z-old'), 10);
    loop.onStep('z', () => void calls.push('z'), 0);
    loop.onStart('s', (l) => void calls.push(`start@${l.globalStep}`));
    loop.onEnd('e', (l, m) => void calls.push(`end@${l.globalStep}:${m.loss}`));
    expect(loop.hookNames().step).toEqual(['first', 'z', 'b', 'a']);
    await loop.runSteps(ids(3), 2);
    expect(calls).toEqual(['start@0', 'first', 'z', 'b', 'a', 'first', 'z', 'b', 'a', 'end@2:0.5']);
    expect(loop.removeHook('z')).toBe(true);
    expect(loop.hookNames().step).toEqual(['first', 'b', 'a']);
  });

  it('names the hook in errors and stops the run', async () => {
    const { trainer, state } = fakeTrainer();
    const loop = new Loop(trainer);
    loop.onStep('boom', (l) => {
      if (l.globalStep === 2) throw new Error('bad');
    });
    await expect(loop.runSteps(ids(3), 5)).rejects.toThrow('hook "boom": bad');
    expect(state.step).toBe(2);
    expect(loop.running).toBe(false);
  });
});

describe('scheduling helpers', () => {
  it('everyNSteps fires on global-step multiples (also after a resume) and optionally at the end', async () => {
    const { trainer } = fakeTrainer(3);
    const loop = new Loop(trainer);
    const at: number[] = [];
    everyNSteps(loop, 4, 'every4', (l) => void at.push(l.globalStep), { atEnd: true });
    await loop.runSteps(ids(5), 10); // steps 4..13
    expect(at).toEqual([4, 8, 12, 13]);
    at.length = 0;
    await loop.runSteps(ids(5), 3); // 14..16: 16 is a multiple, so no extra call at the end
    expect(at).toEqual([16]);
  });

  it('everyNSeconds fires when the (fake) clock has advanced enough', async () => {
    const { trainer } = fakeTrainer();
    const loop = new Loop(trainer);
    let t = 0;
    const at: number[] = [];
    loop.onStep(
      'tick',
      () => {
        t += 400; // each step takes 0.4 s
      },
      -1,
    );
    everyNSeconds(loop, 1, 'sec', (l) => void at.push(l.globalStep), { clock: () => t, atEnd: true });
    await loop.runSteps(ids(4), 8);
    // Calls when ≥ 1000 ms since the last: t = 1200 (step 3), 2400 (step 6); end at step 8.
    expect(at).toEqual([3, 6, 8]);
  });

  it('nTimesDuringLoop spreads n calls over the run, the last at its end', async () => {
    const { trainer } = fakeTrainer();
    const loop = new Loop(trainer);
    const at: number[] = [];
    nTimesDuringLoop(loop, 3, 'three', (l) => void at.push(l.globalStep));
    await loop.runSteps(ids(4), 10); // ceil(10/3)=4, ceil(20/3)=7, 10
    expect(at).toEqual([4, 7, 10]);
    at.length = 0;
    await loop.runSteps(ids(4), 2); // n > steps: fires at 11 (twice due) and 12
    expect(at).toEqual([11, 12]);
    // Unknown length (epochs of a generator dataset): counting starts after the first epoch.
    at.length = 0;
    const ds = generatorDataset('gen', function* () {
      for (let i = 0; i < 2; i++) yield { inputs: [Tensor.from([i])], labels: [] };
    });
    // Steps 13..18; the total (6) is known once the first pass ends, i.e. from step 15 on: thresholds 2, 4, 6
    // are checked from then (the first, due at step 14, runs at 15).
    await loop.runEpochs(ds, 3);
    expect(at).toEqual([15, 16, 18]);
  });
});
