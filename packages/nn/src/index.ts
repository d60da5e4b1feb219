/**
 * `@tsmlx/nn`: neural-network building blocks on top of `@tsmlx/graph` and `@tsmlx/context`. A model is a
 * plain function of a {@link @tsmlx/context#Context} and input nodes; layers create their variables in
 * the context's scope on first use and reuse them afterwards.
 *
 * - Layers: {@link dense}, {@link convolution}, pooling, {@link embedding}, {@link dropout},
 *   {@link batchNorm}, {@link layerNorm}, {@link rmsNorm}, {@link mlp}, {@link multiHeadAttention},
 *   {@link lstm}.
 * - Activations by name ({@link activation}) or as functions ({@link relu}, {@link gelu}, ...).
 * - Losses with weights and masks ({@link meanSquaredError}, {@link sparseCategoricalCrossEntropyLogits},
 *   ...) and regularizers ({@link regularizationLoss}).
 *
 * @packageDocumentation
 */

export {
  type ActivationFn,
  activation,
  activationFromContext,
  activationNames,
  elu,
  gelu,
  geluApprox,
  hardSigmoid,
  hardSwish,
  leakyRelu,
  mish,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softplus,
  softsign,
  swiglu,
  swish,
  tanh,
} from './activations.js';
export {
  type AttentionResult,
  MultiHeadAttentionBuilder,
  multiHeadAttention,
  selfAttention,
} from './attention.js';
export { ConvolutionBuilder, convolution } from './convolution.js';
export { type DenseOptions, dense } from './dense.js';
export { dropout } from './dropout.js';
export { type EmbeddingOptions, embedding } from './embedding.js';
export { LayerError } from './errors.js';
export {
  binaryCrossEntropy,
  binaryCrossEntropyLogits,
  categoricalCrossEntropy,
  categoricalCrossEntropyLogits,
  type ProbabilityLossOptions,
  sparseCategoricalCrossEntropyLogits,
} from './losses/classification.js';
export type { LossOptions, LossReduction } from './losses/reduce.js';
export { type HuberOptions, huber, meanAbsoluteError, meanSquaredError } from './losses/regression.js';
export { type LSTMOptions, type LSTMResult, lstm } from './lstm.js';
export { MLPBuilder, mlp } from './mlp.js';
export {
  type BatchNormOptions,
  batchNorm,
  type LayerNormOptions,
  layerNorm,
  type NormalizationKind,
  normalize,
  type RMSNormOptions,
  rmsNorm,
} from './normalization.js';
export { ParamKeys } from './params.js';
export {
  avgPooling,
  type GlobalPoolingOptions,
  globalAvgPooling,
  globalMaxPooling,
  globalSumPooling,
  maxPooling,
  type PoolingOptions,
  sumPooling,
} from './pooling.js';
export {
  addRegularizationLoss,
  combineRegularizers,
  l1Regularizer,
  l2Regularizer,
  type Regularizer,
  regularizationLoss,
  regularize,
  regularizerFromContext,
} from './regularizers.js';
export { type RotaryEmbeddingOptions, rotaryEmbedding } from './rope.js';
