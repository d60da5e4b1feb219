/**
 * Names of the hyperparameters the layers read from the context (`ctx.setParam(key, value)`, looked up
 * from the layer's scope up to the root). Explicit options passed to a layer take precedence.
 */
export const ParamKeys = {
  /** Activation of the MLP hidden layers (and of {@link activationFromContext}). Default `'relu'`. */
  activation: 'activation',
  /** Dropout rate of {@link dropout} when no rate is given, and of the MLP. Default 0. */
  dropoutRate: 'dropout_rate',
  /** Normalization of the MLP hidden layers: `'none'`, `'layer'`, `'batch'` or `'rms'`. Default `'none'`. */
  normalization: 'normalization',
  /** L1 regularization amount of the weights of dense, convolution, attention and LSTM layers. Default 0. */
  l1Regularization: 'l1_regularization',
  /** L2 regularization amount of the weights of dense, convolution, attention and LSTM layers. Default 0. */
  l2Regularization: 'l2_regularization',
  /** Momentum of the batch-norm moving averages. Default 0.99. */
  batchNormMomentum: 'batch_norm_momentum',
  /** Epsilon added to the batch-norm variance. Default 1e-3. */
  batchNormEpsilon: 'batch_norm_epsilon',
  /** Epsilon added to the layer-norm variance. Default 1e-5. */
  layerNormEpsilon: 'layer_norm_epsilon',
  /** Epsilon added to the RMS-norm mean square. Default 1e-6. */
  rmsNormEpsilon: 'rms_norm_epsilon',
  /** Hidden layer sizes of the MLP. Default `[]`. */
  mlpHiddenSizes: 'mlp_hidden_sizes',
  /** Whether the MLP adds residual connections between hidden layers of equal width. Default false. */
  mlpResidual: 'mlp_residual',
} as const;
