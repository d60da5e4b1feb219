import type { Program } from '@tsmlx/backends';
import { mlpTrainStep } from './mlp.js';
import { opPrograms } from './opPrograms.js';

/** Every program with a golden file: one or more per op, plus the MLP training step. */
export function goldenPrograms(): Map<string, Program> {
  const all = opPrograms();
  all.set('mlp_train_step', mlpTrainStep());
  return all;
}
