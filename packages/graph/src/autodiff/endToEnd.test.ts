import { describe, expect, it } from 'vitest';
import { Exec, execOnce } from '../exec.js';
import type { Node } from '../node.js';
import { add, mul, sub } from '../ops/arith.js';
import { matMul } from '../ops/linalg.js';
import { logSoftmax, oneHot } from '../ops/nn.js';
import { mean, reduceSum } from '../ops/reduce.js';
import { Tensor } from '../tensor.js';
import { seededValues } from '../testing/gradcheck.js';
import { testBackend } from '../testing.js';
import { gradient } from './index.js';

describe('closed forms', () => {
  it('d/dlogits of softmax cross-entropy is softmax(logits) - onehot(labels)', () => {
    const [batch, classes] = [4, 6];
    const logits = seededValues(batch * classes, 31, -4, 4);
    const labels = [2, 0, 5, 3];
    const [grad] = execOnce(
      testBackend,
      (x: Node, y: Node) => {
        const loss = reduceSum(mul(oneHot(y, classes, 'float64'), logSoftmax(x, -1)));
        return gradient(mul(loss, -1), x);
      },
      Tensor.from(Float64Array.from(logits), { dtype: 'float64', shape: [batch, classes] }),
      Tensor.from(labels, { dtype: 'int32' }),
    ) as Tensor[];
    const got = grad!.dataSync() as Float64Array;
    for (let b = 0; b < batch; b++) {
      const row = logits.slice(b * classes, (b + 1) * classes);
      const m = Math.max(...row);
      const z = row.reduce((s, v) => s + Math.exp(v - m), 0);
      row.forEach((v, c) => {
        const expected = Math.exp(v - m) / z - (c === labels[b] ? 1 : 0);
        expect(Math.abs(got[b * classes + c]! - expected)).toBeLessThanOrEqual(1e-15);
      });
    }
  });

  it('d/dw of mean squared error of x @ w is 2/n xᵀ(x w - y)', () => {
    const [n, d] = [6, 3];
    const x = seededValues(n * d, 41);
    const w = seededValues(d, 42);
    const y = seededValues(n, 43);
    const [grad] = execOnce(
      testBackend,
      (xn: Node, wn: Node, yn: Node) => {
        const r = sub(matMul(xn, wn), yn);
        return gradient(mean(mul(r, r)), wn);
      },
      Tensor.from(Float64Array.from(x), { dtype: 'float64', shape: [n, d] }),
      Tensor.from(Float64Array.from(w), { dtype: 'float64' }),
      Tensor.from(Float64Array.from(y), { dtype: 'float64' }),
    ) as Tensor[];
    const residual = Array.from({ length: n }, (_, i) => {
      let s = -y[i]!;
      for (let j = 0; j < d; j++) s += x[i * d + j]! * w[j]!;
      return s;
    });
    const expected = Array.from({ length: d }, (_, j) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i * d + j]! * residual[i]!;
      return (2 / n) * s;
    });
    const got = Array.from(grad!.dataSync() as Float64Array);
    got.forEach((g, j) => {
      expect(Math.abs(g - expected[j]!)).toBeLessThanOrEqual(1e-14);
    });
  });
});

describe('end to end: linear regression by gradient descent', () => {
  it('recovers known coefficients to 1e-4 with only gradient and Exec', () => {
    const [n, d] = [64, 3];
    const trueW = [1.5, -2, 0.5];
    const trueB = 0.7;
    const x = seededValues(n * d, 51);
    const y = Array.from({ length: n }, (_, i) => {
      let s = trueB;
      for (let j = 0; j < d; j++) s += x[i * d + j]! * trueW[j]!;
      return s;
    });
    const learningRate = 0.5;
    const step = new Exec(testBackend, (xn: Node, yn: Node, w: Node, b: Node) => {
      const prediction = add(matMul(xn, w), b);
      const r = sub(prediction, yn);
      const loss = mean(mul(r, r));
      const [dw, db] = gradient(loss, w, b) as [Node, Node];
      return [sub(w, mul(dw, learningRate)), sub(b, mul(db, learningRate)), loss];
    });
    const xs = Tensor.from(Float64Array.from(x), { dtype: 'float64', shape: [n, d] });
    const ys = Tensor.from(Float64Array.from(y), { dtype: 'float64' });
    let w = Tensor.from(new Float64Array(d), { dtype: 'float64' });
    let b = Tensor.from(0, { dtype: 'float64' });
    let loss = Number.POSITIVE_INFINITY;
    const firstLoss: number[] = [];
    for (let iteration = 0; iteration < 2000 && loss > 1e-20; iteration++) {
      const [nextW, nextB, l] = step.call(xs, ys, w, b) as Tensor[];
      w.dispose();
      b.dispose();
      w = nextW!;
      b = nextB!;
      loss = Number(l!.dataSync()[0]);
      if (iteration === 0) firstLoss.push(loss);
      l!.dispose();
    }
    expect(step.cacheSize).toBe(1);
    expect(loss).toBeLessThan(firstLoss[0]! * 1e-12);
    const fitted = Array.from(w.dataSync() as Float64Array);
    fitted.forEach((v, j) => {
      expect(Math.abs(v - trueW[j]!)).toBeLessThanOrEqual(1e-4);
    });
    expect(Math.abs(Number(b.dataSync()[0]) - trueB)).toBeLessThanOrEqual(1e-4);
    for (const t of [w, b, xs, ys]) t.dispose();
    step.dispose();
  });
});
