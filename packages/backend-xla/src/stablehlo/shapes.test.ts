import type { Program } from '@tsmlx/backends';
import { Shape } from '@tsmlx/shapes';
import { describe, expect, it } from 'vitest';
import { Emitter, type ModuleContext } from './emitter.js';
import { SsaNames } from './printer.js';
import {
  inferBroadcastInDim,
  inferCompare,
  inferConcatenate,
  inferElementwise,
  inferIota,
  inferPad,
  inferReduce,
  inferReshape,
  inferSelect,
  inferSlice,
  StableHLOError,
} from './shapes.js';

const s = (dtype: Shape['dtype'], ...dims: number[]) => new Shape(dtype, dims);

describe('StableHLO shape inference', () => {
  it('infers elementwise, compare and select results', () => {
    expect(inferElementwise('stablehlo.add', [s('float32', 2), s('float32', 2)])).toEqual(s('float32', 2));
    expect(inferCompare(s('int32', 3), s('int32', 3))).toEqual(s('bool', 3));
    expect(inferSelect(s('bool'), s('float16', 2, 2), s('float16', 2, 2))).toEqual(s('float16', 2, 2));
  });

  it('throws naming the op on mismatched types', () => {
    expect(() => inferElementwise('stablehlo.add', [s('float32', 2), s('float64', 2)])).toThrow(
      /^stablehlo\.add: operands must have equal types/,
    );
    expect(() => inferCompare(s('int32', 3), s('int32', 4))).toThrow(/^stablehlo\.compare:/);
    expect(() => inferSelect(s('int32'), s('float32'), s('float32'))).toThrow(
      /^stablehlo\.select: predicate must be bool/,
    );
    expect(() => inferSelect(s('bool', 3), s('float32', 2), s('float32', 2))).toThrow(/stablehlo\.select/);
    expect(() => inferElementwise('stablehlo.add', [s('int8', 1), s('uint8', 1)])).toThrow(StableHLOError);
  });

  it('infers layout ops and rejects bad ones', () => {
    expect(inferBroadcastInDim(s('float32', 3), [2, 3], [1])).toEqual(s('float32', 2, 3));
    expect(() => inferBroadcastInDim(s('float32', 3), [2, 4], [1])).toThrow(/^stablehlo\.broadcast_in_dim:/);
    expect(inferReshape(s('int64', 2, 3), [6])).toEqual(s('int64', 6));
    expect(() => inferReshape(s('int64', 2, 3), [5])).toThrow(/^stablehlo\.reshape:/);
    // ceil((5 - 1) / 2) = 2 rows, ceil((6 - 0) / 4) = 2 columns.
    expect(inferSlice(s('float32', 5, 6), [1, 0], [5, 6], [2, 4])).toEqual(s('float32', 2, 2));
    expect(() => inferSlice(s('float32', 5), [3], [2], [1])).toThrow(/^stablehlo\.slice:/);
    expect(inferConcatenate([s('uint8', 1, 2), s('uint8', 3, 2)], 0)).toEqual(s('uint8', 4, 2));
    expect(() => inferConcatenate([s('uint8', 1, 2), s('int8', 3, 2)], 0)).toThrow(
      /^stablehlo\.concatenate:/,
    );
    // 3 elements with interior 1 → 5, low 1, high -2 → 4.
    expect(inferPad(s('float32', 3), s('float32'), [1], [-2], [1])).toEqual(s('float32', 4));
    expect(() => inferPad(s('float32', 3), s('float64'), [0], [0], [0])).toThrow(
      /^stablehlo\.pad: padding value/,
    );
    expect(() => inferPad(s('float32', 1), s('float32'), [-2], [0], [0])).toThrow(/negative size/);
    expect(inferIota(s('int32', 2, 3), 1)).toEqual(s('int32', 2, 3));
    expect(() => inferIota(s('int32', 2, 3), 2)).toThrow(/^stablehlo\.iota:/);
  });

  it('infers a variadic reduce (values + index iota of argMinMax) and checks init values', () => {
    const results = inferReduce(
      'stablehlo.reduce',
      [s('float32', 2, 3), s('int32', 2, 3)],
      [s('float32'), s('int32')],
      [1],
    );
    expect(results).toEqual([s('float32', 2), s('int32', 2)]);
    expect(() =>
      inferReduce(
        'stablehlo.reduce',
        [s('float32', 2, 3), s('int32', 2, 4)],
        [s('float32'), s('int32')],
        [1],
      ),
    ).toThrow(/inputs must have equal dims/);
    expect(() => inferReduce('stablehlo.reduce', [s('float32', 2, 3)], [s('float64')], [1])).toThrow(
      /^stablehlo\.reduce: init value 0 must be a scalar of float32/,
    );
    expect(() => inferReduce('stablehlo.reduce', [s('float32', 2)], [s('float32')], [1])).toThrow(
      /out of range/,
    );
  });
});

describe('Emitter checks', () => {
  const module: ModuleContext = {
    lowerInto: () => [],
    callee: (p: Program) => p.name,
    precision: 'HIGHEST',
  };
  const emitter = () => new Emitter(new SsaNames(), '', module);

  it('prints the generic form of intermediate ops', () => {
    const e = emitter();
    const x = e.iota(s('int32', 2, 3), 1);
    const c = e.splat('int32', [2, 3], 7);
    e.binary('stablehlo.add', x, c);
    expect(e.block.lines).toEqual([
      '%0 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x3xi32>',
      '%1 = "stablehlo.constant"() {value = dense<7> : tensor<2x3xi32>} : () -> tensor<2x3xi32>',
      '%2 = "stablehlo.add"(%0, %1) : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>',
    ]);
  });

  it('throws a StableHLOError naming the op for mismatched operands', () => {
    const e = emitter();
    const a = e.splat('float32', [2], 1);
    const b = e.splat('float64', [2], 1);
    expect(() => e.binary('stablehlo.multiply', a, b)).toThrow(
      /^stablehlo\.multiply: operands must have equal types/,
    );
    expect(() => e.compare('LT', a, b)).toThrow(/^stablehlo\.compare:/);
  });

  it('checks region results against the expected types', () => {
    const e = emitter();
    const x = e.splat('float32', [4], 1);
    const init = e.scalar('float32', 0);
    expect(() =>
      e.reduce([x], [init], [0], ([p], [q], r) => [r.convert(r.binary('stablehlo.add', p!, q!), 'float64')]),
    ).toThrow(/^stablehlo\.reduce: region must return \(\(float32\)\[\]\)/);
  });
});
