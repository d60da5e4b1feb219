// tsmlx: kernels through the Builder on the configured backend (TSMLX_BACKEND, default backend-simple);
// training and inference through Context + nn + optx (ctx.exec compiles one graph per step).
import '@tsmlx/backend-simple';
import { type Backend, type Buffer, Builder, getBackend, type OpAttrs, type Value } from '@tsmlx/backends';
import { Context } from '@tsmlx/context';
import { type Graph, type Node, reshape, Tensor } from '@tsmlx/graph';
import { convolution, dense, maxPooling, sparseCategoricalCrossEntropyLogits } from '@tsmlx/nn';
import { adam } from '@tsmlx/optx';
import { Shape } from '@tsmlx/shapes';
import { randomBatch, uniform } from '../workloads/data.js';
import { CNN, CONV, FMA_N, LEARNING_RATE, MATMUL_N, MLP, type WorkloadId } from '../workloads/spec.js';
import type { Peer, Runner, Unsupported } from './types.js';

function compiled(backend: Backend, dims: number[][], build: (b: Builder, params: Value[]) => Value): Runner {
  const b = new Builder('bench', backend);
  const shapes = dims.map((d) => new Shape('float32', d));
  const params = shapes.map((s) => b.parameter(s));
  const exe = b.compile([build(b, params)]);
  const inputs: Buffer[] = shapes.map((s, i) => backend.bufferFromHost(uniform(s.size, 100 + i), s));
  return () => {
    for (const out of exe.execute(inputs)) out.dispose();
  };
}

const MATMUL_ATTRS: OpAttrs['dotGeneral'] = {
  lhsBatchAxes: [],
  lhsContractingAxes: [1],
  rhsBatchAxes: [],
  rhsContractingAxes: [0],
};

const CONV_ATTRS: OpAttrs['convGeneral'] = {
  inputBatchAxis: 0,
  inputChannelsAxis: 3,
  inputSpatialAxes: [1, 2],
  kernelSpatialAxes: [0, 1],
  kernelInputChannelsAxis: 2,
  kernelOutputChannelsAxis: 3,
  outputBatchAxis: 0,
  outputChannelsAxis: 3,
  outputSpatialAxes: [1, 2],
  strides: [1, 1],
  padding: [
    [1, 1],
    [1, 1],
  ],
  inputDilations: [1, 1],
  kernelDilations: [1, 1],
  featureGroupCount: 1,
  batchGroupCount: 1,
};

function mlpLogits(ctx: Context, x: Node): Node {
  let h = x;
  MLP.hidden.forEach((size, i) => {
    h = dense(ctx.in(`dense${i}`), h, size, { activation: 'relu' });
  });
  return dense(ctx.in('logits'), h, MLP.classes);
}

function cnnLogits(ctx: Context, x: Node): Node {
  let h = x;
  CNN.channels.forEach((filters, i) => {
    h = convolution(ctx.in(`conv${i}`), h)
      .filters(filters)
      .kernelSize(3)
      .padding('same')
      .activation('relu')
      .done();
    h = maxPooling(h, { window: 2 });
  });
  h = reshape(h, [h.dims[0]!, -1]);
  h = dense(ctx.in('dense'), h, CNN.dense, { activation: 'relu' });
  return dense(ctx.in('logits'), h, CNN.classes);
}

/** A training step runner: one `ctx.exec` call (forward, gradient, Adam update, variables written back). */
function trainer(logits: (ctx: Context, x: Node) => Node, xDims: number[], backend: Backend): Runner {
  const ctx = new Context({ seed: 1 });
  const optimizer = adam({ learningRate: LEARNING_RATE });
  const step = ctx.exec(
    backend,
    (c: Context, g: Graph, x: Node, labels: Node) => {
      const loss = sparseCategoricalCrossEntropyLogits(labels, logits(c, x));
      optimizer.update(c, g, loss);
      return loss;
    },
    { training: true, withGraph: true },
  );
  const [batch, ...rest] = xDims;
  const data = randomBatch(
    batch!,
    rest.reduce((a, b) => a * b, 1),
    MLP.classes,
    7,
  );
  const x = Tensor.fromStorage(data.x, new Shape('float32', xDims));
  const labels = Tensor.fromStorage(data.labels, new Shape('int32', [batch!]));
  return () => {
    const loss = step.call(x, labels);
    loss.dataSync();
    loss.dispose();
  };
}

/** tsmlx on the backend named by `TSMLX_BACKEND` (default: backend-simple). */
export class TsmlxPeer implements Peer {
  readonly name = 'tsmlx';
  private backend!: Backend;

  describe(): string {
    return `tsmlx ${this.backend.description}`;
  }

  async setup(): Promise<void> {
    this.backend = getBackend();
  }

  async prepare(id: WorkloadId): Promise<Runner | Unsupported> {
    const backend = this.backend;
    const n = MATMUL_N;
    const { batch, size, cin, cout, k } = CONV;
    switch (id) {
      case 'matmul':
        return compiled(
          backend,
          [
            [n, n],
            [n, n],
          ],
          (b, [x, y]) => b.dotGeneral(x!, y!, MATMUL_ATTRS),
        );
      case 'conv2d':
        return compiled(
          backend,
          [
            [batch, size, size, cin],
            [k, k, cin, cout],
          ],
          (b, [x, w]) => b.convGeneral(x!, w!, CONV_ATTRS),
        );
      case 'fma':
        return compiled(backend, [[FMA_N], [FMA_N], [FMA_N]], (b, [x, y, z]) => b.add(b.mul(x!, y!), z!));
      case 'mlpTrain':
        return trainer(mlpLogits, [MLP.trainBatch, MLP.input], backend);
      case 'cnnTrain':
        return trainer(cnnLogits, [CNN.batch, CNN.size, CNN.size, 1], backend);
      case 'mlpInfer': {
        const ctx = new Context({ seed: 1 });
        const infer = ctx.exec(backend, (c: Context, x: Node) => mlpLogits(c, x));
        const x = Tensor.fromStorage(uniform(MLP.input, 5, 0, 1), new Shape('float32', [1, MLP.input]));
        return () => {
          const y = infer.call(x);
          y.dataSync();
          y.dispose();
        };
      }
    }
  }
}
