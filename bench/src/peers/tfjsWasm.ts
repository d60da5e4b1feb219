// TensorFlow.js 4.22 on tfjs-backend-wasm (XNNPACK, SIMD), 1 thread or N threads (see shims/tfjsWasmThreads.ts),
// or on tfjs-backend-cpu (plain JS kernels) for the comparison the training issue asks for.
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { cnnParams, mlpParams, oneHot, randomBatch, uniform } from '../workloads/data.js';
import { CNN, CONV, FMA_N, LEARNING_RATE, MATMUL_N, MLP, type WorkloadId } from '../workloads/spec.js';
import { installTfjsWasmThreadShims, withReportedCores } from './shims/tfjsWasmThreads.js';
import type { Peer, Runner, Unsupported } from './types.js';

type Dense = { w: tf.Variable; b: tf.Variable };

function denseVars(): Dense[] {
  return mlpParams().map((p) => ({
    w: tf.variable(tf.tensor2d(p.w, [p.in, p.out])),
    b: tf.variable(tf.tensor1d(p.b)),
  }));
}

function mlpForward(layers: Dense[], x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  layers.forEach((l, i) => {
    h = tf.add(tf.matMul(h, l.w as tf.Tensor2D), l.b);
    if (i < layers.length - 1) h = tf.relu(h);
  });
  return h;
}

/** A training step: forward, softmax cross-entropy, gradients and Adam (optimizer.minimize), loss read back. */
function trainStep(forward: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, labels: Int32Array): Runner {
  const y = tf.tensor2d(oneHot(labels, MLP.classes), [labels.length, MLP.classes]);
  const optimizer = tf.train.adam(LEARNING_RATE, 0.9, 0.999, 1e-7);
  return () => {
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, forward(x)) as tf.Scalar, true);
    loss?.dataSync();
    loss?.dispose();
  };
}

function cnnForward(): (x: tf.Tensor) => tf.Tensor {
  const p = cnnParams();
  const convs = p.convs.map((c) => ({
    w: tf.variable(tf.tensor4d(c.w, [3, 3, c.cin, c.cout])),
    b: tf.variable(tf.tensor1d(c.b)),
  }));
  const dense = p.dense.map((d) => ({
    w: tf.variable(tf.tensor2d(d.w, [d.in, d.out])),
    b: tf.variable(tf.tensor1d(d.b)),
  }));
  return (x) => {
    let h = x as tf.Tensor4D;
    for (const c of convs) {
      h = tf.relu(tf.add(tf.conv2d(h, c.w as tf.Tensor4D, 1, 'same'), c.b)) as tf.Tensor4D;
      h = tf.maxPool(h, 2, 2, 'valid');
    }
    let f = tf.reshape(h, [x.shape[0]!, -1]) as tf.Tensor2D;
    f = tf.relu(tf.add(tf.matMul(f, dense[0]!.w as tf.Tensor2D), dense[0]!.b)) as tf.Tensor2D;
    return tf.add(tf.matMul(f, dense[1]!.w as tf.Tensor2D), dense[1]!.b);
  };
}

/** tfjs-backend-wasm with `threads` XNNPACK threads, or tfjs-backend-cpu when `backend` is `'cpu'`. */
export class TfjsWasmPeer implements Peer {
  readonly name: string;
  private readonly threads: number;
  private readonly backend: 'wasm' | 'cpu';

  /**
   * @param threads - XNNPACK threads; above 1 the threaded-SIMD build is forced on (Node shims).
   * @param backend - `'wasm'` (default) or `'cpu'` (tfjs-backend-cpu, single-threaded JS).
   */
  constructor(threads: number, backend: 'wasm' | 'cpu' = 'wasm') {
    this.threads = threads;
    this.backend = backend;
    this.name = backend === 'cpu' ? 'tfjs-cpu' : `tfjs-wasm ${threads}t`;
  }

  describe(): string {
    if (this.backend === 'cpu') return `tfjs ${tf.version.tfjs} tfjs-backend-cpu`;
    return `tfjs ${tf.version.tfjs} tfjs-backend-wasm ${wasm.version_wasm}: ${wasm.getThreadsCount()} thread(s)`;
  }

  async setup(): Promise<void> {
    if (this.backend === 'cpu') {
      await tf.setBackend('cpu');
      await tf.ready();
      if (tf.getBackend() !== 'cpu') throw new Error('tfjs-backend-cpu failed to initialize');
      return;
    }
    if (this.threads > 1) {
      installTfjsWasmThreadShims();
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    }
    wasm.setThreadsCount(this.threads);
    const ok = await withReportedCores(this.threads, () => tf.setBackend('wasm'));
    await tf.ready();
    if (!ok || tf.getBackend() !== 'wasm') throw new Error('tfjs-backend-wasm failed to initialize');
    if (wasm.getThreadsCount() !== this.threads) {
      throw new Error(`asked for ${this.threads} threads, XNNPACK runs ${wasm.getThreadsCount()}`);
    }
  }

  async prepare(id: WorkloadId): Promise<Runner | Unsupported> {
    switch (id) {
      case 'matmul': {
        const n = MATMUL_N;
        const [a, b] = [0, 1].map((i) => tf.tensor2d(uniform(n * n, 100 + i), [n, n]));
        return () => tf.matMul(a!, b!).dispose();
      }
      case 'conv2d': {
        const { batch, size, cin, cout, k } = CONV;
        const x = tf.tensor4d(uniform(batch * size * size * cin, 100), [batch, size, size, cin]);
        const w = tf.tensor4d(uniform(k * k * cin * cout, 101), [k, k, cin, cout]);
        return () => tf.conv2d(x, w, 1, 'same').dispose();
      }
      case 'fma': {
        const [a, b, c] = [0, 1, 2].map((i) => tf.tensor1d(uniform(FMA_N, 100 + i)));
        return () => tf.tidy(() => tf.add(tf.mul(a!, b!), c!)).dispose();
      }
      case 'mlpTrain': {
        const layers = denseVars();
        const data = randomBatch(MLP.trainBatch, MLP.input, MLP.classes, 7);
        const x = tf.tensor2d(data.x, [MLP.trainBatch, MLP.input]);
        return trainStep((t) => mlpForward(layers, t as tf.Tensor2D), x, data.labels);
      }
      case 'cnnTrain': {
        const data = randomBatch(CNN.batch, CNN.size * CNN.size, CNN.classes, 7);
        const x = tf.tensor4d(data.x, [CNN.batch, CNN.size, CNN.size, 1]);
        const step = trainStep(cnnForward(), x, data.labels);
        try {
          await step();
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error);
          return { status: 'cannot', reason: `${this.name} CNN training fails: ${text.split('\n')[0]}` };
        }
        return step;
      }
      case 'mlpInfer': {
        const layers = denseVars();
        const x = tf.tensor2d(uniform(MLP.input, 5, 0, 1), [1, MLP.input]);
        return () => {
          const y = tf.tidy(() => mlpForward(layers, x));
          y.dataSync();
          y.dispose();
        };
      }
    }
  }
}
