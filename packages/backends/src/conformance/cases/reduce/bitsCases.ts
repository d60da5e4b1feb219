import type { ConformanceCase } from '../../types.js';
import { handCase, referenceCase } from './axesCase.js';
import type { Combine } from './reference.js';
import { ints } from './tensors.js';

const and32: Combine<number> = (a, b) => a & b;
const or32: Combine<number> = (a, b) => a | b;
const xor32: Combine<number> = (a, b) => a ^ b;
const bools = [1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0];

/** `reduceBitwiseAnd/Or/Xor` and `reduceLogicalAnd/Or/Xor` cases. */
export const bitsCases: ConformanceCase[] = [
  referenceCase(
    'reduceBitwiseAnd',
    'int32 [3,4] over axis 1',
    'int32',
    [3, 4],
    ints(12, -2147483648, 2147483647, 31),
    [1],
    and32,
    -1,
  ),
  referenceCase(
    'reduceBitwiseOr',
    'int32 [3,4] over axis 0',
    'int32',
    [3, 4],
    ints(12, -65536, 65535, 32),
    [0],
    or32,
    0,
  ),
  referenceCase(
    'reduceBitwiseXor',
    'int8 [2,3,2] over axes 0,2',
    'int8',
    [2, 3, 2],
    ints(12, -128, 127, 33),
    [0, 2],
    xor32,
    0,
  ),
  handCase('reduceBitwiseAnd', 'uint32 above 2^31', 'uint32', [2], [0xf0f0f0f0, 0xff00ff00], [0], {
    dims: [],
    values: [0xf000f000],
  }),
  handCase('reduceBitwiseOr', 'uint32 above 2^31', 'uint32', [2], [0xf0f0f0f0, 0x0f000000], [0], {
    dims: [],
    values: [0xfff0f0f0],
  }),
  handCase('reduceBitwiseAnd', 'uint8 over a zero-size axis gives all ones', 'uint8', [0, 2], [], [0], {
    dims: [2],
    values: [255, 255],
  }),
  handCase('reduceBitwiseAnd', 'int32 over a zero-size axis gives -1', 'int32', [0], [], [0], {
    dims: [],
    values: [-1],
  }),
  handCase('reduceBitwiseOr', 'int16 over a zero-size axis gives 0', 'int16', [0], [], [0], {
    dims: [],
    values: [0],
  }),
  handCase('reduceBitwiseXor', 'uint16 over a zero-size axis gives 0', 'uint16', [2, 0], [], [1], {
    dims: [2],
    values: [0, 0],
  }),
  handCase(
    'reduceBitwiseAnd',
    'int64 uses all 64 bits',
    'int64',
    [2, 2],
    [-1n, 2n ** 62n + 5n, -(2n ** 40n), -3n],
    [1],
    {
      dims: [2],
      values: [2n ** 62n + 5n, -(2n ** 40n)],
    },
  ),
  handCase('reduceBitwiseOr', 'int64 uses all 64 bits', 'int64', [3], [2n ** 62n, -(2n ** 63n), 1n], [0], {
    dims: [],
    values: [-(2n ** 63n) + 2n ** 62n + 1n],
  }),
  handCase(
    'reduceBitwiseXor',
    'uint64 uses all 64 bits',
    'uint64',
    [3],
    [2n ** 64n - 1n, 2n ** 63n, 1n],
    [0],
    {
      dims: [],
      values: [2n ** 63n - 2n],
    },
  ),
  handCase('reduceBitwiseAnd', 'uint64 over a zero-size axis gives 2^64-1', 'uint64', [0], [], [0], {
    dims: [],
    values: [2n ** 64n - 1n],
  }),
  handCase('reduceLogicalAnd', 'bool [3,4] over axis 1', 'bool', [3, 4], bools, [1], {
    dims: [3],
    values: [false, true, false],
  }),
  handCase('reduceLogicalAnd', 'bool [3,4] over axis 0', 'bool', [3, 4], bools, [0], {
    dims: [4],
    values: [false, false, false, false],
  }),
  handCase('reduceLogicalAnd', 'bool over a zero-size axis gives true', 'bool', [2, 0], [], [1], {
    dims: [2],
    values: [true, true],
  }),
  handCase('reduceLogicalOr', 'bool [3,4] over axis 1', 'bool', [3, 4], bools, [1], {
    dims: [3],
    values: [true, true, false],
  }),
  handCase('reduceLogicalOr', 'bool over all axes', 'bool', [2, 2], [0, 0, 0, 1], [0, 1], {
    dims: [],
    values: [true],
  }),
  handCase('reduceLogicalOr', 'bool over a zero-size axis gives false', 'bool', [0], [], [0], {
    dims: [],
    values: [false],
  }),
  handCase('reduceLogicalXor', 'bool [3,4] over axis 1 (parity)', 'bool', [3, 4], bools, [1], {
    dims: [3],
    values: [true, false, false],
  }),
  handCase('reduceLogicalXor', 'bool [3,4] over axis 0 (parity)', 'bool', [3, 4], bools, [0], {
    dims: [4],
    values: [false, true, false, false],
  }),
  handCase('reduceLogicalXor', 'bool over a zero-size axis gives false', 'bool', [0, 3], [], [0], {
    dims: [3],
    values: [false, false, false],
  }),
];
