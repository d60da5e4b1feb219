import { listBackends } from '@tsmlx/backends';
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatCheckpointSummary, summarizeCheckpoint } from './checkpoints.js';
import { runTrain, TRAIN_TASKS, type TrainCommandOptions } from './train.js';

function integer(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
    return n;
  };
}

/** Where the CLI writes (for tests). */
export interface CliIO {
  /** Normal output. */
  log: (line: string) => void;
  /** Throw instead of exiting the process on errors (for tests). */
  exitOverride?: boolean;
}

/**
 * The `tsmlx` command line:
 * - `tsmlx train mnist --model mlp --epochs 2 --batch-size 128 --backend simple --set "learning_rate=0.001" --out runs/mnist`
 * - `tsmlx train linear`
 * - `tsmlx checkpoints <dir|file>`: a checkpoint's variables (name, dtype, shape, size, mean, std, min, max)
 * - `tsmlx backends`: the registered backends.
 */
export function buildProgram(io: CliIO = { log: (l) => console.log(l) }): Command {
  const program = new Command('tsmlx')
    .description('tsmlx: train and inspect machine-learning models in TypeScript')
    .showHelpAfterError()
    .configureOutput({
      writeOut: (s) => io.log(s.trimEnd()),
      ...(io.exitOverride && { writeErr: () => {} }),
    });
  if (io.exitOverride) program.exitOverride();

  program
    .command('train')
    .description(
      `train a model: ${Object.entries(TRAIN_TASKS)
        .map(([k, v]) => `${k} (${v.description})`)
        .join('; ')}`,
    )
    .argument('<task>', `what to train: ${Object.keys(TRAIN_TASKS).join(' | ')}`)
    .option('-m, --model <name>', 'model (mnist: linear, mlp, cnn; default mlp)')
    .option(
      '-e, --epochs <n>',
      'epochs to train (default: 2 for mnist, 10 for linear)',
      integer('--epochs', 0),
    )
    .option('--steps <n>', 'train up to this global step instead of --epochs (mnist)', integer('--steps', 0))
    .option(
      '-b, --batch-size <n>',
      'examples per batch (default: 128 for mnist, 32 for linear)',
      integer('--batch-size', 1),
    )
    .option(
      '--backend <config>',
      'backend: simple, simple:threads=2, xla:cuda, ... (default: TSMLX_BACKEND, else the best registered)',
    )
    .option('--set <params>', 'hyperparameters, e.g. "learning_rate=0.001;optimizer=adam;dropout_rate=0.1"')
    .option(
      '-o, --out <dir>',
      'output directory for checkpoints and the training plot (default runs/<task>-<model>)',
    )
    .option('--seed <n>', 'random seed (default 42)', integer('--seed', 0))
    .option(
      '--train-limit <n>',
      'use only the first N training examples (mnist)',
      integer('--train-limit', 1),
    )
    .option('--test-limit <n>', 'use only the first N test examples (mnist)', integer('--test-limit', 1))
    .option(
      '--checkpoint-every <n>',
      'save a checkpoint every N steps (mnist; default 500)',
      integer('--checkpoint-every', 1),
    )
    .option('--no-resume', 'start over instead of resuming from the latest checkpoint in --out')
    .option('--no-progress', 'no progress bar')
    .option('--no-plots', 'no training plot')
    .option('--no-checkpoints', 'no checkpoints')
    .addOption(new Option('--json', 'print the result as JSON'))
    .action(async (task: string, options: TrainCommandOptions) => {
      const result = await runTrain(task, options, io.log);
      if (options.json) io.log(JSON.stringify({ task, ...result, lastTrainMetrics: undefined }, null, 2));
    });

  program
    .command('checkpoints')
    .description("list a checkpoint's variables: name, dtype, shape, size and value statistics")
    .argument('<path>', 'checkpoint directory (its latest checkpoint), .json manifest or .safetensors file')
    .option('--no-stats', 'skip the value statistics')
    .option('--json', 'print JSON')
    .action(async (path: string, options: { stats: boolean; json?: boolean }) => {
      const summary = await summarizeCheckpoint(path);
      io.log(
        options.json ? JSON.stringify(summary, null, 2) : formatCheckpointSummary(summary, options.stats),
      );
    });

  program
    .command('backends')
    .description('list the registered backends (highest priority first)')
    .action(() => {
      for (const b of listBackends())
        io.log(
          `${b.name}\tpriority ${b.priority}${b.aliases.length ? `\taliases ${b.aliases.join(', ')}` : ''}`,
        );
    });

  return program;
}
