import type { DType } from '@tsmlx/dtypes';
import { type Graph, type HostValue, type NestedArray, Node, Tensor } from '@tsmlx/graph';
import type { Shape } from '@tsmlx/shapes';
import { graphState } from './graphState.js';
import type { Initializer } from './initializers/types.js';
import { baseName } from './paths.js';

/**
 * A model variable: a named, shaped tensor that lives in a `Context` across graph runs (weights, biases,
 * optimizer state, counters, the RNG state). Its path is its scope path plus its name
 * (`/encoder/dense_0/weights`).
 *
 * Inside a graph, {@link Variable.valueIn} gives its value as a node (a parameter the executor feeds) and
 * {@link Variable.setValueIn} sets its new value, written back after the run. On the host,
 * {@link Variable.value} is the current tensor (undefined until initialized) and {@link Variable.setValue}
 * replaces it.
 *
 * Variables are made by `ctx.variable(name, shape)`, never with `new`.
 */
export class Variable {
  /** Full path, e.g. `/encoder/dense_0/weights`. */
  readonly path: string;
  /** Last element of the path, e.g. `weights`. */
  readonly name: string;
  /** Shape (dtype and dims); fixed for the variable's life. */
  readonly shape: Shape;
  /** Whether optimizers update it (`ctx.trainableVariables()`). */
  trainable: boolean;
  /** Builds the initial value, in the initialization graph run before the first graph that uses the variable. */
  readonly initializer: Initializer;
  private tensor: Tensor | undefined;

  /** @internal Made by `Context.variable`. */
  constructor(path: string, shape: Shape, initializer: Initializer, trainable: boolean) {
    this.path = path;
    this.name = baseName(path);
    this.shape = shape;
    this.initializer = initializer;
    this.trainable = trainable;
  }

  /** The element dtype. */
  get dtype(): DType {
    return this.shape.dtype;
  }

  /** True once the variable has a value (set, initialized or loaded). */
  get initialized(): boolean {
    return this.tensor !== undefined;
  }

  /**
   * The current value (undefined until initialized). The tensor belongs to the variable and is replaced
   * (and disposed) when a graph run updates the variable: read it right away or copy it.
   */
  get value(): Tensor | undefined {
    return this.tensor;
  }

  /**
   * Replaces the value from the host: a Tensor of the variable's shape (copied), or JS values (nested arrays,
   * a flat TypedArray, or a scalar that fills the shape) converted to the variable's dtype.
   *
   * @throws Error naming the path and both shapes when the shape or dtype differs.
   */
  setValue(value: Tensor | HostValue): void {
    let tensor: Tensor;
    if (value instanceof Tensor) {
      if (!value.shape.equals(this.shape)) {
        throw new Error(
          `variable ${this.path}: cannot set a value of shape ${value.shape}, the variable is ${this.shape}`,
        );
      }
      tensor = Tensor.fromStorage(value.dataSync(), this.shape);
    } else {
      try {
        tensor = Tensor.from(value, { dtype: this.dtype, shape: this.shape.dims });
      } catch (error) {
        throw new Error(`variable ${this.path} ${this.shape}: ${(error as Error).message}`);
      }
      if (!tensor.shape.equals(this.shape)) {
        throw new Error(
          `variable ${this.path}: value has shape ${tensor.shape}, the variable is ${this.shape}`,
        );
      }
    }
    this.replaceValue(tensor);
  }

  /**
   * Takes ownership of `tensor` as the new value, disposing the previous one. @internal Used by the executor.
   */
  replaceValue(tensor: Tensor | undefined): void {
    const old = this.tensor;
    this.tensor = tensor;
    if (old && old !== tensor) old.dispose();
  }

  /** The value as nested JS arrays (see `Tensor.toArray`). @throws Error when not initialized yet. */
  toArray(): NestedArray {
    if (!this.tensor) throw new Error(`variable ${this.path} ${this.shape} is not initialized yet`);
    return this.tensor.toArray();
  }

  /**
   * The variable's value as a node of `g`: the last value set in `g` with {@link Variable.setValueIn}, else a
   * parameter of `g` (added on first use) that the executor feeds with the variable's value.
   */
  valueIn(g: Graph): Node {
    const state = graphState(g);
    const current = state.current.get(this);
    if (current) return current;
    const param = g.parameter(this.shape, `var:${this.path}`);
    state.inputs.set(this, param);
    state.current.set(this, param);
    return param;
  }

  /**
   * Sets the variable's new value in `g`: later {@link Variable.valueIn} calls in `g` return it, and the
   * executor writes it back to the variable after each run of the graph.
   *
   * @throws Error when `value` is not a node of `g` or its shape differs from the variable's.
   */
  setValueIn(g: Graph, value: Node): void {
    if (!(value instanceof Node) || value.graph !== g) {
      throw new Error(`variable ${this.path}: setValueIn needs a node of graph "${g.name}"`);
    }
    if (!value.shape.equals(this.shape)) {
      throw new Error(
        `variable ${this.path}: new value has shape ${value.shape}, the variable is ${this.shape} (convert or reshape it)`,
      );
    }
    const state = graphState(g);
    state.current.set(this, value);
    if (state.inputs.get(this) === value) state.updates.delete(this);
    else state.updates.set(this, value);
  }

  /** The parameter node of this variable in `g`, when `g` reads the variable's incoming value. */
  inputIn(g: Graph): Node | undefined {
    return graphState(g).inputs.get(this);
  }

  /** Short description, e.g. `Variable /dense/weights (float32)[3, 4]`. */
  toString(): string {
    return `Variable ${this.path} ${this.shape}${this.trainable ? '' : ' (not trainable)'}`;
  }
}
