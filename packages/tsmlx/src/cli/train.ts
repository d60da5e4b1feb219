import { getBackend } from '@tsmlx/backends';

/** Options of `tsmlx train` (from the command line). */
export interface TrainCommandOptions {
  /** Model name (mnist: linear, mlp, cnn). */
  model?: string;
  /** Epochs. */
  epochs?: number;
  /** Train to this global step instead of epochs (mnist). */
  steps?: number;
  /** Batch size. */
  batchSize?: number;
  /** Backend config string. */
  backend?: string;
  /** Hyperparameters (`"learning_rate=0.001;optimizer=adam"`). */
  set?: string;
  /** Output directory. */
  out?: string;
  /** Seed. */
  seed?: number;
  /** Use the first N training examples (mnist). */
  trainLimit?: number;
  /** Use the first N test examples (mnist). */
  testLimit?: number;
  /** Checkpoint every N steps (mnist). */
  checkpointEvery?: number;
  /** Resume from the latest checkpoint in the output directory. */
  resume?: boolean;
  /** Show progress. */
  progress?: boolean;
  /** Write the training plot. */
  plots?: boolean;
  /** Save checkpoints. */
  checkpoints?: boolean;
  /** Print the result as JSON. */
  json?: boolean;
}

/** Tasks `tsmlx train` knows, with the package that runs each (the repository's examples). */
export const TRAIN_TASKS: Record<string, { pkg: string; description: string }> = {
  mnist: { pkg: '@tsmlx/example-mnist', description: 'MNIST digits: --model linear | mlp | cnn' },
  linear: { pkg: '@tsmlx/example-linear', description: 'linear regression on synthetic data' },
};

async function importTask(task: string): Promise<Record<string, unknown>> {
  const known = TRAIN_TASKS[task];
  if (!known) {
    throw new Error(`unknown task "${task}"; known tasks: ${Object.keys(TRAIN_TASKS).join(', ')}`);
  }
  try {
    return (await import(known.pkg)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `task "${task}" needs the package ${known.pkg} (the repository's examples/ folder; run tsmlx from a clone ` +
        `after "pnpm install"): ${(error as Error).message}`,
    );
  }
}

type Log = (line: string) => void;

/** Runs `tsmlx train <task>`; returns the task's result. */
export async function runTrain(
  task: string,
  o: TrainCommandOptions,
  log: Log = console.log,
): Promise<Record<string, unknown>> {
  const mod = await importTask(task);
  // Resolve the backend first, so a bad --backend fails before any data is read.
  const backend = getBackend(o.backend);
  const common = {
    backend,
    ...(o.set && { params: o.set }),
    ...(o.seed !== undefined && { seed: o.seed }),
    ...(o.epochs !== undefined && { epochs: o.epochs }),
    ...(o.batchSize !== undefined && { batchSize: o.batchSize }),
    progress: o.progress !== false,
    log,
  };
  if (task === 'mnist') {
    const model = o.model ?? 'mlp';
    const trainMnist = mod.trainMnist as (options: object) => Promise<Record<string, unknown>>;
    const r = await trainMnist({
      ...common,
      model,
      out: o.out ?? `runs/mnist-${model}`,
      ...(o.steps !== undefined && { steps: o.steps }),
      ...(o.trainLimit !== undefined && { trainLimit: o.trainLimit }),
      ...(o.testLimit !== undefined && { testLimit: o.testLimit }),
      ...(o.checkpointEvery !== undefined && { checkpointEvery: o.checkpointEvery }),
      resume: o.resume !== false,
      plots: o.plots !== false,
      checkpoints: o.checkpoints !== false,
    });
    const acc = (r.testAccuracy as number) * 100;
    log(
      `MNIST ${model}: test accuracy ${acc.toFixed(2)}% (loss ${(r.testLoss as number).toFixed(4)}) at step ${r.globalStep}; ` +
        `${r.steps} steps in ${(r.trainSeconds as number).toFixed(1)} s (${(r.stepsPerSecond as number).toFixed(1)} steps/s) on ${r.backend}`,
    );
    return r;
  }
  if (o.model !== undefined) throw new Error(`task "${task}" has no --model option`);
  const trainLinear = mod.trainLinear as (options: object) => Promise<Record<string, unknown>>;
  return trainLinear({ ...common, ...(o.plots !== false && { out: o.out ?? 'runs/linear' }) });
}
