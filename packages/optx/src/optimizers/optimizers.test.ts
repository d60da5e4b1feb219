import { describe, expect, it } from 'vitest';
import { adagrad, adam, adamax, adamW, amsgrad, lion, rmsprop, sgd } from '../index.js';
import type { Optimizer } from '../optimizer.js';
import { close, flat } from '../testing.js';
import { C0, optimum, referenceGrads, setup, W0 } from './problem.js';

/** Elementwise float64 reference of one optimizer: updates p (and its state) in place given g and t (1-based). */
type RefStep = (p: number[], g: readonly number[], s: Record<string, number[]>, t: number) => void;

interface Case {
  name: string;
  make: () => Optimizer;
  scope: string;
  slots: string[];
  init?: number;
  step: RefStep;
}

const lr = 0.05;
const zeros = (n: number) => new Array<number>(n).fill(0);

const cases: Case[] = [
  {
    name: 'sgd',
    make: () => sgd({ learningRate: lr }),
    scope: 'sgd',
    slots: [],
    step: (p, g) => {
      p.forEach((_, i) => {
        p[i]! -= lr * g[i]!;
      });
    },
  },
  {
    name: 'sgd momentum + weight decay',
    make: () => sgd({ learningRate: lr, momentum: 0.9, weightDecay: 0.1 }),
    scope: 'sgd',
    slots: ['momentum'],
    step: (p, g, s) =>
      p.forEach((_, i) => {
        const gi = g[i]! + 0.1 * p[i]!;
        s.momentum![i] = 0.9 * s.momentum![i]! + gi;
        p[i]! -= lr * s.momentum![i]!;
      }),
  },
  {
    name: 'sgd nesterov',
    make: () => sgd({ learningRate: lr, momentum: 0.8, nesterov: true }),
    scope: 'sgd',
    slots: ['momentum'],
    step: (p, g, s) =>
      p.forEach((_, i) => {
        s.momentum![i] = 0.8 * s.momentum![i]! + g[i]!;
        p[i]! -= lr * (g[i]! + 0.8 * s.momentum![i]!);
      }),
  },
  {
    name: 'adam',
    make: () => adam({ learningRate: lr, beta1: 0.8, beta2: 0.9, epsilon: 1e-6 }),
    scope: 'adam',
    slots: ['m', 'v'],
    step: (p, g, s, t) =>
      p.forEach((_, i) => {
        s.m![i] = 0.8 * s.m![i]! + 0.2 * g[i]!;
        s.v![i] = 0.9 * s.v![i]! + 0.1 * g[i]! ** 2;
        const mh = s.m![i]! / (1 - 0.8 ** t);
        const vh = s.v![i]! / (1 - 0.9 ** t);
        p[i]! -= (lr * mh) / (Math.sqrt(vh) + 1e-6);
      }),
  },
  {
    name: 'adam with L2 weight decay',
    make: () => adam({ learningRate: lr, weightDecay: 0.2 }),
    scope: 'adam',
    slots: ['m', 'v'],
    step: (p, g, s, t) =>
      p.forEach((_, i) => {
        const gi = g[i]! + 0.2 * p[i]!;
        s.m![i] = 0.9 * s.m![i]! + 0.1 * gi;
        s.v![i] = 0.999 * s.v![i]! + 0.001 * gi ** 2;
        p[i]! -= (lr * (s.m![i]! / (1 - 0.9 ** t))) / (Math.sqrt(s.v![i]! / (1 - 0.999 ** t)) + 1e-8);
      }),
  },
  {
    name: 'adamw',
    make: () => adamW({ learningRate: lr, weightDecay: 0.3 }),
    scope: 'adamw',
    slots: ['m', 'v'],
    step: (p, g, s, t) =>
      p.forEach((_, i) => {
        s.m![i] = 0.9 * s.m![i]! + 0.1 * g[i]!;
        s.v![i] = 0.999 * s.v![i]! + 0.001 * g[i]! ** 2;
        const adamStep = s.m![i]! / (1 - 0.9 ** t) / (Math.sqrt(s.v![i]! / (1 - 0.999 ** t)) + 1e-8);
        p[i] = p[i]! - lr * adamStep - lr * 0.3 * p[i]!;
      }),
  },
  {
    name: 'amsgrad',
    make: () => amsgrad({ learningRate: lr, beta2: 0.5 }),
    scope: 'amsgrad',
    slots: ['m', 'v', 'vmax'],
    step: (p, g, s, t) =>
      p.forEach((_, i) => {
        s.m![i] = 0.9 * s.m![i]! + 0.1 * g[i]!;
        s.v![i] = 0.5 * s.v![i]! + 0.5 * g[i]! ** 2;
        s.vmax![i] = Math.max(s.vmax![i]!, s.v![i]!);
        p[i]! -= (lr * (s.m![i]! / (1 - 0.9 ** t))) / (Math.sqrt(s.vmax![i]! / (1 - 0.5 ** t)) + 1e-8);
      }),
  },
  {
    name: 'adamax',
    make: () => adamax({ learningRate: lr }),
    scope: 'adamax',
    slots: ['m', 'u'],
    step: (p, g, s, t) =>
      p.forEach((_, i) => {
        s.m![i] = 0.9 * s.m![i]! + 0.1 * g[i]!;
        s.u![i] = Math.max(0.999 * s.u![i]!, Math.abs(g[i]!) + 1e-8);
        p[i]! -= ((lr / (1 - 0.9 ** t)) * s.m![i]!) / s.u![i]!;
      }),
  },
  {
    name: 'rmsprop',
    make: () => rmsprop({ learningRate: lr, rho: 0.9 }),
    scope: 'rmsprop',
    slots: ['v'],
    step: (p, g, s) =>
      p.forEach((_, i) => {
        s.v![i] = 0.9 * s.v![i]! + 0.1 * g[i]! ** 2;
        p[i]! -= (lr * g[i]!) / (Math.sqrt(s.v![i]!) + 1e-8);
      }),
  },
  {
    name: 'rmsprop centered + momentum',
    make: () => rmsprop({ learningRate: lr, rho: 0.9, centered: true, momentum: 0.5, epsilon: 1e-4 }),
    scope: 'rmsprop',
    slots: ['v', 'avg', 'momentum'],
    step: (p, g, s) =>
      p.forEach((_, i) => {
        s.v![i] = 0.9 * s.v![i]! + 0.1 * g[i]! ** 2;
        s.avg![i] = 0.9 * s.avg![i]! + 0.1 * g[i]!;
        const d = Math.sqrt(s.v![i]! - s.avg![i]! ** 2) + 1e-4;
        s.momentum![i] = 0.5 * s.momentum![i]! + g[i]! / d;
        p[i]! -= lr * s.momentum![i]!;
      }),
  },
  {
    name: 'adagrad',
    make: () => adagrad({ learningRate: lr, initialAccumulator: 0.1 }),
    scope: 'adagrad',
    slots: ['sum'],
    init: 0.1,
    step: (p, g, s) =>
      p.forEach((_, i) => {
        s.sum![i]! += g[i]! ** 2;
        p[i]! -= (lr * g[i]!) / (Math.sqrt(s.sum![i]!) + 1e-10);
      }),
  },
  {
    name: 'lion',
    make: () => lion({ learningRate: lr, weightDecay: 0.5 }),
    scope: 'lion',
    slots: ['m'],
    step: (p, g, s) =>
      p.forEach((_, i) => {
        const c = 0.9 * s.m![i]! + 0.1 * g[i]!;
        p[i]! -= lr * (Math.sign(c) + 0.5 * p[i]!);
        s.m![i] = 0.99 * s.m![i]! + 0.01 * g[i]!;
      }),
  },
];

