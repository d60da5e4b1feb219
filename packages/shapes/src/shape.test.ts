import { describe, expect, it } from 'vitest';
import { broadcastAllDims, broadcastDims } from './broadcast.js';
import { ShapeError } from './errors.js';
import { makeShape, normalizeAxis, Shape, sizeOf, stridesOf } from './shape.js';

describe('Shape', () => {
  it('computes rank, size, byte size and row-major strides', () => {
    const s = new Shape('float32', [2, 3, 4]);
    expect(s.rank).toBe(3);
    expect(s.size).toBe(24);
    expect(s.byteSize).toBe(96);
    expect(s.strides).toEqual([12, 4, 1]);
    expect(s.dim(-1)).toBe(4);
    expect(new Shape('float64', [5, 0, 2]).size).toBe(0);
    expect(new Shape('complex128', [3]).byteSize).toBe(48);
  });

  it('treats no dims as a scalar of size 1', () => {
    const s = Shape.scalar('int64');
    expect(s.isScalar()).toBe(true);
    expect(s.size).toBe(1);
    expect(s.strides).toEqual([]);
    expect(s.toString()).toBe('(int64)[]');
  });

  it('is immutable and compares by value', () => {
    const s = makeShape('int32', 2, 3);
    expect(() => {
      (s.dims as number[])[0] = 7;
    }).toThrow(TypeError);
    expect(s.equals(new Shape('int32', [2, 3]))).toBe(true);
    expect(s.equals(new Shape('float32', [2, 3]))).toBe(false);
    expect(s.sameDims(new Shape('float32', [2, 3]))).toBe(true);
    expect(s.withDType('bool').toString()).toBe('(bool)[2, 3]');
    expect(s.withDims([6]).toString()).toBe('(int32)[6]');
    expect(JSON.stringify(s)).toBe('{"dtype":"int32","dims":[2,3]}');
  });

  it('rejects bad dims naming the axis and the value', () => {
    expect(() => new Shape('float32', [2, -1])).toThrow(RangeError);
    expect(() => new Shape('float32', [2, -1])).toThrow(/dimension 1 must be a non-negative integer, got -1/);
    expect(() => new Shape('float32', [1.5])).toThrow(/got 1.5/);
    expect(() => new Shape('float32', [Number.NaN])).toThrow(/got NaN/);
    expect(() => new Shape('float32', ['3' as unknown as number])).toThrow(/got "3"/);
    expect(() => new Shape('float32', 3 as unknown as number[])).toThrow(TypeError);
    expect(() => new Shape('f32' as never, [1])).toThrow(TypeError);
    expect(() => new Shape('f32' as never, [1])).toThrow(/Shape: unknown dtype "f32"/);
    expect(() => new Shape('float32', [2 ** 30, 2 ** 30])).toThrow(/more than can be indexed/);
  });

  it('helpers agree with a direct computation', () => {
    const dims = [3, 1, 4, 1, 5];
    let expectedSize = 1;
    for (const d of dims) expectedSize *= d;
    expect(sizeOf(dims)).toBe(expectedSize);
    const strides = stridesOf(dims);
    // The offset of the last element is size - 1.
    expect(dims.reduce((acc, d, i) => acc + (d - 1) * strides[i]!, 0)).toBe(expectedSize - 1);
    expect(normalizeAxis(-2, 3)).toBe(1);
    expect(() => normalizeAxis(3, 3, 'reduceSum')).toThrow(
      /reduceSum: axis 3 is out of range for rank 3; valid axes are -3..2/,
    );
  });
});

describe('broadcasting', () => {
  it('follows the design rule: scalars anywhere, else equal ranks with 1s stretching', () => {
    expect(broadcastDims([2, 1, 3], [2, 4, 1])).toEqual([2, 4, 3]);
    expect(broadcastDims([], [5, 6])).toEqual([5, 6]);
    expect(broadcastDims([5, 6], [])).toEqual([5, 6]);
    expect(broadcastDims([0, 1], [0, 7])).toEqual([0, 7]);
    expect(broadcastDims(new Shape('float32', [1]), new Shape('float32', [9]))).toEqual([9]);
    expect(broadcastAllDims([[1, 3], [2, 1], []])).toEqual([2, 3]);
  });

  it('names both shapes and the axis that disagrees', () => {
    const a = new Shape('float32', [2, 3]);
    const b = new Shape('float32', [2, 4]);
    expect(() => broadcastDims(a, b, 'add')).toThrow(ShapeError);
    expect(() => broadcastDims(a, b, 'add')).toThrow(
      'add: cannot broadcast (float32)[2, 3] with (float32)[2, 4]: axis 1 has sizes 3 and 4',
    );
  });

  it('does not promote ranks implicitly', () => {
    expect(() => broadcastDims([3], [2, 3], 'mul')).toThrow(/ranks 1 and 2 differ/);
  });
});
