import type { Program } from '@tsmlx/backends';
import type { AnyStorageArray, DType } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import { denseLiteral, formatScalar } from './literals.js';
import { BlockPrinter, type OpText, type SsaNames, type Val } from './printer.js';
import {
  checkRegionResults,
  inferBroadcastInDim,
  inferCompare,
  inferConcatenate,
  inferConvert,
  inferElementwise,
  inferIota,
  inferPad,
  inferReduce,
  inferReshape,
  inferSelect,
  inferSlice,
  scalarShape,
} from './shapes.js';
import { compareType, tensorType, tensorTypeOf } from './types.js';

/** What the emitter needs from the module being built: lowering of sub-programs and private functions. */
export interface ModuleContext {
  /** Lowers `program`'s instructions into `e` with its parameters bound to `params`; returns its outputs. */
  lowerInto(e: Emitter, program: Program, params: readonly Val[]): Val[];
  /** The symbol name of the private function emitted for `program` (emitted once per program). */
  callee(program: Program): string;
  /** Precision of dot_general and convolution. */
  readonly precision: Precision;
}

/** `precision_config` of dot_general and convolution: HIGHEST keeps float32 products in float32 on GPUs. */
export type Precision = 'DEFAULT' | 'HIGH' | 'HIGHEST';

/** Comparison directions of `stablehlo.compare`. */
export type Direction = 'EQ' | 'NE' | 'GT' | 'GE' | 'LT' | 'LE';

/** Formats an `array<i64: ...>` attribute value. */
export function i64Array(values: readonly number[]): string {
  return values.length ? `array<i64: ${values.join(', ')}>` : 'array<i64>';
}

/** Formats `[[lo, hi], ...]` padding as `dense<...> : tensor<Nx2xi64>`. */
export function paddingAttr(padding: ReadonlyArray<readonly [number, number]>): string {
  const body = padding.length ? `[${padding.map(([lo, hi]) => `[${lo}, ${hi}]`).join(', ')}]` : '';
  return `dense<${body}> : ${tensorTypeOf('int64', [padding.length, 2])}`;
}

/**
 * Builds StableHLO ops in one block: typed helpers that check operand types with the StableHLO-level shape
 * inference (so a lowering mistake throws a {@link StableHLOError} naming the op) and print the generic form.
 */
export class Emitter {
  /** The block being printed. */
  readonly block: BlockPrinter;

  /**
   * @param names - SSA numbering of the enclosing function.
   * @param indent - indentation of this block's ops.
   * @param module - sub-program lowering and private functions.
   */
  constructor(
    names: SsaNames,
    indent: string,
    readonly module: ModuleContext,
  ) {
    this.block = new BlockPrinter(names, indent);
  }

  /** Prints any op with explicitly given result shapes (for ops whose shapes the op table inferred). */
  op(name: string, operands: readonly Val[], results: readonly Shape[], text?: OpText): Val[] {
    return this.block.print(name, operands, results, text);
  }

  /** {@link Emitter.op} for a single-result op. */
  op1(name: string, operands: readonly Val[], result: Shape, text?: OpText): Val {
    return this.block.print(name, operands, [result], text)[0]!;
  }

  /**
   * Prints a region whose block takes `args` and whose body `build` emits; the body's results are returned
   * with `stablehlo.return` and checked against `expect` when given.
   */
  region(
    op: string,
    args: readonly Shape[],
    build: (args: Val[], e: Emitter) => Val[],
    expect?: readonly Shape[],
  ): string {
    const child = new Emitter(this.block.names, `${this.block.indent}  `, this.module);
    const vals = child.block.blockArgs(args);
    const out = build(vals, child);
    if (expect)
      checkRegionResults(
        op,
        out.map((v) => v.shape),
        expect,
      );
    child.block.terminate('stablehlo.return', out);
    return BlockPrinter.regionText(this.block.indent, vals, child.block);
  }

  /** A constant tensor from a storage array. */
  constant(shape: Shape, storage: AnyStorageArray): Val {
    return this.op1('stablehlo.constant', [], shape, {
      attrs: [`value = ${denseLiteral(shape, storage)} : ${tensorType(shape)}`],
    });
  }

  /** A constant tensor of `dims` with every element `value` (a splat). */
  splat(dtype: DType, dims: readonly number[], value: number | bigint | boolean): Val {
    const shape = new Shape(dtype, dims);
    const body = shape.size === 0 ? 'dense<>' : `dense<${formatScalar(dtype, value)}>`;
    return this.op1('stablehlo.constant', [], shape, { attrs: [`value = ${body} : ${tensorType(shape)}`] });
  }

  /** A scalar constant. */
  scalar(dtype: DType, value: number | bigint | boolean): Val {
    return this.splat(dtype, [], value);
  }

