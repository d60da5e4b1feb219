// onnxruntime-node 1.30 (CPU execution provider, inference only) on ONNX models built in src/onnx/.
import * as ort from 'onnxruntime-node';
import { convModel, fmaModel, matmulModel, mlpModel } from '../onnx/models.js';
import { uniform } from '../workloads/data.js';
import { CONV, FMA_N, MATMUL_N, MLP, type WorkloadId } from '../workloads/spec.js';
import type { Peer, Runner, Unsupported } from './types.js';

/** onnxruntime-node with `threads` intra-op threads (sequential execution, all graph optimizations). */
export class OrtPeer implements Peer {
  readonly name: string;
  private readonly threads: number;

  /** @param threads - intra-op threads of every session. */
  constructor(threads: number) {
    this.threads = threads;
    this.name = `ort ${threads}t`;
  }

  describe(): string {
    return `onnxruntime-node ${ort.env.versions.node ?? '1.30'} CPU EP: intraOpNumThreads=${this.threads}`;
  }

  async setup(): Promise<void> {
    // Loading the native binding happens at import; nothing else to start.
  }

  private async session(model: Uint8Array, feeds: Record<string, [Float32Array, number[]]>): Promise<Runner> {
    const session = await ort.InferenceSession.create(model, {
      intraOpNumThreads: this.threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, [data, dims]] of Object.entries(feeds))
      inputs[name] = new ort.Tensor('float32', data, dims);
    return async () => {
      const out = await session.run(inputs);
      for (const t of Object.values(out)) t.dispose();
    };
  }

  async prepare(id: WorkloadId): Promise<Runner | Unsupported> {
    const n = MATMUL_N;
    const { batch, size, cin, cout, k } = CONV;
    switch (id) {
      case 'matmul':
        return this.session(matmulModel(), {
          a: [uniform(n * n, 100), [n, n]],
          b: [uniform(n * n, 101), [n, n]],
        });
      case 'conv2d':
        // NCHW: ONNX's (and onnxruntime's) native convolution layout.
        return this.session(convModel(), {
          x: [uniform(batch * size * size * cin, 100), [batch, cin, size, size]],
          w: [uniform(k * k * cin * cout, 101), [cout, cin, k, k]],
        });
      case 'fma':
        return this.session(fmaModel(), {
          a: [uniform(FMA_N, 100), [FMA_N]],
          b: [uniform(FMA_N, 101), [FMA_N]],
          c: [uniform(FMA_N, 102), [FMA_N]],
        });
      case 'mlpTrain':
      case 'cnnTrain':
        return { status: 'n/a', reason: 'onnxruntime-node is inference only (no training API in Node)' };
      case 'mlpInfer':
        return this.session(mlpModel(1), { x: [uniform(MLP.input, 5, 0, 1), [1, MLP.input]] });
    }
  }
}
