import type { Backend } from '@tsmlx/backends';
import type { Context, ContextExec } from '@tsmlx/context';
import type { Graph, Node, Tensor } from '@tsmlx/graph';
import { add, convert } from '@tsmlx/graph';
import { regularizationLoss } from '@tsmlx/nn';
import { type Optimizer, readGlobalStep } from '@tsmlx/optx';
import { type Batch, type Dataset, disposeBatch } from '../data/types.js';
import { batchLoss, meanLoss, movingAverageLoss } from '../metrics/loss.js';
import type { Metric, MetricInputs } from '../metrics/metric.js';
import type { LossFn, ModelFn, StepMetrics } from './types.js';

/** Scope of the train metrics' state variables. */
export const TRAIN_METRICS_SCOPE = '/metrics/train';
/** Scope of the eval metrics' state variables. */
export const EVAL_METRICS_SCOPE = '/metrics/eval';

/** Options of a {@link Trainer}. */
export interface TrainerOptions {
  /**
   * Metrics computed in the train graph and reported after each step, besides the batch loss (`loss`) and its
   * moving average (`~loss`), which are always there.
   */
  trainMetrics?: readonly Metric[];
  /** Metrics computed in the eval graph and reported by {@link Trainer.eval}, besides the mean loss (`#loss`). */
  evalMetrics?: readonly Metric[];
  /** Most compiled graphs kept per kind (train, eval), one per tuple of batch shapes. Default 32. */
  cacheSize?: number;
}

type Outputs = Record<string, Node>;

function checkMetrics(list: readonly Metric[], where: string): void {
  const short = new Set<string>();
  const scopes = new Set<string>();
  for (const m of list) {
    if (short.has(m.shortName))
      throw new Error(`Trainer: two ${where} metrics have the short name "${m.shortName}"`);
    if (scopes.has(m.scopeName))
      throw new Error(`Trainer: two ${where} metrics have the scope name "${m.scopeName}"`);
    short.add(m.shortName);
    scopes.add(m.scopeName);
  }
}

function asList(predictions: Node | readonly Node[]): readonly Node[] {
  return Array.isArray(predictions) ? (predictions as readonly Node[]) : [predictions as Node];
}

/**
 * Trains and evaluates a model, as GoMLX's `train.Trainer`. For each tuple of batch shapes it builds and
 * compiles one train graph (a training graph: `ctx.isTraining(g)` is true) that runs the model, the loss
 * (plus `nn.regularizationLoss`), the optimizer's update and the train metrics, and one eval graph (not training)
 * that runs the model, the loss and the eval metrics. Variables (weights, optimizer state, global step, RNG
 * state, metric state) live in the context.
 *
 * @example
 * ```ts
 * const trainer = new Trainer(backend, ctx, (c, [x]) => dense(c.in('out'), x!, 10), ([y], [logits]) =>
 *   sparseCategoricalCrossEntropyLogits(y!, logits!), adam(), { evalMetrics: [sparseCategoricalAccuracy()] });
 * const m = await trainer.trainStep(batch); // { loss, '~loss' }
 * const e = await trainer.eval(testData);    // { '#loss', acc }
 * ```
 */
export class Trainer {
  /** Backend the graphs run on. */
  readonly backend: Backend;
  /** The model's context. */
  readonly context: Context;
  /** The model. */
  readonly modelFn: ModelFn;
  /** The loss. */
  readonly lossFn: LossFn;
  /** The optimizer. */
  readonly optimizer: Optimizer;
  /** Metrics reported after each train step (`loss` and `~loss` first). */
  readonly trainMetrics: readonly Metric[];
  /** Metrics reported by {@link Trainer.eval} (`#loss` first). */
  readonly evalMetrics: readonly Metric[];
  private readonly cacheSize: number;
  private readonly trainExecs = new Map<number, ContextExec<Outputs>>();
  private readonly evalExecs = new Map<number, ContextExec<Outputs>>();

  /** See the class docs; `options` adds metrics (see {@link TrainerOptions}). */
  constructor(
    backend: Backend,
    ctx: Context,
    modelFn: ModelFn,
    lossFn: LossFn,
    optimizer: Optimizer,
    options: TrainerOptions = {},
  ) {
    if (typeof modelFn !== 'function')
      throw new TypeError('Trainer: modelFn must be a function (ctx, inputs, g) => predictions');
    if (typeof lossFn !== 'function')
      throw new TypeError('Trainer: lossFn must be a function (labels, predictions) => loss');
    if (!optimizer || typeof optimizer.update !== 'function')
      throw new TypeError('Trainer: optimizer must have an update(ctx, g, loss) method');
    this.backend = backend;
    this.context = ctx;
    this.modelFn = modelFn;
    this.lossFn = lossFn;
    this.optimizer = optimizer;
    this.trainMetrics = [batchLoss(), movingAverageLoss(), ...(options.trainMetrics ?? [])];
    this.evalMetrics = [meanLoss(), ...(options.evalMetrics ?? [])];
    checkMetrics(this.trainMetrics, 'train');
    checkMetrics(this.evalMetrics, 'eval');
    this.cacheSize = options.cacheSize ?? 32;
  }

