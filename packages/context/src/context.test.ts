import { Graph } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { Context } from './context.js';
import { ones } from './initializers/index.js';

const f32 = (...dims: number[]) => new Shape('float32', dims);

describe('Context scopes and variables', () => {
  it('builds paths from scopes', () => {
    const ctx = new Context({ seed: 1 });
    expect(ctx.scope).toBe('/');
    const layer = ctx.in('encoder').in('layer_0');
    expect(layer.scope).toBe('/encoder/layer_0');
    const w = layer.variable('weights', f32(3, 4));
    expect(w.path).toBe('/encoder/layer_0/weights');
    expect(w.name).toBe('weights');
    expect(w.trainable).toBe(true);
    expect(w.initialized).toBe(false);
    expect(ctx.getVariable('/encoder/layer_0/weights')).toBe(w);
    expect(ctx.in('encoder').getVariable('layer_0/weights')).toBe(w);
    expect(ctx.at('/encoder/layer_0').scope).toBe('/encoder/layer_0');
    expect(() => ctx.in('a/b')).toThrow(/without "\/"/);
    expect(() => ctx.in('')).toThrow(/non-empty/);
  });

  it('lists variables sorted, trainable ones, and those in a scope', () => {
    const ctx = new Context({ seed: 1 });
    ctx.in('b').variable('w', f32(2));
    ctx.in('a').variable('w', f32(2));
    ctx.in('a').variable('count', new Shape('int64', []), { trainable: false });
    ctx.variable('z', f32());
    expect(ctx.variables().map((v) => v.path)).toEqual(['/a/count', '/a/w', '/b/w', '/z']);
    expect(ctx.trainableVariables().map((v) => v.path)).toEqual(['/a/w', '/b/w', '/z']);
    expect(
      ctx
        .in('a')
        .variablesInScope()
        .map((v) => v.path),
    ).toEqual(['/a/count', '/a/w']);
    expect(ctx.deleteVariable('/z')).toBe(true);
    expect(ctx.getVariable('/z')).toBeUndefined();
  });

  it('errors when one graph creates a variable twice, unless through reuse()', () => {
    const ctx = new Context({ seed: 1 });
    const g = new Graph('model');
    ctx.buildIn(g, () => {
      const dense = ctx.in('dense_0');
      const w = dense.variable('weights', f32(3, 4));
      expect(() => dense.variable('weights', f32(3, 4))).toThrow(
        /variable \/dense_0\/weights was already created in this graph "model".*ctx\.reuse\(\).*ctx\.in\('dense_1'\)/,
      );
      expect(dense.reuse().variable('weights', f32(3, 4))).toBe(w);
    });
    // Another graph (e.g. for other input shapes) gets the same variable back.
    const g2 = new Graph('model');
    ctx.buildIn(g2, () => {
      expect(ctx.in('dense_0').variable('weights', f32(3, 4))).toBe(ctx.getVariable('/dense_0/weights'));
    });
    // Host code counts as one build.
    ctx.variable('x', f32());
    expect(() => ctx.variable('x', f32())).toThrow(/already created in this host code/);
  });

  it('reports shape mismatches and missing variables in checked contexts', () => {
    const ctx = new Context({ seed: 1 });
    ctx.in('d').variable('w', f32(3, 4));
    expect(() => ctx.in('d').reuse().variable('w', f32(4, 3))).toThrow(
      /variable \/d\/w exists with shape \(float32\)\[3, 4\]; requested \(float32\)\[4, 3\]/,
    );
    expect(() => ctx.in('d').checked().variable('b', f32(4))).toThrow(
      /variable \/d\/b does not exist .*variables in \/d: \/d\/w/,
    );
    expect(ctx.in('d').checked().isChecked).toBe(true);
    expect(ctx.reuse().isReuse).toBe(true);
  });

  it('sets and reads values from the host', () => {
    const ctx = new Context({ seed: 1 });
    const v = ctx.variable('v', f32(2, 2));
    v.setValue([
      [1, 2],
      [3, 4],
    ]);
    expect(v.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    v.setValue(7);
    expect(v.toArray()).toEqual([
      [7, 7],
      [7, 7],
    ]);
    expect(() => v.setValue([1, 2, 3])).toThrow(/variable \/v/);
    const w = ctx.variableWithValue('w', [1, 2, 3]);
    expect(w.shape.toString()).toBe('(float32)[3]');
    expect(w.toArray()).toEqual([1, 2, 3]);
    expect(() => ctx.variable('u', f32(2)).toArray()).toThrow(/not initialized/);
  });

  it('keeps the initializer of withInitializer for new variables', () => {
    const ctx = new Context({ seed: 1 }).withInitializer(ones);
    expect(ctx.in('x').variable('w', f32(2)).initializer).toBe(ones);
  });
});

describe('Context hyperparameters', () => {
  it('looks values up the scope tree', () => {
    const ctx = new Context({ seed: 1, params: { learning_rate: 0.1, activation: 'relu' } });
    const enc = ctx.in('encoder');
    enc.setParam('learning_rate', 0.01);
    expect(ctx.getParam('learning_rate')).toBe(0.1);
    expect(enc.in('layer_0').getParam('learning_rate')).toBe(0.01);
    expect(enc.getParam('activation')).toBe('relu');
    expect(enc.getParam('dropout', 0.5)).toBe(0.5);
    expect(enc.hasParam('dropout')).toBe(false);
  });

  it('parses parameter strings', () => {
    const ctx = new Context({ seed: 1 });
    ctx.setParams(
      'learning_rate=0.01; batch_size=64;layers=[64, 32]\nuse_bias=false;name=my model;quoted="a;b";/encoder/dropout=0.25;tiny=1e-3;neg=-2',
    );
    expect(ctx.getParamNumber('learning_rate')).toBe(0.01);
    expect(ctx.getParamNumber('batch_size')).toBe(64);
    expect(ctx.getParamList('layers')).toEqual([64, 32]);
    expect(ctx.getParamBoolean('use_bias', true)).toBe(false);
    expect(ctx.getParamString('name')).toBe('my model');
    expect(ctx.getParamString('quoted')).toBe('a;b');
    expect(ctx.getParamNumber('tiny')).toBe(0.001);
    expect(ctx.getParamNumber('neg')).toBe(-2);
    expect(ctx.hasParam('dropout')).toBe(false);
    expect(ctx.in('encoder').getParamNumber('dropout')).toBe(0.25);
    ctx.in('decoder').setParams('dropout=0.5;attention/heads=4');
    expect(ctx.at('/decoder').getParam('dropout')).toBe(0.5);
    expect(ctx.at('/decoder/attention').getParam('heads')).toBe(4);
    expect(() => ctx.setParams('novalue')).toThrow(/expected "key=value"/);
    expect(() => ctx.setParams('l=[1,a]')).toThrow(/lists hold numbers only/);
  });

  it('gives clear errors for missing or mistyped params', () => {
    const ctx = new Context({ seed: 1, params: { lr: 'fast' } });
    expect(() => ctx.in('opt').getParam('momentum')).toThrow(
      /hyperparameter "momentum" is not set in scope \/opt or any parent, and no default was given/,
    );
    expect(() => ctx.getParam('lr', 0.1)).toThrow(
      /"lr" \(set at \/\) is the string "fast", expected a number/,
    );
    expect(() => ctx.getParamNumber('lr')).toThrow(/expected a number/);
    expect(() => ctx.setParam('x', { a: 1 } as never)).toThrow(/must be a number, string, boolean/);
  });

  it('lists every param', () => {
    const ctx = new Context({ seed: 1, params: { b: 1, a: true } });
    ctx.in('s').setParam('c', [1, 2]);
    expect(ctx.params()).toEqual([
      { scope: '/', key: 'a', value: true },
      { scope: '/', key: 'b', value: 1 },
      { scope: '/s', key: 'c', value: [1, 2] },
    ]);
  });
});
