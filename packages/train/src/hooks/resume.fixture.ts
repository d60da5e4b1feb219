// A small deterministic training run used by checkpoints.test.ts: in the test process and, to check that a
// resumed run is bit-identical, in a new Node process:
//   node --conditions=@tsmlx/source --import tsx packages/train/src/hooks/resume.fixture.ts <dir> <step>
import { pathToFileURL } from 'node:url';
import { SimpleBackend } from '@tsmlx/backend-simple';
import { Context } from '@tsmlx/context';
import { Tensor } from '@tsmlx/graph';
import { dense, dropout, sparseCategoricalCrossEntropyLogits } from '@tsmlx/nn';
import { adam } from '@tsmlx/optx';
import { Checkpointer } from '../checkpoints/node/checkpointer.js';
import { inMemoryDataset } from '../data/inMemory.js';
import { Loop } from '../loop/loop.js';
import { movingAverageSparseCategoricalAccuracy } from '../metrics/accuracy.js';
import { Trainer } from '../trainer/trainer.js';
import { attachCheckpoints } from './checkpoints.js';

/** 40 points in 2-D, class = quadrant (0..3), from a fixed linear congruential sequence. */
function data(): { x: Float32Array; y: Int32Array } {
  const n = 40;
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  let s = 12345;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31 - 0.5;
  };
  for (let i = 0; i < n; i++) {
    const a = next();
    const b = next();
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = (a > 0 ? 1 : 0) + (b > 0 ? 2 : 0);
  }
  return { x, y };
}

/**
 * Trains an MLP with dropout (so the RNG state matters) with Adam on shuffled batches of 8, resuming from the
 * latest checkpoint in `dir` (fast-forwarding the dataset), up to global step `target`, then saves.
 */
export async function runTraining(dir: string, target: number): Promise<void> {
  const backend = new SimpleBackend();
  const ctx = new Context({ seed: 42 });
  const { x, y } = data();
  const ds = inMemoryDataset(
    { inputs: [Tensor.from(x, { shape: [40, 2] })], labels: [Tensor.from(y)] },
    { batchSize: 8, shuffle: true, seed: 3 },
  );
  const trainer = new Trainer(
    backend,
    ctx,
    (c, [input]) => {
      const h = dropout(c, dense(c.in('hidden'), input!, 16, { activation: 'relu' }), 0.25);
      return dense(c.in('out'), h, 4);
    },
    ([labels], [logits]) => sparseCategoricalCrossEntropyLogits(labels!, logits!),
    adam({ learningRate: 0.01 }),
    { trainMetrics: [movingAverageSparseCategoricalAccuracy()] },
  );
  const loop = new Loop(trainer);
  attachCheckpoints(loop, new Checkpointer({ dir, keep: 2 }), { everySteps: 4, metadata: () => ({}) });
  await loop.runToGlobalStep(ds, target, { fastForward: true });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, target] = process.argv.slice(2);
  await runTraining(dir!, Number(target));
}
