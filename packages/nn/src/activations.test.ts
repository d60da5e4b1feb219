import { execOnce, type Node, reduceSum } from '@tsmlx/graph';
import { describe, expect, it } from 'vitest';
import {
  activation,
  activationNames,
  elu,
  gelu,
  hardSigmoid,
  hardSwish,
  leakyRelu,
  mish,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softplus,
  softsign,
  swiglu,
  swish,
  tanh,
} from './activations.js';
import { checkInputGradient, expectClose, flat, newContext, tensor, testBackend } from './testing.js';

// Reference implementations in float64 (independent of the graph code).
function erfRef(x: number): number {
  // Abramowitz-Stegun 7.1.26 is too coarse; use the Maclaurin series / continued fraction (|err| < 1e-15).
  const t = Math.abs(x);
  if (t < 3) {
    let sum = 0;
    let term = t;
    for (let n = 0; n < 200; n++) {
      sum += term / (2 * n + 1);
      term *= (-t * t) / (n + 1);
      if (Math.abs(term) < 1e-17) break;
    }
    return Math.sign(x) * ((2 / Math.sqrt(Math.PI)) * sum);
  }
  // erfc continued fraction for large |x|.
  let f = 0;
  for (let k = 60; k >= 1; k--) f = k / 2 / (t + f);
  const erfc = Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + f);
  return Math.sign(x) * (1 - erfc);
}
const sig = (x: number): number => 1 / (1 + Math.exp(-x));
const softplusRef = (x: number): number => (x > 30 ? x : x < -30 ? Math.exp(x) : Math.log(1 + Math.exp(x)));
const r6 = (x: number): number => Math.min(Math.max(x, 0), 6);

const references: Record<string, (x: number) => number> = {
  relu: (x) => Math.max(x, 0),
  relu6: r6,
  leaky_relu: (x) => (x >= 0 ? x : 0.01 * x),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  selu: (x) => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * Math.expm1(x)),
  gelu: (x) => 0.5 * x * (1 + erfRef(x / Math.SQRT2)),
  gelu_approx: (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))),
  sigmoid: sig,
  hard_sigmoid: (x) => r6(x + 3) / 6,
  tanh: Math.tanh,
  swish: (x) => x * sig(x),
  silu: (x) => x * sig(x),
  hard_swish: (x) => (x * r6(x + 3)) / 6,
  softplus: softplusRef,
  softsign: (x) => x / (1 + Math.abs(x)),
  mish: (x) => x * Math.tanh(softplusRef(x)),
  none: (x) => x,
};

const inputs = [-100, -20, -3.5, -1, -0.25, 0, 0.3, 1, 2.5, 7, 20, 100];

function run(fn: (x: Node) => Node, values: readonly number[], dims = [values.length]): number[] {
  return flat(execOnce(testBackend, fn, tensor(values, dims)));
}

describe('activations', () => {
  for (const [name, ref] of Object.entries(references)) {
    it(`${name} by name matches its closed form in float64, incl. ±100`, () => {
      const got = run(activation(name), inputs);
      expectClose(got, inputs.map(ref), 1e-12);
      expect(got.every(Number.isFinite)).toBe(true);
    });
  }

  it('the functions equal the named activations', () => {
    const fns: Array<[string, (x: Node) => Node]> = [
      ['relu', relu],
      ['relu6', relu6],
      ['leaky_relu', (x) => leakyRelu(x)],
      ['elu', (x) => elu(x)],
      ['selu', selu],
      ['gelu', (x) => gelu(x)],
      ['sigmoid', sigmoid],
      ['hard_sigmoid', hardSigmoid],
      ['tanh', tanh],
      ['swish', swish],
      ['silu', silu],
      ['hard_swish', hardSwish],
      ['softplus', softplus],
      ['softsign', softsign],
      ['mish', mish],
    ];
    for (const [name, fn] of fns) expectClose(run(fn, inputs), inputs.map(references[name]!), 1e-12);
  });

  it('leakyRelu and elu take their alpha', () => {
    expectClose(
      run((x) => leakyRelu(x, 0.2), [-2, 3]),
      [-0.4, 3],
    );
    expectClose(
      run((x) => elu(x, 0.5), [-2, 3]),
      [0.5 * Math.expm1(-2), 3],
    );
  });

  it('works in float32 too', () => {
    const got = flat(execOnce(testBackend, activation('gelu'), tensor([-1, 0, 1], [3], 'float32')));
    expectClose(got, [-1, 0, 1].map(references.gelu!), 1e-6);
  });

  it('swiglu gates the second half with silu of the first', () => {
    const x = [1, -2, 0.5, 3, 4, -1]; // [1, 6]: a = [1, -2, 0.5], b = [3, 4, -1]
    const expected = [0, 1, 2].map((i) => references.silu!(x[i]!) * x[i + 3]!);
    expectClose(run(swiglu, x, [1, 6]), expected, 1e-12);
    expect(activationNames()).toContain('swiglu');
  });

  it('swiglu rejects an odd last axis', () => {
    expect(() => run(swiglu, [1, 2, 3], [1, 3])).toThrow(/swiglu.*even/);
  });

  it('accepts camelCase and kebab-case names', () => {
    expect(activation('leakyRelu')).toBe(activation('leaky_relu'));
    expect(activation('hard-swish')).toBe(activation('hard_swish'));
    expect(activation('GELU')).toBe(activation('gelu'));
  });

  it('unknown names throw listing the valid ones', () => {
    expect(() => activation('relux')).toThrow(
      /unknown activation "relux"; valid names are: .*relu.*gelu.*swish/,
    );
  });

  it('rejects integer inputs', () => {
    expect(() => execOnce(testBackend, relu, tensor([1, 2], [2], 'int32'))).toThrow(/float/);
  });

  for (const name of [
    'gelu',
    'gelu_approx',
    'selu',
    'elu',
    'softplus',
    'mish',
    'swish',
    'hard_swish',
    'softsign',
    'sigmoid',
    'tanh',
    'leaky_relu',
  ]) {
    it(`${name} has correct gradients (finite differences, float64)`, () => {
      // Points away from the kinks (0, ±3 for the hard variants).
      const xs = [-4.2, -2.1, -0.7, 0.4, 1.3, 2.6, 5.1];
      checkInputGradient(newContext(), (x) => reduceSum(activation(name)(x)), xs, [xs.length]);
    });
  }
});