describe('optimizers match float64 references of their update formulas', () => {
  for (const c of cases) {
    it(`${c.name}: parameters and state after 3 steps`, () => {
      const { ctx, step } = setup(c.make());
      const w = [...W0];
      const b = [C0];
      const stateOf = () => Object.fromEntries(c.slots.map((s) => [s, zeros(3).fill(c.init ?? 0)]));
      const sw = stateOf();
      const sb = Object.fromEntries(c.slots.map((s) => [s, [c.init ?? 0]]));
      for (let t = 1; t <= 3; t++) {
        const { gw, gc, loss } = referenceGrads(w, b[0]!);
        close(flat(step.call()), [loss], 1e-12, `loss before step ${t}`);
        c.step(w, gw, sw, t);
        c.step(b, [gc], sb, t);
      }
      close(flat(ctx.getVariable('/w')!.value), w, 1e-12, 'w');
      close(flat(ctx.getVariable('/c')!.value), b, 1e-12, 'c');
      for (const slot of c.slots) {
        close(flat(ctx.getVariable(`/optimizer/${c.scope}/w/${slot}`)!.value), sw[slot]!, 1e-12, `w ${slot}`);
        close(flat(ctx.getVariable(`/optimizer/${c.scope}/c/${slot}`)!.value), sb[slot]!, 1e-12, `c ${slot}`);
      }
      expect(flat(ctx.getVariable('/global_step')!.value)).toEqual([3]);
      expect(flat(ctx.getVariable(`/optimizer/${c.scope}/count`)!.value)).toEqual([3]);
      expect(ctx.getVariable(`/optimizer/${c.scope}/w/${c.slots[0] ?? 'none'}`)?.trainable ?? false).toBe(
        false,
      );
    });
  }
});

describe('optimizers converge on least squares (float32)', () => {
  const best = optimum();
  const runs: [string, () => Optimizer, number, number][] = [
    ['sgd', () => sgd({ learningRate: 0.05 }), 2000, 1e-3],
    ['sgd nesterov', () => sgd({ learningRate: 0.02, momentum: 0.9, nesterov: true }), 300, 1e-3],
    ['adam', () => adam({ learningRate: 0.05 }), 600, 1e-3],
    ['adamw (no decay)', () => adamW({ learningRate: 0.05, weightDecay: 0 }), 600, 1e-3],
    ['amsgrad', () => amsgrad({ learningRate: 0.05 }), 800, 2e-3],
    ['adamax', () => adamax({ learningRate: 0.05 }), 2000, 2e-3],
    ['rmsprop', () => rmsprop({ learningRate: 0.01, momentum: 0.5 }), 800, 2e-2],
    ['adagrad', () => adagrad({ learningRate: 0.5 }), 800, 1e-3],
    ['lion', () => lion({ learningRate: 0.002 }), 1500, 1e-2],
  ];
  for (const [name, make, steps, tol] of runs) {
    it(`${name} reaches the optimum within ${tol} in ${steps} steps`, () => {
      const { ctx, step } = setup(make(), 'float32');
      for (let i = 0; i < steps; i++) step.call().dispose();
      const got = [...flat(ctx.getVariable('/w')!.value), ...flat(ctx.getVariable('/c')!.value)];
      got.forEach((x, i) => {
        expect(Math.abs(x - best[i]!), `parameter ${i}: ${x} vs ${best[i]}`).toBeLessThan(tol);
      });
    });
  }
});
