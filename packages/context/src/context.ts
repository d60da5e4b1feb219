import type { Backend } from '@tsmlx/backends';
import { type Graph, type HostValue, Tensor } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import {
  ContextExec,
  type ContextExecOptions,
  type ContextFn,
  type ContextFnWithGraph,
  type ContextOutputs,
} from './exec.js';
import { graphState } from './graphState.js';
import { initializeVariables } from './init.js';
import { defaultInitializer } from './initializers/default.js';
import type { Initializer, RandomSource } from './initializers/types.js';
import { checkParamValue, type ParamValue, paramKind, parseParams } from './params.js';
import { checkName, joinPath, normalizePath, ROOT } from './paths.js';
import { PhiloxRandom, rngStateFromSeed } from './random.js';
import { randomSeed, Store } from './store.js';
import { Variable } from './variable.js';

/** Path of the RNG-state variable every context's {@link Context.random} draws from. */
export const RNG_STATE_PATH = '/rng_state';

/** Options of a new {@link Context}. */
export interface ContextOptions {
  /**
   * Seed of the RNG state (initializers, dropout, ...): the same seed gives the same values on every backend.
   * Default: the `initial_seed` hyperparameter when `params` sets it, else a random seed (see {@link Context.seed}).
   */
  seed?: number | bigint;
  /** Hyperparameters set at the root scope. */
  params?: Record<string, ParamValue>;
}

/** Options of `Context.variable`. */
export interface VariableOptions {
  /** Builds the initial value. Default: the context's (see {@link Context.withInitializer}), else {@link defaultInitializer}. */
  initializer?: Initializer;
  /** Whether optimizers train it. Default true (set only when the variable is created). */
  trainable?: boolean;
}

type Mode = 'create' | 'reuse' | 'checked';

interface Derived {
  store: Store;
  scope: string;
  mode: Mode;
  initializer: Initializer | undefined;
}

/**
 * The model's state and configuration, as GoMLX's context: variables organized in scopes
 * (`/encoder/layer_0/weights`), hyperparameters looked up the scope tree, the RNG state, and which graphs
 * are training graphs. `ctx.in('name')` gives a child scope sharing the same variables and hyperparameters.
 *
 * Variables are created on first request (`ctx.variable(name, shape)`) and returned again on later requests
 * while building other graphs. Requesting one path twice while building *one* graph is an error (a layer
 * applied twice by mistake would silently share weights) unless the second request goes through
 * `ctx.reuse()`. Their values are initialized lazily, by `Context.exec`, before the first graph that reads
 * them runs.
 *
 * @example
 * ```ts
 * const ctx = new Context({ seed: 42, params: { learning_rate: 0.01 } });
 * const dense = ctx.in('dense_0');
 * const w = dense.variable('weights', new Shape('float32', [3, 4])); // He-normal initialized
 * const step = ctx.exec(backend, (c, x) => matMul(x, w.valueIn(x.graph)));
 * ```
 */
export class Context {
  /** The scope path: `/` at the root, e.g. `/encoder/layer_0` below. */
  readonly scope: string;
  private readonly store: Store;
  private readonly mode: Mode;
  private readonly initializer: Initializer | undefined;

  /**
   * @param options - seed and root hyperparameters (see {@link ContextOptions}).
   */
  constructor(options: ContextOptions = {}) {
    const seedParam = options.params?.initial_seed;
    const seed = options.seed ?? (typeof seedParam === 'number' ? seedParam : undefined);
    this.store = new Store(seed === undefined ? randomSeed() : BigInt.asUintN(64, BigInt(seed)));
    this.scope = ROOT;
    this.mode = 'create';
    this.initializer = undefined;
    for (const [key, value] of Object.entries(options.params ?? {})) this.store.params.set(ROOT, key, value);
  }

  private derive(changes: Partial<Omit<Derived, 'store'>>): Context {
    const derived: Derived = {
      store: this.store,
      scope: changes.scope ?? this.scope,
      mode: changes.mode ?? this.mode,
      initializer: 'initializer' in changes ? changes.initializer : this.initializer,
    };
    return Object.assign(Object.create(Context.prototype) as Context, derived);
  }

  /** A child scope `name` (same variables and hyperparameters), e.g. `ctx.in('dense_0')` → `/dense_0`. */
  in(name: string): Context {
    checkName('scope', name, this.scope);
    return this.derive({ scope: joinPath(this.scope, name) });
  }

