import { describe, expect, it } from 'vitest';
import { hostData, toNested } from './values.js';

describe('hostData', () => {
  it('infers dims and float32 from nested numbers', () => {
    const { storage, shape } = hostData([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(shape.toString()).toBe('(float32)[2, 3]');
    expect(storage).toBeInstanceOf(Float32Array);
    expect(Array.from(storage as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('infers int64 from bigints, bool from booleans, keeps TypedArray dtypes', () => {
    expect(hostData([1n, -2n]).shape.toString()).toBe('(int64)[2]');
    expect(Array.from(hostData([1n, -2n]).storage as BigInt64Array)).toEqual([1n, -2n]);
    const b = hostData([true, false, true]);
    expect(b.shape.dtype).toBe('bool');
    expect(Array.from(b.storage as Uint8Array)).toEqual([1, 0, 1]);
    expect(hostData(new Int16Array([1, 2])).shape.toString()).toBe('(int16)[2]');
    expect(hostData(new BigUint64Array([5n])).shape.toString()).toBe('(uint64)[1]');
    expect(hostData(new Uint8ClampedArray([7])).shape.toString()).toBe('(uint8)[1]');
  });

  it('makes scalars and fills a shape with a scalar', () => {
    expect(hostData(2.5).shape.toString()).toBe('(float32)[]');
    const filled = hostData(7, { dtype: 'int32', shape: [2, 2] });
    expect(Array.from(filled.storage as Int32Array)).toEqual([7, 7, 7, 7]);
  });

  it('reshapes flat data and checks the element count', () => {
    const r = hostData(new Float64Array([1, 2, 3, 4, 5, 6]), { shape: [3, 2] });
    expect(r.shape.toString()).toBe('(float64)[3, 2]');
    expect(() => hostData(new Float64Array(5), { shape: [3, 2] })).toThrow(
      /does not fit the data's 5 elements/,
    );
  });

  it('converts to an explicit dtype and checks the values fit', () => {
    expect(Array.from(hostData([1, 2], { dtype: 'int64' }).storage as BigInt64Array)).toEqual([1n, 2n]);
    expect(() => hostData([1.5], { dtype: 'int32' })).toThrow(/cannot store 1.5 as int32: not an integer/);
    expect(() => hostData([300], { dtype: 'int8' })).toThrow(/out of range -128..127/);
    expect(() => hostData([-1], { dtype: 'uint64' })).toThrow(/out of range/);
    expect(() => hostData([2], { dtype: 'bool' })).toThrow(/bool takes true\/false/);
    expect(Array.from(hostData([1, 0], { dtype: 'bool' }).storage as Uint8Array)).toEqual([1, 0]);
  });

  it('encodes float16/bfloat16 from numbers; a Uint16Array is taken as raw bits', () => {
    // 1.0 is 0x3C00 in float16 and 0x3F80 in bfloat16; -2 is 0xC000 / 0xC000.
    expect(Array.from(hostData([1, -2], { dtype: 'float16' }).storage as Uint16Array)).toEqual([
      0x3c00, 0xc000,
    ]);
    expect(Array.from(hostData([1, -2], { dtype: 'bfloat16' }).storage as Uint16Array)).toEqual([
      0x3f80, 0xc000,
    ]);
    const bits = new Uint16Array([0x3c00]);
    const taken = hostData(bits, { dtype: 'float16' });
    expect(Array.from(taken.storage as Uint16Array)).toEqual([0x3c00]);
    expect(taken.storage).not.toBe(bits);
  });

  it('handles zero-size dims', () => {
    expect(hostData([]).shape.toString()).toBe('(float32)[0]');
    expect(hostData([[], []]).shape.toString()).toBe('(float32)[2, 0]');
  });

  it('rejects ragged arrays, mixed kinds and bad values, naming the place', () => {
    expect(() => hostData([[1, 2], [3]])).toThrow(/value\[1\] has length 1, expected an array of length 2/);
    expect(() => hostData([[1], 2] as never)).toThrow(/value\[1\] is a scalar/);
    expect(() => hostData([true, 1])).toThrow(/mixes booleans with numbers/);
    expect(() => hostData(['a'] as never)).toThrow(/value\[0\] is "a"/);
    expect(() => hostData({} as never)).toThrow(/expected a number/);
  });
});

describe('toNested', () => {
  it('rebuilds nested arrays, decoding half floats and bools', () => {
    const f = hostData(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'float16' },
    );
    expect(toNested(f.storage, f.shape)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const b = hostData([true, false]);
    expect(toNested(b.storage, b.shape)).toEqual([true, false]);
    const s = hostData(3n);
    expect(toNested(s.storage, s.shape)).toBe(3n);
    const z = hostData([[], []]);
    expect(toNested(z.storage, z.shape)).toEqual([[], []]);
  });
});
