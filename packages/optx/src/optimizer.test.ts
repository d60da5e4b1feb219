import { Context } from '@tsmlx/context';
import { constant, execOnce, type Graph, mul, type Node, reduceSum } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { optimizerByName, optimizerFromContext } from './byName.js';
import { allFinite, clipByGlobalNorm, clipByValue, globalNorm } from './clip.js';
import { readGlobalStep } from './globalStep.js';
import { skippedSteps } from './optimizer.js';
import { sgd } from './optimizers/sgd.js';
import { piecewiseConstant } from './schedules/index.js';
import { close, flat, testBackend } from './testing.js';

describe('gradient clipping', () => {
  it('clips by value', () => {
    const out = execOnce(testBackend, (g: Graph) => clipByValue([constant(g, [3, -5, 0.5, -1])], 1)[0]!);
    expect(flat(out)).toEqual([1, -1, 0.5, -1]);
  });

  it('clips by global norm (hand-computed: norm of [3, 4] and [12] is 13)', () => {
    const run = (maxNorm: number) =>
      execOnce(testBackend, (g: Graph) => {
        const { grads, norm } = clipByGlobalNorm([constant(g, [3, 4]), constant(g, 12)], maxNorm);
        return [...grads, norm];
      }).map(flat);
    const [a, b, norm] = run(6.5);
    close(a!, [1.5, 2], 1e-7);
    close(b!, [6], 1e-7);
    close(norm!, [13], 1e-7);
    const [c, d] = run(20);
    close(c!, [3, 4], 1e-7);
    close(d!, [12], 1e-7);
    close(
      flat(
        execOnce(testBackend, (g: Graph) =>
          globalNorm([
            constant(g, [
              [1, 2],
              [2, 4],
            ]),
          ]),
        ),
      ),
      [5],
      1e-7,
    );
  });

  it('detects non-finite values', () => {
    const check = (values: number[]) =>
      flat(execOnce(testBackend, (g: Graph) => allFinite([constant(g, [1, 2]), constant(g, values)])))[0];
    expect(check([0, -3])).toBe(1);
    expect(check([0, Number.NaN])).toBe(0);
    expect(check([Number.POSITIVE_INFINITY, 1])).toBe(0);
  });
});

/** SGD (lr 0.1) on loss = Σ w·x, whose gradient is x, fed one x per step. */
function linearSetup(options: Parameters<typeof sgd>[0], params = '') {
  const ctx = new Context({ seed: 1 });
  if (params) ctx.setParams(params);
  ctx.variable('w', new Shape('float64', [2])).setValue([1, 1]);
  const opt = sgd(options);
  const step = ctx.exec(testBackend, (c: Context, x: Node) => {
    const w = c.reuse().variable('w', new Shape('float64', [2]));
    opt.update(c, x.graph, reduceSum(mul(w.valueIn(x.graph), x)));
  });
  return {
    ctx,
    run: (values: number[]) => step.call(new Float64Array(values)),
    w: () => flat(ctx.getVariable('/w')!.value),
  };
}

describe('optimizer gradient handling', () => {
  it('clips by global norm inside the update', () => {
    const { run, w } = linearSetup({ learningRate: 0.1, clipByGlobalNorm: 2.5 });
    run([3, 4]); // norm 5 → scaled by 0.5: step 0.1·[1.5, 2]
    close(w(), [1 - 0.15, 1 - 0.2], 1e-12);
  });

  it('clips by value from the hyperparameter', () => {
    const { run, w } = linearSetup({ learningRate: 0.1 }, 'clip_grad_value=1');
    run([3, -0.5]);
    close(w(), [1 - 0.1, 1 + 0.05], 1e-12);
  });

  it('skips steps with non-finite gradients and counts them', () => {
    const { ctx, run, w } = linearSetup({ learningRate: 0.1, skipNonFinite: true });
    run([1, 2]);
    run([Number.NaN, 1]);
    run([1, Number.POSITIVE_INFINITY]);
    run([1, 1]);
    close(w(), [1 - 0.1 * 2, 1 - 0.1 * 3], 1e-12);
    expect(skippedSteps(ctx)).toBe(2);
    expect(readGlobalStep(ctx)).toBe(4);
    expect(flat(ctx.getVariable('/optimizer/sgd/count')!.value)).toEqual([2]);
  });

  it('without skipping, a NaN gradient poisons the parameters', () => {
    const { ctx, run, w } = linearSetup({ learningRate: 0.1 });
    run([Number.NaN, 1]);
    expect(Number.isNaN(w()[0]!)).toBe(true);
    expect(skippedSteps(ctx)).toBe(0);
  });

  it('accumulates gradients over N steps and applies their mean', () => {
    const { ctx, run, w } = linearSetup({ learningRate: 0.1, accumulateSteps: 2 });
    run([1, 2]);
    close(w(), [1, 1], 0);
    close(flat(ctx.getVariable('/optimizer/accumulate/w/sum')!.value), [1, 2], 0);
    run([3, 0]);
    close(w(), [1 - 0.1 * 2, 1 - 0.1 * 1], 1e-12);
    close(flat(ctx.getVariable('/optimizer/accumulate/w/sum')!.value), [0, 0], 0);
    run([5, 5]);
    close(w(), [0.8, 0.9], 1e-12);
    run([1, -1]);
    close(w(), [0.8 - 0.1 * 3, 0.9 - 0.1 * 2], 1e-12);
    expect(readGlobalStep(ctx)).toBe(4);
    expect(flat(ctx.getVariable('/optimizer/sgd/count')!.value)).toEqual([2]);
  });

  it('reads the learning rate from the context', () => {
    const { run, w } = linearSetup({}, 'learning_rate=0.5');
    run([1, -2]);
    close(w(), [0.5, 2], 1e-12);
  });
});

describe('optimizer with a schedule and by name', () => {
  it('reads the global step for the learning rate (pre-increment: step 0 first)', () => {
    const { run, w } = linearSetup({ learningRate: piecewiseConstant([1, 2], [0.1, 0.01, 0.001]) });
    run([1, 1]);
    run([1, 1]);
    run([1, 1]);
    // float32 schedule values.
    const lrs = [0.1, 0.01, 0.001].map(Math.fround);
    close(w(), [1 - lrs[0]! - lrs[1]! - lrs[2]!, 1 - lrs[0]! - lrs[1]! - lrs[2]!], 1e-12);
  });

  it('builds optimizers by name and reports graphs without trainable variables', () => {
    expect(optimizerByName('AdamW').name).toBe('adamw');
    expect(optimizerFromContext(new Context({ seed: 1, params: { optimizer: 'lion' } })).name).toBe('lion');
    expect(() => optimizerByName('nope')).toThrow(/unknown optimizer "nope"; known: sgd, adam/);
    const ctx = new Context({ seed: 1 });
    const step = ctx.exec(testBackend, (c: Context, x: Node) => {
      sgd().update(c, x.graph, reduceSum(x));
    });
    expect(() => step.call(new Float32Array([1]))).toThrow(/reads no trainable float variable/);
  });
});
