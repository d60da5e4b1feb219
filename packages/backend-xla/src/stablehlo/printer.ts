import type { Shape } from '@tsmlx/shapes';
import { resultTypeList, tensorType } from './types.js';

// The generic-form printer: SSA names, one op per line, regions as `({ ^bb0(...): ... })`.

/** An emitted SSA value: its reference text (`%3`, `%4#1`, `%arg0`) and its shape. */
export interface Val {
  /** How the value is referenced in the text. */
  readonly ref: string;
  /** Its shape (dtype and dims). */
  readonly shape: Shape;
}

/** SSA numbering shared by a function and all its nested regions (names stay unique in the function). */
export class SsaNames {
  private next = 0;
  /** A fresh `%N` name. */
  fresh(): string {
    return `%${this.next++}`;
  }
}

/** Options of one printed op. */
export interface OpText {
  /** Attribute entries, `name = value`, printed in order inside `{...}`. */
  readonly attrs?: readonly string[];
  /** Region texts from {@link BlockPrinter.regionText}, printed in order inside `(...)`. */
  readonly regions?: readonly string[];
}

/** Collects the lines of one block (a function body or a region) at one indentation. */
export class BlockPrinter {
  /** The printed lines, indentation included. */
  readonly lines: string[] = [];

  /**
   * @param names - the function's SSA numbering.
   * @param indent - the indentation of this block's ops.
   */
  constructor(
    readonly names: SsaNames,
    readonly indent: string,
  ) {}

  /**
   * Prints `results = "name"(operands) (regions) {attrs} : (operand types) -> result types` and returns the
   * result values.
   */
  print(name: string, operands: readonly Val[], results: readonly Shape[], text: OpText = {}): Val[] {
    let lhs = '';
    let vals: Val[] = [];
    if (results.length === 1) {
      const ref = this.names.fresh();
      lhs = `${ref} = `;
      vals = [{ ref, shape: results[0]! }];
    } else if (results.length > 1) {
      const base = this.names.fresh();
      lhs = `${base}:${results.length} = `;
      vals = results.map((shape, i) => ({ ref: `${base}#${i}`, shape }));
    }
    const regions = text.regions?.length ? ` (${text.regions.join(', ')})` : '';
    const attrs = text.attrs?.length ? ` {${text.attrs.join(', ')}}` : '';
    const operandTypes = operands.map((v) => tensorType(v.shape)).join(', ');
    const resultTypes = resultTypeList(results.map(tensorType));
    this.lines.push(
      `${this.indent}${lhs}"${name}"(${operands.map((v) => v.ref).join(', ')})${regions}${attrs} : (${operandTypes}) -> ${resultTypes}`,
    );
    return vals;
  }

  /** Prints a terminator (`stablehlo.return`, `func.return`) of the values. */
  terminate(name: string, values: readonly Val[]): void {
    this.print(name, values, []);
  }

  /** Fresh block arguments of the given shapes. */
  blockArgs(shapes: readonly Shape[]): Val[] {
    return shapes.map((shape) => ({ ref: this.names.fresh(), shape }));
  }

  /**
   * The text of a region whose single block has `args` and the (already terminated) `body` lines; `indent`
   * is the indentation of the op that owns the region.
   */
  static regionText(indent: string, args: readonly Val[], body: BlockPrinter): string {
    const header = args.length
      ? `\n${indent}^bb0(${args.map((a) => `${a.ref}: ${tensorType(a.shape)}`).join(', ')}):`
      : '';
    return `{${header}\n${body.lines.join('\n')}\n${indent}}`;
  }
}