  /** The context at an absolute scope path (e.g. `'/encoder/layer_0'`), keeping this one's mode and initializer. */
  at(path: string): Context {
    return this.derive({ scope: normalizePath(path) });
  }

  /** Same scope, where requesting an existing variable again is allowed (explicit weight sharing). */
  reuse(): Context {
    return this.derive({ mode: 'reuse' });
  }

  /** Same scope, where requesting a variable that does not exist is an error (nothing is created). */
  checked(): Context {
    return this.derive({ mode: 'checked' });
  }

  /** True for contexts from {@link Context.reuse}. */
  get isReuse(): boolean {
    return this.mode === 'reuse';
  }

  /** True for contexts from {@link Context.checked}. */
  get isChecked(): boolean {
    return this.mode === 'checked';
  }

  /** Same scope, whose new variables use `init` unless they name their own initializer. */
  withInitializer(init: Initializer): Context {
    if (typeof init !== 'function')
      throw new TypeError('withInitializer: init must be a function (g, shape, rng) => Node');
    return this.derive({ initializer: init });
  }

  /** The seed of the RNG state (a uint64). */
  get seed(): bigint {
    return this.store.seed;
  }

  /**
   * Sets the seed and resets the RNG state to it (variables already initialized keep their values).
   */
  setSeed(seed: number | bigint): void {
    this.store.seed = BigInt.asUintN(64, BigInt(seed));
    this.store.variables.get(RNG_STATE_PATH)?.setValue(rngStateFromSeed(this.store.seed));
  }

  // ---- Variables ----

  /**
   * The variable `name` of this scope: created (uninitialized) on the first request, returned on later ones.
   *
   * @throws Error naming the path when it exists with another shape; when it was already requested while
   * building the current graph and this context is not {@link Context.reuse}d; when it does not exist and this
   * context is {@link Context.checked}.
   */
  variable(name: string, shape: Shape, options: VariableOptions = {}): Variable {
    checkName('variable', name, this.scope);
    if (!(shape instanceof Shape)) {
      throw new TypeError(
        `variable ${joinPath(this.scope, name)}: shape must be a Shape, e.g. new Shape('float32', [3, 4])`,
      );
    }
    const path = joinPath(this.scope, name);
    const claims = this.store.claims();
    const existing = this.store.variables.get(path);
    if (existing) {
      if (!existing.shape.equals(shape)) {
        throw new Error(`variable ${path} exists with shape ${existing.shape}; requested ${shape}`);
      }
      if (this.mode === 'create' && claims.has(path)) {
        const where = this.store.currentGraph ? `graph "${this.store.currentGraph.name}"` : 'host code';
        throw new Error(
          `variable ${path} was already created in this ${where}; if it is meant to be shared, request it ` +
            `through ctx.reuse(); if a layer is applied twice, give each its own scope (e.g. ctx.in('${nextName(this.scope)}'))`,
        );
      }
      claims.add(path);
      return existing;
    }
    if (this.mode === 'checked') {
      const siblings = this.variablesInScope().map((v) => v.path);
      throw new Error(
        `variable ${path} does not exist (checked context creates nothing); variables in ${this.scope}: ` +
          (siblings.length ? siblings.join(', ') : 'none'),
      );
    }
    const init = options.initializer ?? this.initializer ?? defaultInitializer;
    const v = new Variable(path, shape, init, options.trainable ?? true);
    this.store.variables.set(path, v);
    claims.add(path);
    return v;
  }

  /**
   * A variable with the given value: created with that value when new (its shape and dtype come from the
   * value: a Tensor, or JS values made a Tensor with `Tensor.from`), returned as is when it exists.
   */
  variableWithValue(
    name: string,
    value: Tensor | HostValue,
    options: Omit<VariableOptions, 'initializer'> = {},
  ): Variable {
    const tensor = value instanceof Tensor ? value : Tensor.from(value);
    const v = this.variable(name, tensor.shape, options);
    if (!v.initialized) v.setValue(tensor);
    if (tensor !== value) tensor.dispose();
    return v;
  }

  /** The variable at `path` (absolute, e.g. `/dense_0/weights`, or relative to this scope), if any. */
  getVariable(path: string): Variable | undefined {
    const absolute = path.startsWith('/') ? path : joinPath(this.scope, path);
    return this.store.variables.get(absolute);
  }

