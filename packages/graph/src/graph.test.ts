import { OP_NAMES, OpError } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import * as gen from './gen_ops.js';
import { Graph } from './graph.js';
import { add, mul } from './ops/arith.js';
import { constant, scalar } from './ops/constants.js';
import { subProgram } from './ops/control.js';

const f32 = (...dims: number[]) => new Shape('float32', dims);

/** The first stack frame of an error (the line right after the message). */
function firstFrame(error: unknown): string {
  const stack = (error as Error).stack ?? '';
  return stack.split('\n').find((line) => /^\s+at\s/.test(line)) ?? '';
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('Graph and Node', () => {
  it('records op, inputs, attributes, output index and static shape', () => {
    const g = new Graph('test');
    const x = g.parameter(f32(2, 3));
    const y = gen.exp(x);
    expect(x.op).toBe('parameter');
    expect(x.graph).toBe(g);
    expect(y.op).toBe('exp');
    expect(y.inputs).toEqual([x]);
    expect(y.attrs).toEqual({});
    expect(y.outputIndex).toBe(0);
    expect(y.shape.toString()).toBe('(float32)[2, 3]');
    expect(y.dtype).toBe('float32');
    expect(y.rank).toBe(2);
    expect(y.siblings).toEqual([y]);
    expect(g.parameters).toEqual([x]);
    expect(g.nodes).toEqual([x, y]);
    const r = gen.reduceSum(y, { axes: [1] });
    expect(r.attrs).toEqual({ axes: [1] });
    expect(r.shape.toString()).toBe('(float32)[2]');
  });

  it('records where each node was created (the user line)', () => {
    const g = new Graph();
    const x = g.parameter(f32(2));
    const y = gen.neg(x);
    expect(y.createdAt).toMatch(/graph\.test\.ts:\d+:\d+/);
    expect(y.stack?.split('\n')[1]).toMatch(/graph\.test\.ts/);
    const quiet = new Graph('quiet', { captureStacks: false });
    expect(gen.neg(quiet.parameter(f32(1))).stack).toBeUndefined();
  });

  it('gives multi-output ops one node per output, siblings of each other', () => {
    const g = new Graph();
    const x = g.parameter(f32(4));
    const i = g.parameter(new Shape('int32', [4]));
    const comparator = subProgram(
      'less',
      [Shape.scalar('float32'), Shape.scalar('float32'), Shape.scalar('int32'), Shape.scalar('int32')],
      (a, b) => gen.lessThan(a!, b!),
    );
    const outs = gen.sort([x, i], { axis: 0, stable: true, comparator });
    expect(outs.map((n) => n.outputIndex)).toEqual([0, 1]);
    expect(outs[0]!.siblings).toEqual(outs);
    expect(outs[1]!.shape.dtype).toBe('int32');
    const program = g.buildProgram([outs[1]!]);
    expect(program.instructions.map((ins) => ins.op)).toEqual(['parameter', 'parameter', 'sort']);
    expect(program.outputs).toEqual([program.instructions[2]!.outputs[1]]);
  });

  it('lowers only the nodes reachable from the outputs, but every parameter', () => {
    const g = new Graph('lower');
    const x = g.parameter(f32(3));
    const unused = g.parameter(f32(5));
    gen.exp(x); // not reachable
    const y = add(x, scalar(g, 2, 'float32'));
    const program = g.buildProgram([y]);
    expect(program.parameters.map(String)).toEqual(['(float32)[3]', '(float32)[5]']);
    expect(program.instructions.map((ins) => ins.op)).toEqual([
      'parameter',
      'parameter',
      'constant',
      'broadcastInDim',
      'add',
    ]);
    expect(unused.id).toBe(1);
  });

  it('shares scalar constants', () => {
    const g = new Graph();
    expect(scalar(g, 1, 'float32')).toBe(scalar(g, 1, 'float32'));
    expect(scalar(g, 1, 'float32')).not.toBe(scalar(g, 1, 'float64'));
    expect(scalar(g, 0, 'float32')).not.toBe(scalar(g, -0, 'float32'));
  });

  it('throws build errors at once, naming op, shapes and dtypes, with the stack at the user line', () => {
    const g = new Graph();
    const x = g.parameter(f32(2, 3));
    const y = g.parameter(f32(2, 4));
    const broadcastError = thrown(() => add(x, y));
    expect(broadcastError.message).toMatch(
      /add: cannot broadcast \(float32\)\[2, 3\] with \(float32\)\[2, 4\]: axis 1/,
    );
    expect(firstFrame(broadcastError)).toMatch(/graph\.test\.ts/);

    const z = g.parameter(new Shape('int32', [2, 3]));
    const dtypeError = thrown(() => mul(x, z));
    expect(dtypeError).toBeInstanceOf(OpError);
    expect(dtypeError.message).toMatch(
      /mul: operands have different dtypes: \(float32\)\[2, 3\], \(int32\)\[2, 3\]/,
    );
    expect(dtypeError.message).toMatch(/convert\(x, 'float32'\)/);
    expect(firstFrame(dtypeError)).toMatch(/graph\.test\.ts/);

    const tableError = thrown(() => gen.reshape(x, { dims: [7] }));
    expect(tableError).toBeInstanceOf(OpError);
    expect(tableError.message).toMatch(/reshape: cannot reshape \(float32\)\[2, 3\] \(6 elements\) to \[7\]/);
    expect(firstFrame(tableError)).toMatch(/graph\.test\.ts/);
  });

  it('refuses nodes of another graph and non-nodes', () => {
    const g1 = new Graph('one');
    const g2 = new Graph('two');
    const a = g1.parameter(f32(1));
    const b = g2.parameter(f32(1));
    expect(() => gen.add(a, b)).toThrow(/different graphs \("one" and "two"\)/);
    expect(() => gen.neg(3 as never)).toThrow(/operands must be Nodes, got number 3/);
    expect(() => g1.parameter([2] as never)).toThrow(/shape must be a Shape/);
  });

  it('prints a readable listing, and the creation sites in debugString', () => {
    const g = new Graph('axpy');
    const x = g.parameter(f32(3));
    const c = constant(g, [1, 2, 3], 'float32');
    mul(add(x, c), 2);
    const text = g.toString();
    expect(text).toBe(
      [
        'Graph "axpy": 1 parameter, 6 nodes',
        '  %0 = parameter p0 : (float32)[3]',
        '  %1 = constant [1, 2, 3] : (float32)[3]',
        '  %2 = add(%0, %1) : (float32)[3]',
        '  %3 = constant 2 : (float32)[]',
        '  %4 = broadcastInDim(%3) {dims: [3], axesMapping: []} : (float32)[3]',
        '  %5 = mul(%2, %4) : (float32)[3]',
      ].join('\n'),
    );
    expect(g.debugString()).toMatch(
      /%2 = add\(%0, %1\) : \(float32\)\[3\] {4}\/\/ .*graph\.test\.ts:\d+:\d+/,
    );
  });
});

describe('generated raw wrappers', () => {
  it('exist for every op of the table (keywords renamed)', () => {
    const renamed: Record<string, string> = { while: 'whileLoop', if: 'ifElse' };
    const exported = gen as unknown as Record<string, unknown>;
    for (const op of OP_NAMES) {
      if (op === 'parameter' || op === 'constant') continue;
      expect(typeof exported[renamed[op] ?? op], op).toBe('function');
    }
  });

  it('build the op with its attributes', () => {
    const g = new Graph();
    const x = g.parameter(f32(2, 3));
    const t = gen.transpose(x, { permutation: [1, 0] });
    expect(t.shape.toString()).toBe('(float32)[3, 2]');
    const i = gen.iota(g, { shape: new Shape('int32', [4]), axis: 0 });
    expect(i.shape.toString()).toBe('(int32)[4]');
    const c = gen.concatenate([x, x], { axis: 0 });
    expect(c.shape.toString()).toBe('(float32)[4, 3]');
    expect(() => gen.concatenate([], { axis: 0 })).toThrow(/needs at least one operand/);
  });
});
