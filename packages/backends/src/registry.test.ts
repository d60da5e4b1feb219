import { describe, expect, it } from 'vitest';
import type { Backend } from './backend.js';
import { getBackend, listBackends, registerBackend } from './registry.js';

function fakeBackend(name: string, options: string): Backend {
  return {
    name,
    description: `${name} with ${options}`,
    capabilities: { ops: new Set(), dtypes: new Set(), devices: [], syncHostAccess: true },
    bufferFromHost: () => {
      throw new Error('unused');
    },
    compile: () => {
      throw new Error('unused');
    },
    dispose: () => undefined,
  };
}

describe('backend registry', () => {
  it('picks by name, alias and options, caching per config', () => {
    registerBackend('alpha-test', (o) => fakeBackend('alpha-test', o), {
      priority: 1,
      aliases: ['alpha-alias'],
    });
    expect(getBackend('alpha-test').description).toBe('alpha-test with ');
    expect(getBackend('alpha-alias:x=1').description).toBe('alpha-test with x=1');
    expect(getBackend('alpha-test')).toBe(getBackend('alpha-test'));
    expect(listBackends().some((b) => b.name === 'alpha-test' && b.aliases.includes('alpha-alias'))).toBe(
      true,
    );
  });

  it('names the known backends when the name is unknown', () => {
    expect(() => getBackend('nope')).toThrow(
      /unknown backend "nope"; registered backends: .*alpha-test \(alpha-alias\)/,
    );
  });

  it('reads TSMLX_BACKEND, and otherwise takes the highest priority that starts', () => {
    registerBackend(
      'broken-test',
      () => {
        throw new Error('no device');
      },
      { priority: 100 },
    );
    registerBackend('beta-test', (o) => fakeBackend('beta-test', o), { priority: 50 });
    const saved = process.env.TSMLX_BACKEND;
    try {
      delete process.env.TSMLX_BACKEND;
      expect(getBackend().name).toBe('beta-test');
      process.env.TSMLX_BACKEND = 'alpha-test:from-env';
      expect(getBackend().description).toBe('alpha-test with from-env');
      expect(() => getBackend('broken-test')).toThrow(/backend "broken-test" failed to start .*no device/);
    } finally {
      if (saved === undefined) delete process.env.TSMLX_BACKEND;
      else process.env.TSMLX_BACKEND = saved;
    }
  });

  it('rejects invalid names', () => {
    expect(() => registerBackend('Bad Name', (o) => fakeBackend('x', o))).toThrow(/invalid name "Bad Name"/);
  });
});
