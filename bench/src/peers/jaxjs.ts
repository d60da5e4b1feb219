// jax-js 0.1.25 on its wasm device: on the main thread (no Worker in Node 20), or with N web workers
// through the worker shim (shims/jaxWorkers.ts). Every step is jit-compiled; a run ends when its results
// are ready (blockUntilReady / data()).
import type * as Jax from '@jax-js/jax';
import { cnnParams, mlpParams, randomBatch, uniform } from '../workloads/data.js';
import { CNN, CONV, FMA_N, LEARNING_RATE, MATMUL_N, MLP, type WorkloadId } from '../workloads/spec.js';
import { installNavigator, installWorkerShim } from './shims/jaxWorkers.js';
import type { Peer, Runner, Unsupported } from './types.js';

type JaxModule = typeof Jax;
type Arr = Jax.Array;
type Params = Record<string, Arr>;

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

/** jax-js on wasm: `workers` = 0 runs kernels on the main thread; N > 0 uses N workers. */
export class JaxPeer implements Peer {
  readonly name: string;
  private readonly workers: number;
  private jax!: JaxModule;

  /** @param workers - 0: main thread; N: N web workers (Node shim). */
  constructor(workers: number) {
    this.workers = workers;
    this.name = workers > 0 ? `jax-js ${workers}w` : 'jax-js 1t';
  }

  describe(): string {
    const mode = this.workers > 0 ? `${this.workers} workers (worker_threads shim)` : 'main thread';
    return `jax-js 0.1.25 wasm: ${mode}`;
  }

  async setup(): Promise<void> {
    installNavigator(Math.max(1, this.workers));
    if (this.workers > 0) installWorkerShim();
    this.jax = await import('@jax-js/jax');
    this.jax.defaultDevice('wasm');
  }

  private array(data: Float32Array | Int32Array, dims: number[]): Arr {
    return this.jax.numpy.array(data).reshape(dims);
  }

  private denseForward(p: Params, x: Arr, names: string[], reluLast = false): Arr {
    const { numpy: np, nn } = this.jax;
    let h = x;
    names.forEach((name, i) => {
      h = np.matmul(h, p[`${name}w`]!).add(p[`${name}b`]!);
      if (reluLast || i < names.length - 1) h = nn.relu(h);
    });
    return h;
  }

  private crossEntropy(logits: Arr, labels: Arr): Arr {
    const { numpy: np, nn } = this.jax;
    const picked = np.sum(nn.oneHot(labels, MLP.classes).mul(nn.logSoftmax(logits, -1)), -1);
    return np.mean(picked).neg();
  }

  /** A jitted Adam training step over `params` for `lossFn`; runs on fixed (x, labels). */
  private trainer(initial: Params, lossFn: (p: Params, x: Arr, y: Arr) => Arr, x: Arr, y: Arr): Runner {
    const { jax } = this;
    const { numpy: np, tree } = jax;
    const step = jax.jit((p: Params, m: Params, v: Params, lrt: Arr, xb: Arr, yb: Arr) => {
      const [loss, grads] = jax.valueAndGrad(lossFn)(jax.tree.ref(p), xb, yb);
      const out: { p: Params; m: Params; v: Params } = { p: {}, m: {}, v: {} };
      for (const key of Object.keys(p)) {
        const g = (grads as Params)[key]!;
        const m2 = m[key]!.mul(BETA1).add(g.ref.mul(1 - BETA1));
        const v2 = v[key]!.mul(BETA2).add(np.square(g).mul(1 - BETA2));
        out.m[key] = m2.ref;
        out.v[key] = v2.ref;
        out.p[key] = p[key]!.sub(lrt.ref.mul(m2).div(np.sqrt(v2).add(EPSILON)));
      }
      lrt.dispose();
      return [loss, out.p, out.m, out.v] as [Arr, Params, Params, Params];
    });
    let params = initial;
    let m: Params = tree.map((a: Arr) => np.zerosLike(a.ref), params);
    let v: Params = tree.map((a: Arr) => np.zerosLike(a.ref), params);
    let t = 0;
    return async () => {
      t++;
      const lrt = (LEARNING_RATE * Math.sqrt(1 - BETA2 ** t)) / (1 - BETA1 ** t);
      const [loss, p2, m2, v2] = step(params, m, v, np.array(lrt), x.ref, y.ref);
      params = p2;
      m = m2;
      v = v2;
      await jax.blockUntilReady([params, m, v]);
      await loss.data();
    };
  }