  /** The global step: training steps done so far (the `/global_step` variable, 0 before the first). */
  get globalStep(): number {
    return readGlobalStep(this.context);
  }

  /**
   * Runs one training step on `batch` (compiling the train graph for its shapes on first use) and returns the
   * train metrics. The batch's tensors stay the caller's.
   */
  async trainStep(batch: Batch): Promise<StepMetrics> {
    const exec = this.execFor(this.trainExecs, batch, true);
    return readMetrics(exec.call(...batch.inputs, ...batch.labels));
  }

  /**
   * Runs the eval graph on one batch: updates the eval metrics' state and returns their values so far (reset
   * them with {@link Trainer.resetEvalMetrics}). The batch's tensors stay the caller's.
   */
  async evalStep(batch: Batch): Promise<StepMetrics> {
    const exec = this.execFor(this.evalExecs, batch, false);
    return readMetrics(exec.call(...batch.inputs, ...batch.labels));
  }

  /** Sets the eval metrics' state back to zero. */
  resetEvalMetrics(): void {
    for (const m of this.evalMetrics) m.reset(this.context.at(`${EVAL_METRICS_SCOPE}/${m.scopeName}`));
  }

  /** Sets the train metrics' state (moving averages) back to zero. */
  resetTrainMetrics(): void {
    for (const m of this.trainMetrics) m.reset(this.context.at(`${TRAIN_METRICS_SCOPE}/${m.scopeName}`));
  }

  /**
   * Evaluates the model on one pass of `dataset` (which must end: not an endless dataset): resets the eval
   * metrics, runs {@link Trainer.evalStep} on every batch (disposing them) and returns the final values.
   *
   * @throws Error when the dataset yields no batch.
   */
  async eval(dataset: Dataset): Promise<StepMetrics> {
    this.resetEvalMetrics();
    let last: StepMetrics | undefined;
    for await (const batch of dataset) {
      try {
        last = await this.evalStep(batch);
      } finally {
        disposeBatch(batch);
      }
    }
    if (!last) throw new Error(`Trainer.eval: dataset ${dataset.name} yielded no batch`);
    return last;
  }

  /** Frees the compiled graphs (later steps compile again). */
  dispose(): void {
    for (const e of [...this.trainExecs.values(), ...this.evalExecs.values()]) e.dispose();
    this.trainExecs.clear();
    this.evalExecs.clear();
  }

  private execFor(
    cache: Map<number, ContextExec<Outputs>>,
    batch: Batch,
    training: boolean,
  ): ContextExec<Outputs> {
    if (!batch || !Array.isArray(batch.inputs) || !Array.isArray(batch.labels)) {
      throw new TypeError('Trainer: a batch is { inputs: Tensor[], labels: Tensor[] }');
    }
    const nInputs = batch.inputs.length;
    let exec = cache.get(nInputs);
    if (!exec) {
      const fn = (ctx: Context, g: Graph, ...nodes: Node[]) =>
        this.buildStep(ctx, g, nodes.slice(0, nInputs), nodes.slice(nInputs), training);
      exec = this.context.exec<Outputs>(this.backend, fn, {
        training,
        withGraph: true,
        name: training ? 'train_step' : 'eval_step',
        cacheSize: this.cacheSize,
      });
      cache.set(nInputs, exec);
    }
    return exec;
  }

  private buildStep(ctx: Context, g: Graph, inputs: Node[], labels: Node[], training: boolean): Outputs {
    const predictions = asList(this.modelFn(ctx, inputs, g));
    if (predictions.length === 0) throw new Error('Trainer: the model returned no predictions');
    const loss = this.lossFn(labels, predictions);
    if (loss.rank !== 0) throw new Error(`Trainer: the loss must be a scalar, got ${loss.shape}`);
    const metricInputs: MetricInputs = { inputs, labels, predictions, loss };
    const metrics = training ? this.trainMetrics : this.evalMetrics;
    const scope = training ? TRAIN_METRICS_SCOPE : EVAL_METRICS_SCOPE;
    // Metrics read the step's values before the update (the update only writes variables).
    const outputs: Outputs = {};
    for (const m of metrics)
      outputs[m.shortName] = m.update(ctx.at(`${scope}/${m.scopeName}`), g, metricInputs);
    if (training) {
      const total = add(loss, regularizationLoss(ctx, g, loss.dtype));
      this.optimizer.update(ctx, g, total);
    }
    for (const k of Object.keys(outputs)) {
      const v = outputs[k]!;
      if (v.rank !== 0) throw new Error(`Trainer: metric "${k}" must return a scalar, got ${v.shape}`);
      if (v.dtype !== 'float64') outputs[k] = convert(v, 'float64');
    }
    return outputs;
  }
}

async function readMetrics(tensors: Record<string, Tensor>): Promise<StepMetrics> {
  const out: StepMetrics = {};
  try {
    for (const [k, t] of Object.entries(tensors)) out[k] = Number((await t.data())[0]);
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
  return out;
}
