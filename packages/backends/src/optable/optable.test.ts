import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { Builder } from '../builder.js';
import { OpError } from '../errors.js';
import { OP_NAMES, OP_TABLE, opSpec } from './index.js';

const f32 = (...dims: number[]) => new Shape('float32', dims);

function infer(op: string, shapes: Shape[], attrs: object = {}): Shape[] {
  return opSpec(op as never).infer(shapes, attrs as never);
}

describe('op table', () => {
  it('declares every primitive op of the issue once', () => {
    const required = [
      'parameter',
      'constant',
      'iota',
      'abs',
      'neg',
      'sign',
      'ceil',
      'floor',
      'round',
      'exp',
      'expm1',
      'log',
      'log1p',
      'logistic',
      'sqrt',
      'rsqrt',
      'sin',
      'cos',
      'tanh',
      'erf',
      'isFinite',
      'isNaN',
      'bitwiseNot',
      'logicalNot',
      'bitCount',
      'clz',
      'add',
      'sub',
      'mul',
      'div',
      'rem',
      'pow',
      'max',
      'min',
      'atan2',
      'bitwiseAnd',
      'bitwiseOr',
      'bitwiseXor',
      'shiftLeft',
      'shiftRightArithmetic',
      'shiftRightLogical',
      'logicalAnd',
      'logicalOr',
      'logicalXor',
      'equal',
      'notEqual',
      'greaterThan',
      'greaterOrEqual',
      'lessThan',
      'lessOrEqual',
      'convertDType',
      'bitcast',
      'broadcastInDim',
      'reshape',
      'transpose',
      'reverse',
      'concatenate',
      'slice',
      'dynamicSlice',
      'dynamicUpdateSlice',
      'pad',
      'where',
      'clamp',
      'reduceSum',
      'reduceProduct',
      'reduceMax',
      'reduceMin',
      'reduceBitwiseAnd',
      'reduceBitwiseOr',
      'reduceBitwiseXor',
      'reduceLogicalAnd',
      'reduceLogicalOr',
      'reduceLogicalXor',
      'argMinMax',
      'reduceWindow',
      'dotGeneral',
      'convGeneral',
      'gather',
      'scatterSum',
      'scatterMax',
      'scatterMin',
      'selectAndScatterMax',
      'selectAndScatterMin',
      'selectAndScatterSum',
      'rngBitGenerator',
      'while',
      'if',
      'sort',
      'call',
    ];
    expect([...OP_NAMES].sort()).toEqual([...required].sort());
    for (const name of OP_NAMES) expect(OP_TABLE[name].name).toBe(name);
  });

  it('rejects unknown ops listing the known ones', () => {
    expect(() => opSpec('fft' as never)).toThrow(/fft: unknown op; known ops are parameter, constant/);
  });
});

