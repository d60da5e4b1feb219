// Deterministic inputs and initial weights shared by every peer (a seeded generator, so each framework sees
// the same numbers).
import { CNN, MLP } from './spec.js';

/** A seeded uniform generator in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` floats uniform in [lo, hi). */
export function uniform(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const next = rng(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * next();
  return a;
}

/** Glorot-uniform weights for a layer with `fanIn` inputs and `fanOut` outputs. */
export function glorot(n: number, fanIn: number, fanOut: number, seed: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return uniform(n, seed, -limit, limit);
}

/** One dense layer: weights [in, out] row-major, biases [out]. */
export interface DenseParams {
  /** Weights [in, out]. */
  w: Float32Array;
  /** Biases [out]. */
  b: Float32Array;
  /** Input size. */
  in: number;
  /** Output size. */
  out: number;
}

/** The three dense layers of the MLP, 784-512-512-10. */
export function mlpParams(): DenseParams[] {
  const sizes = [MLP.input, ...MLP.hidden, MLP.classes];
  return sizes.slice(1).map((out, i) => {
    const inp = sizes[i]!;
    return { w: glorot(inp * out, inp, out, 11 + i), b: new Float32Array(out), in: inp, out };
  });
}

/** A batch: images/features in [0, 1) and integer labels in [0, classes). */
export interface Batch {
  /** Features, row-major (NHWC for images). */
  x: Float32Array;
  /** Labels. */
  labels: Int32Array;
}

/** A random batch of `batch` examples of `features` floats each. */
export function randomBatch(batch: number, features: number, classes: number, seed: number): Batch {
  const next = rng(seed);
  const labels = new Int32Array(batch);
  for (let i = 0; i < batch; i++) labels[i] = Math.floor(next() * classes);
  return { x: uniform(batch * features, seed + 1, 0, 1), labels };
}

/** One-hot rows [batch, classes] of integer labels. */
export function oneHot(labels: Int32Array, classes: number): Float32Array {
  const out = new Float32Array(labels.length * classes);
  labels.forEach((l, i) => {
    out[i * classes + l] = 1;
  });
  return out;
}

/** CNN weights: conv kernels HWIO [k, k, in, out] with biases, then dense layers. */
export function cnnParams(): {
  convs: { w: Float32Array; b: Float32Array; cin: number; cout: number }[];
  dense: DenseParams[];
} {
  const [c1, c2] = CNN.channels;
  const convs = [
    { cin: 1, cout: c1 },
    { cin: c1, cout: c2 },
  ].map(({ cin, cout }, i) => ({
    w: glorot(9 * cin * cout, 9 * cin, 9 * cout, 21 + i),
    b: new Float32Array(cout),
    cin,
    cout,
  }));
  const flat = (CNN.size / 4) * (CNN.size / 4) * c2;
  const dense = [
    { in: flat, out: CNN.dense },
    { in: CNN.dense, out: CNN.classes },
  ].map((d, i) => ({ ...d, w: glorot(d.in * d.out, d.in, d.out, 31 + i), b: new Float32Array(d.out) }));
  return { convs, dense };
}
