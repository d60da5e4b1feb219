import { Builder, type Program, type Value } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';

/**
 * One SGD step of a small MLP (dense 4→8, relu, dense 8→3, softmax cross-entropy) on a batch of 2, with the
 * gradients written by hand. Inputs: x [2,4], one-hot labels [2,3], w1 [4,8], b1 [8], w2 [8,3], b2 [3],
 * learning rate (scalar). Outputs: loss, then the updated w1, b1, w2, b2.
 */
export function mlpTrainStep(): Program {
  const f32 = (...dims: number[]) => new Shape('float32', dims);
  const b = new Builder('mlp_train_step');
  const x = b.parameter(f32(2, 4), 'x');
  const y = b.parameter(f32(2, 3), 'labels');
  const w1 = b.parameter(f32(4, 8), 'w1');
  const b1 = b.parameter(f32(8), 'b1');
  const w2 = b.parameter(f32(8, 3), 'w2');
  const b2 = b.parameter(f32(3), 'b2');
  const lr = b.parameter(f32(), 'lr');
  const scalar = (v: number) => b.constant(new Float32Array([v]), f32());
  const bcast = (v: Value, dims: number[], axesMapping: number[]) =>
    b.broadcastInDim(v, { dims, axesMapping });
  const matmul = (l: Value, r: Value, lc: number, rc: number) =>
    b.dotGeneral(l, r, {
      lhsBatchAxes: [],
      rhsBatchAxes: [],
      lhsContractingAxes: [lc],
      rhsContractingAxes: [rc],
    });

  // Forward.
  const h1 = b.add(matmul(x, w1, 1, 0), bcast(b1, [2, 8], [1]));
  const zeros = bcast(scalar(0), [2, 8], []);
  const a1 = b.max(h1, zeros);
  const logits = b.add(matmul(a1, w2, 1, 0), bcast(b2, [2, 3], [1]));
  const shifted = b.sub(logits, bcast(b.reduceMax(logits, { axes: [1] }), [2, 3], [0]));
  const e = b.exp(shifted);
  const sum = b.reduceSum(e, { axes: [1] });
  const logProbs = b.sub(shifted, bcast(b.log(sum), [2, 3], [0]));
  const invBatch = scalar(0.5);
  const loss = b.mul(b.neg(b.reduceSum(b.mul(y, logProbs), { axes: [0, 1] })), invBatch);

  // Backward: dlogits = (softmax - y) / batch.
  const probs = b.div(e, bcast(sum, [2, 3], [0]));
  const dLogits = b.mul(b.sub(probs, y), bcast(invBatch, [2, 3], []));
  const dW2 = matmul(a1, dLogits, 0, 0);
  const dB2 = b.reduceSum(dLogits, { axes: [0] });
  const dA1 = matmul(dLogits, b.transpose(w2, { permutation: [1, 0] }), 1, 0);
  const dH1 = b.where(b.greaterThan(h1, zeros), dA1, zeros);
  const dW1 = matmul(x, dH1, 0, 0);
  const dB1 = b.reduceSum(dH1, { axes: [0] });

  // SGD.
  const step = (p: Value, g: Value) => b.sub(p, b.mul(bcast(lr, [...p.shape.dims], []), g));
  return b.build([loss, step(w1, dW1), step(b1, dB1), step(w2, dW2), step(b2, dB2)]);
}
