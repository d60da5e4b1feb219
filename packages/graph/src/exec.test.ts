import { SimpleBackend } from '@tsmlx/backend-simple';
import { type Backend, checkProgramSupported, type Program } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { Exec, execOnce } from './exec.js';
import * as gen from './gen_ops.js';
import type { Graph } from './graph.js';
import type { Node } from './node.js';
import { add, mul } from './ops/arith.js';
import { iota, scalar } from './ops/constants.js';
import { Tensor } from './tensor.js';

const backend = new SimpleBackend();

describe('Exec', () => {
  it('runs an identity graph on JS values and Tensors', async () => {
    const exec = new Exec(backend, (x: Node) => x);
    const out = exec.call([
      [1, 2],
      [3, 4],
    ]);
    expect(out).toBeInstanceOf(Tensor);
    expect(out.shape.toString()).toBe('(float32)[2, 2]');
    expect(out.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const input = Tensor.from([5n, 6n]);
    const again = exec.call(input);
    expect(Array.from((await again.data()) as BigInt64Array)).toEqual([5n, 6n]);
    expect(input.onBackend(backend)).toBe(true);
  });

  it('returns the structure the function returned: one, an array or a record', () => {
    const pair = new Exec(backend, (x: Node, y: Node) => [y, x]);
    const [a, b] = pair.call([1], [2, 3]);
    expect(a!.toArray()).toEqual([2, 3]);
    expect(b!.toArray()).toEqual([1]);
    const named = new Exec(backend, (x: Node) => ({ same: x, also: x }));
    const result = named.call([7]);
    expect(Object.keys(result)).toEqual(['same', 'also']);
    expect(result.same.toArray()).toEqual([7]);
    expect(result.also.toArray()).toEqual([7]);
  });

  it('compiles once per tuple of input shapes, with a bounded LRU cache', () => {
    let builds = 0;
    const exec = new Exec(
      backend,
      (x: Node) => {
        builds++;
        return x;
      },
      { cacheSize: 2 },
    );
    exec.call([1, 2]);
    exec.call([3, 4]);
    expect(builds).toBe(1);
    exec.call([1, 2, 3]);
    expect(builds).toBe(2);
    exec.call([[1]]);
    expect(builds).toBe(3);
    expect(exec.cacheSize).toBe(2);
    expect(exec.cachedShapes).toEqual(['(float32)[3]', '(float32)[1, 1]']);
    exec.call([1, 2]); // evicted earlier: rebuilt
    expect(builds).toBe(4);
  });

  it('compile() warms the cache and graphFor() shows the graph', () => {
    let builds = 0;
    const exec = new Exec(backend, (x: Node) => {
      builds++;
      return x;
    });
    exec.compile(new Shape('float32', [2]));
    expect(builds).toBe(1);
    exec.call([1, 2]);
    expect(builds).toBe(1);
    expect(exec.graphFor(new Shape('float32', [2])).toString()).toMatch(
      /%0 = parameter p0 : \(float32\)\[2\]/,
    );
    exec.dispose();
    expect(exec.cacheSize).toBe(0);
  });

  it('passes the graph first when the function declares it', () => {
    const exec = new Exec(backend, (g: Graph, x: Node) => {
      expect(x.graph).toBe(g);
      return x;
    });
    expect(exec.call([1]).toArray()).toEqual([1]);
    const zeroInputs = execOnce(backend, (g: Graph) => scalar(g, 2.5, 'float64'));
    expect(zeroInputs.toArray()).toBe(2.5);
  });

  it('rejects functions that return something other than nodes', () => {
    const exec = new Exec(backend, () => 3 as unknown as Node);
    expect(() => exec.call()).toThrow(
      /must return a Node, an array of Nodes or a record of Nodes; the result is number 3/,
    );
  });

  it('reports an op the backend lacks at compile time, naming op and backend', () => {
    const capabilities = {
      ops: new Set(['parameter', 'constant'] as const),
      dtypes: new Set(['float32'] as const),
      devices: [{ id: 0, kind: 'cpu', description: 'none' }],
      syncHostAccess: true,
    };
    const tiny = {
      name: 'tiny',
      description: 'a backend without ops',
      capabilities,
      bufferFromHost: () => {
        throw new Error('unused');
      },
      compile: (program: Program) => {
        checkProgramSupported('tiny', capabilities, program);
        throw new Error('unreachable');
      },
      dispose: () => {},
    } as unknown as Backend;
    expect(() => new Exec(tiny, (x: Node) => gen.exp(x)).call([1])).toThrow(
      /backend "tiny": op "exp" \(in program ".*"\) is not supported by this backend/,
    );
  });
});

describe('Exec with kernels', () => {
  it('adds with broadcasting and JS scalars', () => {
    const out = execOnce(backend, (x: Node, y: Node) => mul(add(x, y), 2), [[1], [2]], [[10, 20, 30]]);
    // (x + y) * 2 with x (2,1) and y (1,3) broadcast to (2,3).
    const expected = [1, 2].map((a) => [10, 20, 30].map((b) => (a + b) * 2));
    expect(out.toArray()).toEqual(expected);
  });

  it('runs iota from a zero-input function', () => {
    expect(execOnce(backend, (g: Graph) => iota(g, 'int32', [2, 3], 1)).toArray()).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ]);
  });
});
