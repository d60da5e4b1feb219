import { Builder } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimpleBackend } from '../backend.js';
import '../kernels/index.js';
import { acquireThreads, releaseThreads } from '../threads/runtime.js';
import { threadSupport } from '../threads/spawn.js';
import { hasWasmSimd } from '../wasm/features.js';

// A fused chain reading folded broadcasts (a scalar and a bias over the last axis) on a multi-threaded
// backend (where it runs on the calling thread, tiling its repeated inputs): same bits as on one thread.

const enabled = threadSupport() === 'sync' && hasWasmSimd();

function run(backend: SimpleBackend, rows: number, channels: number): Float32Array {
  const b = new Builder('bias_scale', backend);
  const shape = new Shape('float32', [rows, channels]);
  const [x, bias, s] = [
    b.parameter(shape),
    b.parameter(new Shape('float32', [channels])),
    b.parameter(new Shape('float32', [])),
  ];
  const biased = b.add(x, b.broadcastInDim(bias, { dims: shape.dims, axesMapping: [1] }));
  const exe = b.compile([
    b.mul(b.max(biased, x), b.broadcastInDim(s, { dims: shape.dims, axesMapping: [] })),
  ]);
  const xs = Float32Array.from({ length: shape.size }, (_v, i) => Math.sin(i * 0.013) * 3);
  const bs = Float32Array.from({ length: channels }, (_v, i) => i / 7 - 2);
  const inputs = [
    backend.bufferFromHost(xs, shape),
    backend.bufferFromHost(bs, new Shape('float32', [channels])),
    backend.bufferFromHost(new Float32Array([1.5]), new Shape('float32', [])),
  ];
  exe.execute(inputs)[0]!.dispose();
  const out = exe.execute(inputs)[0]!;
  const host = out.toHostSync() as Float32Array;
  out.dispose();
  for (const input of inputs) input.dispose();
  exe.dispose();
  // Independent reference (float32 rounding after each op).
  for (let i = 0; i < shape.size; i++) {
    const t = Math.fround(xs[i]! + bs[i % channels]!);
    const want = Math.fround(Math.max(t, xs[i]!) * 1.5);
    if (!Object.is(host[i], want)) expect.fail(`[${i}]: ${host[i]} vs ${want}`);
  }
  return host;
}

describe.skipIf(!enabled)('folded broadcasts on threads=2', () => {
  const one = new SimpleBackend({ threads: 1 });
  const two = new SimpleBackend({ threads: 2 });
  const runtime = acquireThreads(2);

  beforeAll(async () => {
    expect(two.threads).toBe(2);
    run(two, 4, 8); // compiles: starts the pool
    const pool = runtime!.pool!;
    for (let i = 0; i < 200 && pool.onlineCount < pool.workerCount; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });
  afterAll(() => {
    releaseThreads(runtime);
    two.dispose();
    one.dispose();
  });

  it('matches one thread bit for bit', () => {
    const expected = run(one, 1024, 128);
    const actual = run(two, 1024, 128);
    expect(new Uint32Array(actual.slice().buffer)).toEqual(new Uint32Array(expected.slice().buffer));
  });
});