describe('shape inference', () => {
  it('elementwise: equal shapes, dtype classes, bool results for comparisons', () => {
    expect(infer('add', [f32(2, 3), f32(2, 3)])[0]!.toString()).toBe('(float32)[2, 3]');
    expect(infer('lessThan', [f32(4), f32(4)])[0]!.dtype).toBe('bool');
    expect(infer('isNaN', [f32(4)])[0]!.dtype).toBe('bool');
    expect(() => infer('add', [f32(2, 3), f32(3, 2)])).toThrow(
      'add: operands must have equal shapes (use broadcastInDim/convertDType first), got (float32)[2, 3], (float32)[3, 2]',
    );
    expect(() => infer('add', [f32(2), new Shape('int32', [2])])).toThrow(OpError);
    expect(() => infer('exp', [new Shape('int32', [2])])).toThrow(
      'exp: operand (int32)[2] has dtype int32; expected a float dtype (float16, bfloat16, float32, float64)',
    );
    expect(() => infer('bitwiseAnd', [f32(1), f32(1)])).toThrow(/expected an integer dtype/);
    expect(() => infer('logicalOr', [new Shape('int8', []), new Shape('int8', [])])).toThrow(/expected bool/);
    expect(() => infer('neg', [f32(1), f32(1)])).toThrow('neg: takes 1 operand, got 2');
  });

  it('bitcast changes a trailing axis when widths differ', () => {
    expect(infer('bitcast', [f32(3)], { dtype: 'uint16' })[0]!.toString()).toBe('(uint16)[3, 2]');
    expect(infer('bitcast', [new Shape('uint16', [3, 2])], { dtype: 'float32' })[0]!.toString()).toBe(
      '(float32)[3]',
    );
    expect(() => infer('bitcast', [new Shape('uint16', [3])], { dtype: 'float32' })).toThrow(
      /last axis of size 2/,
    );
  });

  it('layout ops', () => {
    expect(infer('broadcastInDim', [f32(3, 1)], { dims: [2, 3, 4], axesMapping: [1, 2] })[0]!.dims).toEqual([
      2, 3, 4,
    ]);
    expect(() => infer('broadcastInDim', [f32(3)], { dims: [2, 4], axesMapping: [1] })).toThrow(
      /axis 0 \(size 3\) cannot broadcast to result axis 1 of \[2, 4\] \(size 4\)/,
    );
    expect(() => infer('reshape', [f32(2, 3)], { dims: [4] })).toThrow(
      'reshape: cannot reshape (float32)[2, 3] (6 elements) to [4] (4 elements)',
    );
    expect(infer('transpose', [f32(2, 3, 4)], { permutation: [2, 0, 1] })[0]!.dims).toEqual([4, 2, 3]);
    expect(() => infer('transpose', [f32(2, 3)], { permutation: [0, 0] })).toThrow(/repeat axis 0/);
    expect(infer('slice', [f32(10, 5)], { start: [1, 0], limit: [10, 5], strides: [3, 2] })[0]!.dims).toEqual(
      [3, 3],
    );
    expect(() => infer('slice', [f32(4)], { start: [3], limit: [5], strides: [1] })).toThrow(
      /limit \(5\) ≤ 4/,
    );
    expect(infer('pad', [f32(3), f32()], { low: [-1], high: [2], interior: [1] })[0]!.dims).toEqual([6]);
    expect(infer('pad', [f32(0), f32()], { low: [1], high: [1], interior: [3] })[0]!.dims).toEqual([2]);
    expect(() => infer('pad', [f32(2), f32()], { low: [-3], high: [0], interior: [0] })).toThrow(
      /negative size -1/,
    );
    expect(infer('concatenate', [f32(2, 3), f32(0, 3), f32(4, 3)], { axis: 0 })[0]!.dims).toEqual([6, 3]);
    expect(() => infer('concatenate', [f32(2, 3), f32(2, 4)], { axis: 0 })).toThrow(/every dim but axis 0/);
    const i32 = new Shape('int32', []);
    expect(infer('dynamicSlice', [f32(5, 6), i32, i32], { sizes: [2, 6] })[0]!.dims).toEqual([2, 6]);
    expect(() => infer('dynamicSlice', [f32(5, 6), i32], { sizes: [2, 6] })).toThrow(/needs 2 start indices/);
    expect(infer('where', [new Shape('bool', []), f32(2), f32(2)])[0]!.dims).toEqual([2]);
    expect(() => infer('where', [new Shape('bool', [3]), f32(2), f32(2)])).toThrow(/condition \(bool\)\[3\]/);
  });

  it('reductions and windows', () => {
    expect(infer('reduceSum', [f32(2, 3, 4)], { axes: [0, 2] })[0]!.dims).toEqual([3]);
    expect(() => infer('reduceSum', [f32(2)], { axes: [1] })).toThrow(
      /axes entry 1 is out of range for rank 1/,
    );
    expect(
      infer('argMinMax', [f32(2, 3)], { axis: 1, isMin: false, outputDType: 'int32' })[0]!.toString(),
    ).toBe('(int32)[2]');
    const pool = {
      reduction: 'max',
      windowDims: [1, 2, 2, 1],
      strides: [1, 2, 2, 1],
      baseDilations: [1, 1, 1, 1],
      windowDilations: [1, 1, 1, 1],
      padding: [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    };
    expect(infer('reduceWindow', [f32(8, 28, 28, 3)], pool)[0]!.dims).toEqual([8, 14, 14, 3]);
    // Padded size 5+1+1 = 7, dilated window (3-1)*2+1 = 5, stride 2 -> floor((7-5)/2)+1 = 2.
    expect(
      infer('reduceWindow', [f32(5)], {
        reduction: 'sum',
        windowDims: [3],
        strides: [2],
        baseDilations: [1],
        windowDilations: [2],
        padding: [[1, 1]],
      })[0]!.dims,
    ).toEqual([2]);
  });

  it('dotGeneral and convGeneral', () => {
    const dot = { lhsBatchAxes: [0], lhsContractingAxes: [2], rhsBatchAxes: [0], rhsContractingAxes: [1] };
    expect(infer('dotGeneral', [f32(5, 2, 3), f32(5, 3, 4)], dot)[0]!.dims).toEqual([5, 2, 4]);
    expect(() => infer('dotGeneral', [f32(5, 2, 3), f32(5, 4, 4)], dot)).toThrow(
      /contracting axis lhs 2 \(size 3\) does not match rhs 1 \(size 4\)/,
    );
    const conv = {
      inputBatchAxis: 0,
      inputChannelsAxis: 3,
      inputSpatialAxes: [1, 2],
      kernelInputChannelsAxis: 2,
      kernelOutputChannelsAxis: 3,
      kernelSpatialAxes: [0, 1],
      outputBatchAxis: 0,
      outputChannelsAxis: 3,
      outputSpatialAxes: [1, 2],
      strides: [1, 1],
      padding: [
        [1, 1],
        [1, 1],
      ],
      inputDilations: [1, 1],
      kernelDilations: [1, 1],
      featureGroupCount: 1,
      batchGroupCount: 1,
    };
    expect(infer('convGeneral', [f32(32, 28, 28, 32), f32(3, 3, 32, 64)], conv)[0]!.dims).toEqual([
      32, 28, 28, 64,
    ]);
    expect(() => infer('convGeneral', [f32(32, 28, 28, 16), f32(3, 3, 32, 64)], conv)).toThrow(
      /input channels \(16\) must equal kernel input channels \(32\) × featureGroupCount \(1\)/,
    );
  });

  it('gather as an embedding lookup', () => {
    const attrs = {
      indexVectorAxis: 1,
      offsetAxes: [1],
      collapsedSliceAxes: [0],
      startIndexMap: [0],
      sliceSizes: [1, 8],
      operandBatchingAxes: [],
      startIndicesBatchingAxes: [],
      indicesAreSorted: false,
    };
    expect(infer('gather', [f32(100, 8), new Shape('int32', [5, 1])], attrs)[0]!.dims).toEqual([5, 8]);
    expect(() => infer('gather', [f32(100, 8), new Shape('float32', [5, 1])], attrs)).toThrow(
      /integer dtype/,
    );
  });

  it('control flow checks sub-program signatures', () => {
    const s = new Shape('int32', []);
    const b = new Builder('outer');
    const cond = b.subProgram('cond', [s], ([i], sb) => [
      sb.lessThan(i!, sb.constant(new Int32Array([10]), s)),
    ]);
    const body = b.subProgram('body', [s], ([i], sb) => [sb.add(i!, sb.constant(new Int32Array([1]), s))]);
    expect(infer('while', [s], { cond, body })).toHaveLength(1);
    expect(() => infer('while', [f32()], { cond, body })).toThrow(
      /cond must take \(\(float32\)\[\]\), but takes \(\(int32\)\[\]\)/,
    );
    expect(() => infer('while', [s], { cond: body, body })).toThrow(/cond must return one bool scalar/);
  });
});

describe('Builder', () => {
  it('records a program with checked shapes', () => {
    const b = new Builder('axpy');
    const x = b.parameter(f32(3));
    const y = b.parameter(f32(3));
    const program = b.build([b.add(b.mul(x, x), y)]);
    expect(program.parameters.map(String)).toEqual(['(float32)[3]', '(float32)[3]']);
    expect(program.instructions.map((i) => i.op)).toEqual(['parameter', 'parameter', 'mul', 'add']);
    expect(() => b.add(x, y)).toThrow(/builder "axpy" is finished/);
  });

  it('refuses values of another builder and compiling without a backend', () => {
    const a = new Builder('a');
    const b = new Builder('b');
    const x = a.parameter(f32(1));
    expect(() => b.neg(x)).toThrow(/belongs to another builder \("a"\)/);
    expect(() => a.compile([x])).toThrow(/created without a backend/);
  });
});
