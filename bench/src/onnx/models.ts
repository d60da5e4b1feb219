// The ONNX models the onnxruntime peer runs, built in code (no files, no network).
import { mlpParams } from '../workloads/data.js';
import { CONV, FMA_N, MATMUL_N, MLP } from '../workloads/spec.js';
import { encodeModel, ints } from './model.js';

/** Y = A·B, A and B [n, n]. */
export function matmulModel(n = MATMUL_N): Uint8Array {
  return encodeModel({
    name: 'matmul',
    inputs: [
      { name: 'a', dims: [n, n] },
      { name: 'b', dims: [n, n] },
    ],
    outputs: [{ name: 'y', dims: [n, n] }],
    nodes: [{ op: 'MatMul', inputs: ['a', 'b'], outputs: ['y'] }],
  });
}

/** Y = Conv(X, W) in ONNX's NCHW layout, 3×3 kernel, pads 1 (same), no bias. */
export function convModel(): Uint8Array {
  const { batch, size, cin, cout, k } = CONV;
  return encodeModel({
    name: 'conv',
    inputs: [
      { name: 'x', dims: [batch, cin, size, size] },
      { name: 'w', dims: [cout, cin, k, k] },
    ],
    outputs: [{ name: 'y', dims: [batch, cout, size, size] }],
    nodes: [
      {
        op: 'Conv',
        inputs: ['x', 'w'],
        outputs: ['y'],
        attrs: { kernel_shape: ints([k, k]), pads: ints([1, 1, 1, 1]), strides: ints([1, 1]) },
      },
    ],
  });
}

/** Y = A*B + C over [n] floats. */
export function fmaModel(n = FMA_N): Uint8Array {
  return encodeModel({
    name: 'fma',
    inputs: ['a', 'b', 'c'].map((name) => ({ name, dims: [n] })),
    outputs: [{ name: 'y', dims: [n] }],
    nodes: [
      { op: 'Mul', inputs: ['a', 'b'], outputs: ['ab'] },
      { op: 'Add', inputs: ['ab', 'c'], outputs: ['y'] },
    ],
  });
}

/** Logits of the MLP 784-512-512-10 (ReLU) for a batch of `batch`, weights as initializers. */
export function mlpModel(batch = 1): Uint8Array {
  const layers = mlpParams();
  const nodes = layers.flatMap((_, i) => {
    const input = i === 0 ? 'x' : `h${i - 1}`;
    const last = i === layers.length - 1;
    const out = last ? 'logits' : `h${i}`;
    return [
      { op: 'MatMul', inputs: [input, `w${i}`], outputs: [`mm${i}`] },
      { op: 'Add', inputs: [`mm${i}`, `b${i}`], outputs: [last ? out : `pre${i}`] },
      ...(last ? [] : [{ op: 'Relu', inputs: [`pre${i}`], outputs: [out] }]),
    ];
  });
  return encodeModel({
    name: 'mlp',
    inputs: [{ name: 'x', dims: [batch, MLP.input] }],
    outputs: [{ name: 'logits', dims: [batch, MLP.classes] }],
    initializers: layers.flatMap((l, i) => [
      { name: `w${i}`, dims: [l.in, l.out], data: l.w },
      { name: `b${i}`, dims: [l.out], data: l.b },
    ]),
    nodes,
  });
}