  /** Every variable of the model, sorted by path. */
  variables(): Variable[] {
    return [...this.store.variables.values()].sort((a, b) =>
      a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
    );
  }

  /** The trainable variables of the model, sorted by path. */
  trainableVariables(): Variable[] {
    return this.variables().filter((v) => v.trainable);
  }

  /** The variables under this scope (and its sub-scopes), sorted by path. */
  variablesInScope(): Variable[] {
    const prefix = this.scope === ROOT ? ROOT : `${this.scope}/`;
    return this.variables().filter((v) => v.path.startsWith(prefix));
  }

  /** The variables graph `g` reads, in the order it first read them. */
  usedVariables(g: Graph): Variable[] {
    return [...graphState(g).inputs.keys()];
  }

  /** The variables graph `g` sets new values for, in the order they were first set. */
  updatedVariables(g: Graph): Variable[] {
    return [...graphState(g).updates.keys()];
  }

  /**
   * Removes the variable at `path` (its value is disposed). Returns whether it existed. Graphs already compiled
   * that read it keep their own copy of nothing: rebuild them.
   */
  deleteVariable(path: string): boolean {
    const v = this.getVariable(path);
    if (!v) return false;
    v.replaceValue(undefined);
    return this.store.variables.delete(v.path);
  }

  /** Initializes every uninitialized variable of the model (or just `variables`) now, on `backend`. */
  initializeVariables(backend: Backend, variables: readonly Variable[] = this.variables()): void {
    // The RNG state is created only when an initializer draws from it.
    const lazy: RandomSource = {
      bits: (g, shape) => this.random().bits(g, shape),
      uniform: (g, shape) => this.random().uniform(g, shape),
      normal: (g, shape) => this.random().normal(g, shape),
    };
    initializeVariables(backend, this.store, variables, lazy);
  }

  // ---- Hyperparameters ----

  /** Sets hyperparameter `key` at this scope (visible here and below). */
  setParam(key: string, value: ParamValue): this {
    checkName('hyperparameter', key, this.scope);
    this.store.params.set(this.scope, key, checkParamValue(key, value));
    return this;
  }

  /**
   * Sets hyperparameters from a string: `"learning_rate=0.01;batch_size=64;layers=[64,32];act=relu"`. Values
   * are numbers, booleans, lists of numbers or strings; keys with a scope (`/encoder/dropout=0.1`, or
   * `encoder/dropout=0.1` relative to this scope) are set at that scope, others at this scope.
   */
  setParams(text: string): this {
    for (const { scope, key, value } of parseParams(text, this.scope))
      this.store.params.set(scope, key, value);
    return this;
  }

  /** True when `key` is set at this scope or a parent. */
  hasParam(key: string): boolean {
    return this.store.params.lookup(this.scope, key) !== undefined;
  }

  /**
   * The hyperparameter `key` from this scope or the nearest parent that sets it, else `defaultValue`.
   *
   * @throws Error naming the key and scope when it is not set and there is no default; TypeError when it is set
   * with a different kind of value than the default (e.g. a string where the default is a number).
   */
  getParam<T extends ParamValue>(key: string, defaultValue?: T): T {
    const found = this.store.params.lookup(this.scope, key);
    if (!found) {
      if (defaultValue !== undefined) return defaultValue;
      throw new Error(
        `hyperparameter "${key}" is not set in scope ${this.scope} or any parent, and no default was given; ` +
          `set it with ctx.setParam('${key}', value) or ctx.setParams('${key}=...')`,
      );
    }
    if (defaultValue !== undefined && paramKind(found.value) !== paramKind(defaultValue)) {
      throw new TypeError(
        `hyperparameter "${key}" (set at ${found.scope}) is the ${paramKind(found.value)} ${JSON.stringify(found.value)}, ` +
          `expected a ${paramKind(defaultValue)}`,
      );
    }
    return found.value as T;
  }

  /** {@link Context.getParam} checked to be a number. */
  getParamNumber(key: string, defaultValue?: number): number {
    return this.typed(key, 'number', defaultValue) as number;
  }

  /** {@link Context.getParam} checked to be a boolean. */
  getParamBoolean(key: string, defaultValue?: boolean): boolean {
    return this.typed(key, 'boolean', defaultValue) as boolean;
  }

