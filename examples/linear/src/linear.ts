import { join } from 'node:path';
import { type Backend, getBackend } from '@tsmlx/backends';
import '@tsmlx/backend-simple';
import { Context } from '@tsmlx/context';
import { Tensor } from '@tsmlx/graph';
import { dense, meanSquaredError } from '@tsmlx/nn';
import { optimizerFromContext } from '@tsmlx/optx';
import { inMemoryDataset, Loop, Trainer } from '@tsmlx/train';
import { attachPlots, attachProgressBar, type ProgressOptions } from '@tsmlx/ui';

/** Options of {@link trainLinear}. */
export interface LinearOptions {
  /** Number of input features. Default 4. */
  features?: number;
  /** Number of examples. Default 1024. */
  examples?: number;
  /** Standard deviation of the Gaussian noise added to the targets. Default 0.05. */
  noise?: number;
  /** Epochs. Default 10. */
  epochs?: number;
  /** Batch size. Default 32. */
  batchSize?: number;
  /** A backend or its config string. Default: `TSMLX_BACKEND`, else the best registered. */
  backend?: Backend | string;
  /** Hyperparameters (`"learning_rate=0.05;optimizer=sgd"`). Defaults: SGD, learning rate 0.1. */
  params?: string;
  /** Seed of the data and the model. Default 7. */
  seed?: number;
  /** Directory for the training plot (`<out>/training.html`). Default: none. */
  out?: string;
  /** Show progress. Default true. */
  progress?: boolean | ProgressOptions;
  /** Where messages go. Default `console.log`. */
  log?: (line: string) => void;
}

/** What {@link trainLinear} reports. */
export interface LinearResult {
  /** The weights used to make the data. */
  trueWeights: number[];
  /** The bias used to make the data. */
  trueBias: number;
  /** The learned weights. */
  weights: number[];
  /** The learned bias. */
  bias: number;
  /** Mean squared error on the data at the end. */
  mse: number;
  /** Training steps run. */
  steps: number;
  /** The plot file, when written. */
  plotFile?: string;
}

/** A small seeded generator (mulberry32) for the synthetic data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Linear regression, as GoMLX's `linear` example: makes data `y = x·w + b + noise` with random true `w` and `b`,
 * trains a dense layer (one output) with SGD on the mean squared error, and reads the learned weights back.
 */
export async function trainLinear(options: LinearOptions = {}): Promise<LinearResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const features = options.features ?? 4;
  const n = options.examples ?? 1024;
  const seed = options.seed ?? 7;
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const trueWeights = Array.from({ length: features }, () => Math.round((rand() * 4 - 2) * 100) / 100);
  const trueBias = Math.round((rand() * 2 - 1) * 100) / 100;
  const x = new Float32Array(n * features);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = trueBias;
    for (let j = 0; j < features; j++) {
      const v = rand() * 2 - 1;
      x[i * features + j] = v;
      s += v * trueWeights[j]!;
    }
    y[i] = s + (options.noise ?? 0.05) * gauss();
  }
  const data = inMemoryDataset(
    { inputs: [Tensor.from(x, { shape: [n, features] })], labels: [Tensor.from(y, { shape: [n, 1] })] },
    { batchSize: options.batchSize ?? 32, shuffle: true, seed },
  );

  const backend = typeof options.backend === 'object' ? options.backend : getBackend(options.backend);
  const ctx = new Context({ seed, params: { optimizer: 'sgd', learning_rate: 0.1 } });
  if (options.params) ctx.setParams(options.params);
  const trainer = new Trainer(
    backend,
    ctx,
    (c, [input]) => dense(c.in('linear'), input!, 1),
    ([labels], [predictions]) => meanSquaredError(labels!, predictions!),
    optimizerFromContext(ctx),
  );
  const loop = new Loop(trainer);
  if (options.progress !== false)
    attachProgressBar(loop, typeof options.progress === 'object' ? options.progress : {});
  const plotFile = options.out ? join(options.out, 'training.html') : undefined;
  if (plotFile)
    attachPlots(loop, { file: plotFile, title: 'Linear regression', evalDatasets: { data }, evalPoints: 10 });
  await loop.runEpochs(data, options.epochs ?? 10);

  const weights = (ctx.getVariable('/linear/weights')!.toArray() as number[][]).map((row) => row[0]!);
  const bias = (ctx.getVariable('/linear/biases')!.toArray() as number[])[0]!;
  const mse = (await trainer.eval(data))['#loss']!;
  const fmt = (v: readonly number[]) => `[${v.map((w) => w.toFixed(3)).join(', ')}]`;
  log(`true weights ${fmt(trueWeights)}, bias ${trueBias.toFixed(3)}`);
  log(`learned      ${fmt(weights)}, bias ${bias.toFixed(3)}; mse ${mse.toExponential(3)}`);
  if (plotFile) log(`plot: ${plotFile}`);
  trainer.dispose();
  return { trueWeights, trueBias, weights, bias, mse, steps: loop.stepsDone, ...(plotFile && { plotFile }) };
}
