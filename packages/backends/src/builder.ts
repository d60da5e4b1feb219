import type { AnyStorageArray } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import type { Backend, Executable } from './backend.js';
import { OpError } from './errors.js';
import { BuilderOps } from './gen_builder_ops.js';
import { opSpec } from './optable/index.js';
import type { OpAttrs, OpName } from './optable/opAttrs.js';
import type { Instruction, Program, ValueId } from './program.js';

/** A value inside a program under construction: an op result or a parameter. */
export interface Value {
  /** Id inside its program. */
  readonly id: ValueId;
  /** Static shape. */
  readonly shape: Shape;
  /** The builder that made it; values of different builders do not mix. */
  readonly builder: Builder;
}

/**
 * Records a {@link Program}: parameters, constants and one typed method per op of the op table (from the
 * generated {@link BuilderOps}). Every op's operands and attributes are checked by its spec as it is added,
 * so an error points at the line that built the bad op.
 *
 * @example
 * ```ts
 * const b = new Builder('axpy', backend);
 * const x = b.parameter(new Shape('float32', [3]));
 * const y = b.parameter(new Shape('float32', [3]));
 * const exe = b.compile([b.add(b.mul(x, x), y)]);
 * ```
 */
export class Builder extends BuilderOps {
  /** Program name. */
  readonly name: string;
  /** Backend `compile()` hands the program to, if any. */
  readonly backend: Backend | undefined;
  private readonly instructions: Instruction[] = [];
  private readonly shapes: Shape[] = [];
  private readonly params: Value[] = [];
  private finished = false;

  /**
   * @param name - program name.
   * @param backend - backend used by {@link Builder.compile}; optional when only {@link Builder.build} is used.
   */
  constructor(name: string, backend?: Backend) {
    super();
    this.name = name;
    this.backend = backend;
  }

  /** Adds an input of the given shape; inputs are numbered in call order. */
  parameter(shape: Shape, name = `p${this.params.length}`): Value {
    const value = this.op('parameter', [], { index: this.params.length, name, shape }) as Value;
    this.params.push(value);
    return value;
  }

  /** Adds a literal tensor (the storage array is kept by reference; do not mutate it afterwards). */
  constant(value: AnyStorageArray, shape: Shape): Value {
    return this.op('constant', [], { value, shape }) as Value;
  }

  /**
   * Adds any op of the table by name: checks operands and attributes with the op's spec and records the
   * instruction. Returns one value, or an array for multi-output ops.
   *
   * @throws OpError naming the op, the operand shapes and what would be valid.
   */
  op<N extends OpName>(name: N, operands: readonly Value[], attrs: OpAttrs[N]): Value | Value[] {
    if (this.finished) throw new OpError(name, `builder "${this.name}" is finished; start a new one`);
    const spec = opSpec(name);
    for (const v of operands) {
      if (v.builder !== this) {
        throw new OpError(
          name,
          `an operand ${v.shape} belongs to another builder ("${v.builder.name}"), not "${this.name}"`,
        );
      }
    }
    const outShapes = spec.infer(
      operands.map((v) => v.shape),
      attrs,
    );
    const outputs = outShapes.map((shape) => {
      this.shapes.push(shape);
      return this.shapes.length - 1;
    });
    this.instructions.push({
      op: name,
      operands: operands.map((v) => v.id),
      attrs,
      outputs,
      shapes: outShapes,
    } as Instruction);
    const values = outputs.map((id, i): Value => ({ id, shape: outShapes[i]!, builder: this }));
    return spec.multiOutput ? values : values[0]!;
  }

  /**
   * Builds a closed sub-program (for `while`, `if`, `sort`, `call`): `fn` receives parameters of the given
   * shapes on a fresh builder and returns the outputs.
   */
  subProgram(
    name: string,
    parameterShapes: readonly Shape[],
    fn: (params: Value[], builder: Builder) => Value[],
  ): Program {
    const sub = new Builder(name);
    const params = parameterShapes.map((s, i) => sub.parameter(s, `${name}_p${i}`));
    return sub.build(fn(params, sub));
  }

  /** Finishes the program with the given outputs and returns it. The builder cannot be used afterwards. */
  build(outputs: readonly Value[]): Program {
    for (const v of outputs) {
      if (v.builder !== this)
        throw new OpError('build', `output ${v.shape} belongs to another builder ("${v.builder.name}")`);
    }
    this.finished = true;
    return Object.freeze({
      name: this.name,
      parameters: this.params.map((p) => p.shape),
      parameterIds: this.params.map((p) => p.id),
      instructions: this.instructions,
      outputs: outputs.map((v) => v.id),
      valueShapes: this.shapes,
    });
  }

  /**
   * Builds the program and compiles it with the builder's backend.
   *
   * @throws OpError when the builder has no backend; UnsupportedError from the backend.
   */
  compile(outputs: readonly Value[]): Executable {
    if (!this.backend) throw new OpError('compile', `builder "${this.name}" was created without a backend`);
    return this.backend.compile(this.build(outputs));
  }
}
