import { describe, expect, it } from 'vitest';
import { trainLinear } from './linear.js';

describe('linear regression example', () => {
  it('recovers the weights and bias used to make the data', async () => {
    const r = await trainLinear({
      features: 3,
      examples: 512,
      epochs: 8,
      backend: 'simple',
      progress: false,
      log: () => {},
    });
    expect(r.steps).toBe(8 * 16);
    r.trueWeights.forEach((w, i) => {
      expect(r.weights[i]).toBeCloseTo(w, 1);
    });
    expect(r.bias).toBeCloseTo(r.trueBias, 1);
    // The noise has std 0.05: the best achievable MSE is about 0.0025.
    expect(r.mse).toBeLessThan(0.004);
    expect(r.mse).toBeGreaterThan(0.001);
  });
});
