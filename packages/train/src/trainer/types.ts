import type { Context } from '@tsmlx/context';
import type { Graph, Node } from '@tsmlx/graph';

/**
 * The model: from the context (variables, hyperparameters, `ctx.isTraining(g)`) and the batch's input nodes to
 * the predictions (one node or several).
 */
export type ModelFn = (ctx: Context, inputs: readonly Node[], g: Graph) => Node | readonly Node[];

/**
 * The loss: from the batch's labels and the model's predictions to a float scalar. The trainer adds the
 * regularization terms the layers registered (`nn.regularizationLoss`) before differentiating.
 *
 * @example
 * ```ts
 * const loss: LossFn = ([labels], [logits]) => sparseCategoricalCrossEntropyLogits(labels!, logits!);
 * ```
 */
export type LossFn = (labels: readonly Node[], predictions: readonly Node[]) => Node;

/** Metric values of one step or one evaluation, by metric short name (e.g. `{ loss: 0.31, '~loss': 0.35, acc: 0.91 }`). */
export type StepMetrics = Record<string, number>;