  /** An elementwise op of one operand whose result has the operand's type. */
  unary(name: string, x: Val): Val {
    return this.op1(name, [x], inferElementwise(name, [x.shape]));
  }

  /** An elementwise op of two operands of equal type. */
  binary(name: string, a: Val, b: Val): Val {
    return this.op1(name, [a, b], inferElementwise(name, [a.shape, b.shape]));
  }

  /** `stablehlo.compare` with the compare type of the operands' dtype. */
  compare(direction: Direction, a: Val, b: Val): Val {
    return this.op1('stablehlo.compare', [a, b], inferCompare(a.shape, b.shape), {
      attrs: [
        `comparison_direction = #stablehlo<comparison_direction ${direction}>`,
        `compare_type = #stablehlo<comparison_type ${compareType(a.shape.dtype)}>`,
      ],
    });
  }

  /** `stablehlo.select`. */
  select(pred: Val, onTrue: Val, onFalse: Val): Val {
    return this.op1(
      'stablehlo.select',
      [pred, onTrue, onFalse],
      inferSelect(pred.shape, onTrue.shape, onFalse.shape),
    );
  }

  /** `stablehlo.convert` (no op when the dtype already matches). */
  convert(x: Val, dtype: DType): Val {
    if (x.shape.dtype === dtype) return x;
    return this.op1('stablehlo.convert', [x], inferConvert(x.shape, dtype));
  }

  /** `stablehlo.broadcast_in_dim`. */
  broadcastInDim(x: Val, dims: readonly number[], mapping: readonly number[]): Val {
    return this.op1('stablehlo.broadcast_in_dim', [x], inferBroadcastInDim(x.shape, dims, mapping), {
      attrs: [`broadcast_dimensions = ${i64Array(mapping)}`],
    });
  }

  /** Broadcasts a scalar to `dims` (no op for a scalar target). */
  broadcastScalar(x: Val, dims: readonly number[]): Val {
    return dims.length === 0 && x.shape.rank === 0 ? x : this.broadcastInDim(x, dims, []);
  }

  /** `stablehlo.reshape` (no op when the dims already match). */
  reshape(x: Val, dims: readonly number[]): Val {
    const out = inferReshape(x.shape, dims);
    return out.sameDims(x.shape) ? x : this.op1('stablehlo.reshape', [x], out);
  }

  /** `stablehlo.slice` (unit strides by default). */
  slice(x: Val, start: readonly number[], limit: readonly number[], strides?: readonly number[]): Val {
    const st = strides ?? start.map(() => 1);
    return this.op1('stablehlo.slice', [x], inferSlice(x.shape, start, limit, st), {
      attrs: [
        `start_indices = ${i64Array(start)}`,
        `limit_indices = ${i64Array(limit)}`,
        `strides = ${i64Array(st)}`,
      ],
    });
  }

  /** `stablehlo.concatenate`. */
  concatenate(xs: readonly Val[], axis: number): Val {
    return this.op1(
      'stablehlo.concatenate',
      xs,
      inferConcatenate(
        xs.map((v) => v.shape),
        axis,
      ),
      {
        attrs: [`dimension = ${axis} : i64`],
      },
    );
  }

  /** `stablehlo.pad`. */
  pad(x: Val, value: Val, low: readonly number[], high: readonly number[], interior: readonly number[]): Val {
    return this.op1('stablehlo.pad', [x, value], inferPad(x.shape, value.shape, low, high, interior), {
      attrs: [
        `edge_padding_low = ${i64Array(low)}`,
        `edge_padding_high = ${i64Array(high)}`,
        `interior_padding = ${i64Array(interior)}`,
      ],
    });
  }

  /** `stablehlo.iota`. */
  iota(shape: Shape, axis: number): Val {
    return this.op1('stablehlo.iota', [], inferIota(shape, axis), {
      attrs: [`iota_dimension = ${axis} : i64`],
    });
  }

  /**
   * A (variadic) `stablehlo.reduce`: `body(accumulators, elements, e)` combines scalars and returns one
   * scalar per input.
   */
  reduce(
    inputs: readonly Val[],
    inits: readonly Val[],
    dims: readonly number[],
    body: (acc: Val[], elem: Val[], e: Emitter) => Val[],
  ): Val[] {
    const op = 'stablehlo.reduce';
    const results = inferReduce(
      op,
      inputs.map((v) => v.shape),
      inits.map((v) => v.shape),
      dims,
    );
    const scalars = inputs.map((v) => scalarShape(v.shape.dtype));
    const region = this.region(
      op,
      [...scalars, ...scalars],
      (args, e) => body(args.slice(0, inputs.length), args.slice(inputs.length), e),
      scalars,
    );
    return this.op(op, [...inputs, ...inits], results, {
      regions: [region],
      attrs: [`dimensions = ${i64Array(dims)}`],
    });
  }
}