  async prepare(id: WorkloadId): Promise<Runner | Unsupported> {
    const { jax } = this;
    const { numpy: np, lax } = jax;
    switch (id) {
      case 'matmul': {
        const n = MATMUL_N;
        const [a, b] = [0, 1].map((i) => this.array(uniform(n * n, 100 + i), [n, n]));
        const f = jax.jit((x: Arr, y: Arr) => np.matmul(x, y));
        return async () => (await f(a!.ref, b!.ref).blockUntilReady()).dispose();
      }
      case 'conv2d': {
        // jax-js convolutions are NCHW / OIHW only (no dimension numbers): its native layout.
        const { batch, size, cin, cout, k } = CONV;
        const x = this.array(uniform(batch * size * size * cin, 100), [batch, cin, size, size]);
        const w = this.array(uniform(k * k * cin * cout, 101), [cout, cin, k, k]);
        const f = jax.jit((a: Arr, b: Arr) => lax.conv(a, b, [1, 1], 'SAME'));
        return async () => (await f(x.ref, w.ref).blockUntilReady()).dispose();
      }
      case 'fma': {
        const [a, b, c] = [0, 1, 2].map((i) => this.array(uniform(FMA_N, 100 + i), [FMA_N]));
        const f = jax.jit((x: Arr, y: Arr, z: Arr) => x.mul(y).add(z));
        return async () => (await f(a!.ref, b!.ref, c!.ref).blockUntilReady()).dispose();
      }
      case 'mlpTrain': {
        const data = randomBatch(MLP.trainBatch, MLP.input, MLP.classes, 7);
        const x = this.array(data.x, [MLP.trainBatch, MLP.input]);
        const y = this.array(data.labels, [MLP.trainBatch]);
        const names = ['d0', 'd1', 'd2'];
        const lossFn = (p: Params, xb: Arr, yb: Arr) =>
          this.crossEntropy(this.denseForward(p, xb, names), yb);
        return this.trainer(this.mlpParams(names), lossFn, x, y);
      }
      case 'cnnTrain': {
        const { batch, size } = CNN;
        const data = randomBatch(batch, size * size, CNN.classes, 7);
        const x = this.array(data.x, [batch, 1, size, size]);
        const y = this.array(data.labels, [batch]);
        const p = cnnParams();
        const params: Params = {};
        p.convs.forEach((c, i) => {
          params[`c${i}w`] = this.array(hwioToOihw(c.w, c.cin, c.cout), [c.cout, c.cin, 3, 3]);
          params[`c${i}b`] = this.array(c.b, [1, c.cout, 1, 1]);
        });
        p.dense.forEach((d, i) => {
          params[`f${i}w`] = this.array(d.w, [d.in, d.out]);
          params[`f${i}b`] = this.array(d.b, [d.out]);
        });
        const lossFn = (q: Params, xb: Arr, yb: Arr) => {
          let h = xb;
          for (let i = 0; i < CNN.channels.length; i++) {
            h = jax.nn.relu(lax.conv(h, q[`c${i}w`]!, [1, 1], 'SAME').add(q[`c${i}b`]!));
            const [n, c, hh, ww] = h.shape as [number, number, number, number];
            h = np.max(h.reshape([n, c, hh / 2, 2, ww / 2, 2]), [3, 5]);
          }
          h = h.reshape([batch, -1]);
          h = this.denseForward(q, h, ['f0', 'f1']);
          return this.crossEntropy(h, yb);
        };
        return this.trainer(params, lossFn, x, y);
      }
      case 'mlpInfer': {
        const names = ['d0', 'd1', 'd2'];
        const params = this.mlpParams(names);
        const x = this.array(uniform(MLP.input, 5, 0, 1), [1, MLP.input]);
        const f = jax.jit((p: Params, xb: Arr) => this.denseForward(p, xb, names));
        return async () => {
          await f(jax.tree.ref(params), x.ref).data();
        };
      }
    }
  }

  private mlpParams(names: string[]): Params {
    const params: Params = {};
    mlpParams().forEach((d, i) => {
      params[`${names[i]}w`] = this.array(d.w, [d.in, d.out]);
      params[`${names[i]}b`] = this.array(d.b, [d.out]);
    });
    return params;
  }
}

/** Reorders a [3, 3, cin, cout] kernel to [cout, cin, 3, 3]. */
function hwioToOihw(w: Float32Array, cin: number, cout: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let ky = 0; ky < 3; ky++)
    for (let kx = 0; kx < 3; kx++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++)
          out[((o * cin + i) * 3 + ky) * 3 + kx] = w[((ky * 3 + kx) * cin + i) * cout + o]!;
  return out;
}