  /** {@link Context.getParam} checked to be a string. */
  getParamString(key: string, defaultValue?: string): string {
    return this.typed(key, 'string', defaultValue) as string;
  }

  /** {@link Context.getParam} checked to be a list of numbers. */
  getParamList(key: string, defaultValue?: readonly number[]): readonly number[] {
    return this.typed(key, 'list', defaultValue) as readonly number[];
  }

  /** Every hyperparameter set, as (scope, key, value), sorted by scope then key. */
  params(): { scope: string; key: string; value: ParamValue }[] {
    return this.store.params.entries();
  }

  private typed(key: string, kind: string, defaultValue: ParamValue | undefined): ParamValue {
    const value = this.getParam(key, defaultValue);
    if (paramKind(value) !== kind) {
      throw new TypeError(
        `hyperparameter "${key}" is the ${paramKind(value)} ${JSON.stringify(value)}, expected a ${kind}`,
      );
    }
    return value;
  }

  // ---- Per-graph state ----

  /** Whether `g` is a training graph (set by `Context.exec`'s `training` option). Default false. */
  isTraining(g: Graph): boolean {
    return graphState(g).training;
  }

  /** Marks `g` as a training graph or not. */
  setTraining(g: Graph, training: boolean): void {
    graphState(g).training = training;
  }

  /** The graph being built by an executor of this model right now. @throws Error outside a graph build. */
  get graph(): Graph {
    const g = this.store.currentGraph;
    if (!g) throw new Error('ctx.graph: no graph is being built (use it inside a ctx.exec function)');
    return g;
  }

  /**
   * Runs `fn` with `g` marked as the graph being built (for the twice-created check and {@link Context.graph}),
   * for code that builds graphs without `Context.exec`.
   */
  buildIn<T>(g: Graph, fn: () => T): T {
    return this.store.buildIn(g, fn);
  }

  /**
   * The model's random source: draws from the RNG-state variable `/rng_state` (`(uint64)[3]`, not trainable),
   * created from the seed on first use and advanced by every draw in every graph run.
   */
  random(): RandomSource {
    let state = this.store.variables.get(RNG_STATE_PATH);
    if (!state) {
      state = new Variable(RNG_STATE_PATH, new Shape('uint64', [3]), defaultInitializer, false);
      state.setValue(rngStateFromSeed(this.store.seed));
      this.store.variables.set(RNG_STATE_PATH, state);
    }
    return new PhiloxRandom(state);
  }

  // ---- Execution ----

  /**
   * An executor of `fn` on `backend`: {@link ContextExec.call} builds and compiles the graph once per tuple of
   * input shapes, feeds the variables it reads, writes back those it sets, and first initializes variables that
   * have no value yet. `fn` gets this context and one node per input (and the graph second when it declares one
   * more parameter than the inputs, or with `withGraph: true`).
   *
   * @example
   * ```ts
   * const counter = ctx.exec(backend, (c: Context, g: Graph) => {
   *   const v = c.variable('count', new Shape('int32', []), { initializer: zeros });
   *   const next = add(v.valueIn(g), 1);
   *   v.setValueIn(g, next);
   *   return next;
   * });
   * counter.call(); // 1, then 2, 3, ...
   * ```
   */
  exec<O extends ContextOutputs<O>>(
    backend: Backend,
    fn: ContextFn<O>,
    options?: ContextExecOptions,
  ): ContextExec<O>;
  /** See the first overload: `fn` also receives the graph. */
  exec<O extends ContextOutputs<O>>(
    backend: Backend,
    fn: ContextFnWithGraph<O>,
    options?: ContextExecOptions,
  ): ContextExec<O>;
  exec<O extends ContextOutputs<O>>(
    backend: Backend,
    fn: ContextFn<O> | ContextFnWithGraph<O>,
    options: ContextExecOptions = {},
  ): ContextExec<O> {
    return new ContextExec<O>(this, backend, fn, options);
  }
}

function nextName(scope: string): string {
  const last = scope.slice(scope.lastIndexOf('/') + 1) || 'layer';
  const m = /^(.*?)(\d+)$/.exec(last);
  return m ? `${m[1]}${Number(m[2]) + 1}` : `${last}_1`;
}
