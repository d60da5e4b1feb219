import { isFloat } from '@tsmlx/dtypes';
import type { Node } from '@tsmlx/graph';
import { nnError } from '../errors.js';

/** @internal Checks float predictions and labels of the same shape. */
export function sameShape(op: string, labels: Node, predictions: Node): void {
  if (!isFloat(predictions.dtype)) {
    throw nnError(op, `predictions ${predictions.shape} must have a float dtype`);
  }
  if (labels.dtype !== predictions.dtype) {
    throw nnError(
      op,
      `labels ${labels.shape} and predictions ${predictions.shape} must have the same dtype; convert the labels with convert(labels, '${predictions.dtype}')`,
    );
  }
  if (!labels.shape.equals(predictions.shape)) {
    throw nnError(op, `labels ${labels.shape} and predictions ${predictions.shape} must have the same dims`);
  }
}

/** @internal Checks class predictions (rank ≥ 1, classes on the last axis). */
export function classAxis(op: string, predictions: Node): void {
  if (predictions.rank < 1) {
    throw nnError(op, `predictions ${predictions.shape} must have rank ≥ 1 (classes on the last axis)`);
  }
}
