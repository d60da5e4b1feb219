import { describe, expect, it } from 'vitest';
import { parseSimpleOptions } from './backend.js';

describe('parseSimpleOptions', () => {
  it('reads threads, kernels and relaxed', () => {
    expect(parseSimpleOptions('threads=3, kernels=ts, relaxed=off')).toEqual({
      threads: 3,
      kernels: 'ts',
      relaxed: false,
    });
    expect(parseSimpleOptions('relaxed=on').relaxed).toBe(true);
    expect(parseSimpleOptions('kernels=wasm').kernels).toBe('wasm');
  });
  it('names the bad key or value and what is valid', () => {
    expect(() => parseSimpleOptions('threads=0')).toThrow(/threads must be a positive integer, got "0"/);
    expect(() => parseSimpleOptions('kernels=gpu')).toThrow(/kernels must be "ts" or "wasm", got "gpu"/);
    expect(() => parseSimpleOptions('relaxed=yes')).toThrow(/relaxed must be "on" or "off", got "yes"/);
    expect(() => parseSimpleOptions('fast=1')).toThrow(/unknown option "fast".*relaxed=on\|off/);
  });
});

describe('SimpleBackend defaults', () => {
  it('uses the hardware threads where workers can run', async () => {
    const { availableParallelism } = await import('node:os');
    const { SimpleBackend } = await import('./backend.js');
    const backend = new SimpleBackend();
    expect(backend.options.threads).toBe(Math.min(16, availableParallelism()));
    backend.dispose();
  });
});
