import { convert, type Node, scalar } from '@tsmlx/graph';

/**
 * A learning-rate schedule: from the global step (an int64 scalar node, 0 on the first training step) to
 * the learning rate (a float32 scalar node), built inside the training graph.
 */
export type Schedule = (step: Node) => Node;

/** A learning rate: a fixed number or a {@link Schedule}. */
export type LearningRate = number | Schedule;

/** The step as a float32 scalar. @internal */
export function stepAsFloat(step: Node): Node {
  return convert(step, 'float32');
}

/** A float32 scalar constant in the step's graph. @internal */
export function f32(step: Node, value: number): Node {
  return scalar(step.graph, value, 'float32');
}

/** The learning rate at `step` as a float32 scalar node. */
export function learningRateAt(lr: LearningRate, step: Node): Node {
  if (typeof lr === 'number') return f32(step, lr);
  const value = lr(step);
  if (value.rank !== 0 || value.dtype !== 'float32') {
    throw new Error(`a learning-rate schedule must return a float32 scalar, got ${value.shape}`);
  }
  return value;
}
