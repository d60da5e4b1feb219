// The workloads of the full benchmark: names, units and the amount of work of one run. Each peer implements
// them in its own file under src/peers/.

/** Identifier of a workload. */
export type WorkloadId = 'matmul' | 'conv2d' | 'fma' | 'mlpTrain' | 'cnnTrain' | 'mlpInfer';

/** A workload: what one run does and how a run time becomes the reported number. */
export interface WorkloadSpec {
  /** Identifier (also the filter key on the command line). */
  id: WorkloadId;
  /** Row label. */
  label: string;
  /** Unit of the reported number. */
  unit: 'GFLOP/s' | 'GB/s' | 'steps/s' | 'ms';
  /** FLOPs or bytes of one run (throughput units only). */
  work?: number;
}

/** Square matmul size. */
export const MATMUL_N = 512;
/** conv2d: input [batch, size, size, cin] (NHWC), kernel k×k, cout output channels, `same` padding. */
export const CONV = { batch: 32, size: 28, cin: 32, cout: 64, k: 3 } as const;
/** Elements of each operand of a*b+c. */
export const FMA_N = 1 << 24;
/** MLP 784-512-512-10 with ReLU, softmax cross-entropy, Adam. */
export const MLP = { input: 784, hidden: [512, 512], classes: 10, trainBatch: 128 } as const;
/** CNN: conv3×3 32 relu, maxpool 2, conv3×3 64 relu, maxpool 2, dense 128 relu, dense 10; MNIST-sized input. */
export const CNN = { batch: 64, size: 28, channels: [32, 64], dense: 128, classes: 10 } as const;
/** Adam learning rate of both training workloads (β1 0.9, β2 0.999, ε 1e-7 where settable). */
export const LEARNING_RATE = 1e-3;

/** Every workload, in table order. */
export const WORKLOADS: readonly WorkloadSpec[] = [
  {
    id: 'matmul',
    label: `matmul ${MATMUL_N}×${MATMUL_N} f32`,
    unit: 'GFLOP/s',
    work: 2 * MATMUL_N ** 3,
  },
  {
    id: 'conv2d',
    label: `conv2d ${CONV.batch}×${CONV.size}×${CONV.size}×${CONV.cin}→${CONV.cout} ${CONV.k}×${CONV.k}`,
    unit: 'GFLOP/s',
    work: 2 * CONV.batch * CONV.size * CONV.size * CONV.cout * CONV.k * CONV.k * CONV.cin,
  },
  { id: 'fma', label: 'a*b+c 16M f32', unit: 'GB/s', work: 4 * 4 * FMA_N },
  { id: 'mlpTrain', label: `MLP train b${MLP.trainBatch} Adam`, unit: 'steps/s' },
  { id: 'cnnTrain', label: `CNN train b${CNN.batch} Adam`, unit: 'steps/s' },
  { id: 'mlpInfer', label: 'MLP infer b1 latency', unit: 'ms' },
];

/** The reported number of a workload from the median seconds per run. */
export function reportedValue(spec: WorkloadSpec, seconds: number): number {
  if (spec.unit === 'ms') return seconds * 1000;
  if (spec.unit === 'steps/s') return 1 / seconds;
  return (spec.work ?? 0) / seconds / 1e9;
}

/** True when a larger reported number is better (all units but latency). */
export function higherIsBetter(spec: WorkloadSpec): boolean {
  return spec.unit !== 'ms';
}
