import type { Program, ValueId } from '@tsmlx/backends';
import { Emitter, type ModuleContext, type Precision } from './emitter.js';
import { LOWERINGS } from './lower/index.js';
import type { Lowering } from './lower/types.js';
import { SsaNames, type Val } from './printer.js';
import { StableHLOError } from './shapes.js';
import { sanitizeIdentifier, tensorType } from './types.js';

/** Options of {@link emitStableHLO}. */
export interface EmitOptions {
  /** Name of the MLIR module (sanitized); defaults to the program's name. */
  moduleName?: string;
  /** `precision_config` of dot_general and convolution; default `HIGHEST`. */
  precision?: Precision;
}

/**
 * Renumbers the `%N` SSA names of a function body in order of first appearance, so names read top to bottom
 * (ops owning regions allocate their result names after their regions' contents).
 */
function renumber(body: string): string {
  const names = new Map<string, number>();
  return body.replace(/%(\d+)/g, (_m, n: string) => {
    let k = names.get(n);
    if (k === undefined) {
      k = names.size;
      names.set(n, k);
    }
    return `%${k}`;
  });
}

/** Builds one module: the public `main` and one private function per distinct `call`ed sub-program. */
class ModuleBuilder implements ModuleContext {
  readonly precision: Precision;
  private readonly privates: string[] = [];
  private readonly callees = new Map<Program, string>();
  private readonly symbols = new Set<string>(['main']);

  constructor(options: EmitOptions) {
    this.precision = options.precision ?? 'HIGHEST';
  }

  lowerInto(e: Emitter, program: Program, params: readonly Val[]): Val[] {
    if (params.length !== program.parameterIds.length) {
      throw new StableHLOError(
        program.name,
        `takes ${program.parameterIds.length} parameters, got ${params.length}`,
      );
    }
    const env = new Map<ValueId, Val>();
    for (const [i, id] of program.parameterIds.entries()) env.set(id, params[i]!);
    for (const instr of program.instructions) {
      if (instr.op === 'parameter') {
        const index = (instr.attrs as { index: number }).index;
        env.set(instr.outputs[0]!, params[index]!);
        continue;
      }
      const lowering = LOWERINGS[instr.op] as Lowering | undefined;
      if (!lowering) throw new StableHLOError(instr.op, 'has no StableHLO lowering');
      const operands = instr.operands.map((id) => {
        const v = env.get(id);
        if (!v) throw new StableHLOError(instr.op, `operand value ${id} is not defined before use`);
        return v;
      });
      const outs = lowering(e, instr, operands);
      if (outs.length !== instr.outputs.length || outs.some((v, k) => !v.shape.equals(instr.shapes[k]!))) {
        throw new StableHLOError(
          instr.op,
          `lowering produced (${outs.map((v) => v.shape).join(', ')}), expected (${instr.shapes.join(', ')})`,
        );
      }
      for (const [k, v] of outs.entries()) env.set(instr.outputs[k]!, v);
    }
    return program.outputs.map((id) => {
      const v = env.get(id);
      if (!v) throw new StableHLOError(program.name, `output value ${id} is never defined`);
      return v;
    });
  }

  callee(program: Program): string {
    const known = this.callees.get(program);
    if (known) return known;
    const base = sanitizeIdentifier(program.name || 'fn');
    let name = base;
    for (let k = 1; this.symbols.has(name); k++) name = `${base}_${k}`;
    this.symbols.add(name);
    this.callees.set(program, name);
    this.privates.push(this.function(name, program, 'private '));
    return name;
  }

  /** The text of `func.func [private] @name(...)` lowering `program`. */
  function(name: string, program: Program, visibility: string): string {
    const args: Val[] = program.parameters.map((shape, i) => ({ ref: `%arg${i}`, shape }));
    const e = new Emitter(new SsaNames(), '    ', this);
    const outs = this.lowerInto(e, program, args);
    e.block.terminate('func.return', outs);
    const signature = args.map((a) => `${a.ref}: ${tensorType(a.shape)}`).join(', ');
    const results = outs.map((v) => tensorType(v.shape)).join(', ');
    const body = renumber(e.block.lines.join('\n'));
    return `  func.func ${visibility}@${name}(${signature}) -> (${results}) {\n${body}\n  }`;
  }

  /** The whole module. */
  module(name: string, main: Program): string {
    const mainText = this.function('main', main, '');
    return `module @${sanitizeIdentifier(name)} {\n${[mainText, ...this.privates].join('\n')}\n}\n`;
  }
}

/**
 * Lowers a `Program` (from `@tsmlx/backends`) to a StableHLO module in MLIR's generic form, ready for a PJRT plugin's compile
 * (`format = "mlir"`): `module @name { func.func @main(%arg0: tensor<...>, ...) -> (...) { ... } }`, plus a
 * private function per distinct sub-program used by `call`.
 *
 * @throws StableHLOError when an op has no lowering or a lowering builds an ill-typed op.
 * @example
 * ```ts
 * const b = new Builder('axpy');
 * const x = b.parameter(new Shape('float32', [3]));
 * const text = emitStableHLO(b.build([b.add(x, x)]));
 * ```
 */
export function emitStableHLO(program: Program, options: EmitOptions = {}): string {
  return new ModuleBuilder(options).module(options.moduleName ?? program.name ?? 'program', program);
}
