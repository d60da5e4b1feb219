import { Builder } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { SimpleBackend } from './backend.js';
import './kernels/index.js';
import {
  acquireStorage,
  clearStoragePool,
  freshStorageAllocations,
  pooledStorageBytes,
  releaseStorage,
} from './storagePool.js';

describe('storage pool', () => {
  it('reuses released arrays of the same type and length, never small ones', () => {
    clearStoragePool();
    const big = new Float32Array(4096);
    releaseStorage(big);
    expect(pooledStorageBytes()).toBe(4096 * 4);
    expect(acquireStorage('float32', 4096)).toBe(big);
    expect(acquireStorage('float32', 4096)).not.toBe(big);
    const small = new Float32Array(8);
    releaseStorage(small);
    expect(acquireStorage('float32', 8)).not.toBe(small);
    releaseStorage(new Float32Array(new ArrayBuffer(8 * 4096), 4096, 1024)); // a view: not pooled
    expect(pooledStorageBytes()).toBe(0);
  });

  it('keeps an intermediate alive while a view of it (reshape) is still live', () => {
    clearStoragePool();
    const backend = new SimpleBackend();
    const n = 8192;
    const shape = new Shape('float32', [n]);
    const b = new Builder('alias', backend);
    const x = b.parameter(shape);
    const t = b.exp(x);
    const view = b.reshape(t, { dims: [2, n / 2] });
    const other = b.neg(b.sqrt(x)); // allocated after t's last direct use
    const exe = b.compile([view, other]);
    const input = new Float32Array(n).map((_, i) => (i % 7) / 7);
    for (let run = 0; run < 3; run++) {
      const [v, o] = exe.execute([backend.bufferFromHost(input, shape)]);
      const got = v!.toHostSync() as Float32Array;
      const neg = o!.toHostSync() as Float32Array;
      for (let i = 0; i < n; i += 97) {
        expect(got[i]).toBe(Math.fround(Math.exp(input[i]!)));
        expect(neg[i]).toBe(-Math.fround(Math.sqrt(input[i]!)));
      }
      v!.dispose();
      o!.dispose();
    }
    expect(pooledStorageBytes()).toBeGreaterThan(0);
  });

  for (const threads of [1, 2]) {
    it(`allocates nothing new in steady state with many same-sized intermediates alive (threads=${threads})`, () => {
      clearStoragePool();
      const backend = new SimpleBackend({ threads });
      const shape = new Shape('float32', [64, 64]);
      const b = new Builder('steady', backend);
      const x = b.parameter(shape);
      // Twelve same-sized intermediates, all alive until the products that read them in pairs.
      const ys = Array.from({ length: 12 }, (_, i) =>
        b.exp(
          b.add(
            x,
            b.broadcastInDim(b.constant(new Float32Array([i / 12]), new Shape('float32', [])), {
              dims: [64, 64],
              axesMapping: [],
            }),
          ),
        ),
      );
      const dot = { lhsBatchAxes: [], lhsContractingAxes: [1], rhsBatchAxes: [], rhsContractingAxes: [0] };
      const products = ys.slice(0, 6).map((y, i) => b.dotGeneral(y, ys[11 - i]!, dot));
      const exe = b.compile(products);
      const input = backend.bufferFromHost(new Float32Array(64 * 64).fill(0.5), shape);
      const step = () => {
        for (const out of exe.execute([input])) out.dispose();
      };
      step();
      step();
      const before = freshStorageAllocations();
      step();
      step();
      expect(freshStorageAllocations() - before).toBe(0);
      input.dispose();
      backend.dispose();
    });
  }
});
