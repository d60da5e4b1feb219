import type { Context } from '@tsmlx/context';
import { div, type Node, reshape, sub } from '@tsmlx/graph';
import { convolution, dense, dropout, maxPooling } from '@tsmlx/nn';
import type { ModelFn } from '@tsmlx/train';

/** Names of the MNIST models. */
export const MNIST_MODELS = ['linear', 'mlp', 'cnn'] as const;
/** One of {@link MNIST_MODELS}. */
export type MnistModelName = (typeof MNIST_MODELS)[number];

/** Mean and standard deviation of the MNIST training pixels (in [0, 1]). */
export const MNIST_MEAN = 0.1307;
/** See {@link MNIST_MEAN}. */
export const MNIST_STD = 0.3081;

/** Standardizes pixels to mean 0 and variance 1 over the training set, unless `normalize_inputs=false`. */
function normalized(ctx: Context, images: Node): Node {
  if (!ctx.getParamBoolean('normalize_inputs', true)) return images;
  return div(sub(images, MNIST_MEAN), MNIST_STD);
}

function flat(images: Node): Node {
  return reshape(images, [images.dims[0]!, images.shape.size / images.dims[0]!]);
}

/** Linear model: 784 pixels → 10 logits. */
export const linearModel: ModelFn = (ctx, [images]) =>
  dense(ctx.in('dense'), flat(normalized(ctx, images!)), 10);

/**
 * MLP: 784 → 512 → 512 → 10 with ReLU. Hyperparameters: `mlp_hidden` (list of sizes, default `[512, 512]`) and
 * `dropout_rate` (default 0).
 */
export const mlpModel: ModelFn = (ctx, [images]) => {
  const hidden = ctx.getParamList('mlp_hidden', [512, 512]);
  let x = flat(normalized(ctx, images!));
  hidden.forEach((units, i) => {
    x = dense(ctx.in(`hidden_${i}`), x, units, { activation: 'relu' });
    x = dropout(ctx, x);
  });
  return dense(ctx.in('logits'), x, 10);
};

/**
 * CNN: conv 3×3 (32) → max-pool 2 → conv 3×3 (64) → max-pool 2 → dense 128 → 10, ReLU, 'valid' padding
 * (28 → 26 → 13 → 11 → 5). Hyperparameter `dropout_rate` (default 0) applies before the last layer.
 */
export const cnnModel: ModelFn = (ctx: Context, [images]) => {
  let x = convolution(ctx.in('conv_0'), normalized(ctx, images!))
    .filters(32)
    .kernelSize(3)
    .activation('relu')
    .done();
  x = maxPooling(x, { window: 2 });
  x = convolution(ctx.in('conv_1'), x).filters(64).kernelSize(3).activation('relu').done();
  x = maxPooling(x, { window: 2 });
  x = dense(ctx.in('dense'), flat(x), 128, { activation: 'relu' });
  x = dropout(ctx, x);
  return dense(ctx.in('logits'), x, 10);
};

/** The model function of a name in {@link MNIST_MODELS}. */
export function mnistModel(name: string): ModelFn {
  switch (name) {
    case 'linear':
      return linearModel;
    case 'mlp':
      return mlpModel;
    case 'cnn':
      return cnnModel;
    default:
      throw new Error(`unknown MNIST model "${name}"; choose one of ${MNIST_MODELS.join(', ')}`);
  }
}
