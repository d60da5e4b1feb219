import type { AnyStorageArray, DType } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import type { OpName } from './optable/opAttrs.js';
import type { Program } from './program.js';

/** A device a backend can place buffers and run executables on. */
export interface DeviceInfo {
  /** Device number, from 0. */
  readonly id: number;
  /** Kind, e.g. `'cpu'`, `'cuda'`, `'tpu'`. */
  readonly kind: string;
  /** Human-readable description. */
  readonly description: string;
}

/** What a backend supports. Compiling a program outside it fails early with a clear message. */
export interface Capabilities {
  /** Ops the backend implements. */
  readonly ops: ReadonlySet<OpName>;
  /** Dtypes the backend stores and computes with. */
  readonly dtypes: ReadonlySet<DType>;
  /** The devices. */
  readonly devices: readonly DeviceInfo[];
  /** True when `Buffer.toHostSync()` works (host-memory backends). */
  readonly syncHostAccess: boolean;
}

/**
 * Tensor data owned by a backend, on one device. Dispose it when done (`using` works); a finalizer frees
 * forgotten buffers eventually, but GC alone is not a memory strategy.
 */
export interface Buffer {
  /** Shape of the data. */
  readonly shape: Shape;
  /** Device number holding the data. */
  readonly device: number;
  /** True once disposed; any further use throws. */
  readonly disposed: boolean;
  /** Copies the data to the host: a new storage array of the shape's dtype. */
  toHost(): Promise<AnyStorageArray>;
  /**
   * Copies the data to the host synchronously.
   *
   * @throws UnsupportedError on backends without `capabilities.syncHostAccess`.
   */
  toHostSync(): AnyStorageArray;
  /** Frees the data. Idempotent. */
  dispose(): void;
  /** Same as `dispose()`, for `using`. */
  [Symbol.dispose](): void;
}

/** A compiled program, ready to run many times. */
export interface Executable {
  /** Shapes the inputs must have, in order. */
  readonly inputShapes: readonly Shape[];
  /** Shapes of the outputs, in order. */
  readonly outputShapes: readonly Shape[];
  /**
   * Runs the program. Enqueueing is synchronous; read results with `Buffer.toHost()`.
   *
   * @param inputs - one buffer per parameter, of the parameter's shape.
   * @param donate - per input, true to let the backend reuse (and dispose) that buffer's memory.
   * @returns one new buffer per output, owned by the caller.
   */
  execute(inputs: readonly Buffer[], donate?: readonly boolean[]): Buffer[];
  /** Frees the compiled program. Idempotent. */
  dispose(): void;
  /** Same as `dispose()`, for `using`. */
  [Symbol.dispose](): void;
}

/**
 * A backend: stores tensors and compiles {@link Program}s. Backends see no graph-level concepts
 * (autodiff, variables); they receive shape-checked programs of primitive ops.
 */
export interface Backend {
  /** Registered name, e.g. `'simple'`, `'xla'`. */
  readonly name: string;
  /** Human-readable description, including the configuration in use. */
  readonly description: string;
  /** Supported ops, dtypes and devices. */
  readonly capabilities: Capabilities;
  /**
   * Copies host data into a new buffer.
   *
   * @param data - storage array of `shape.dtype` with `shape.size` elements (2× for complex).
   */
  bufferFromHost(data: AnyStorageArray, shape: Shape, device?: number): Buffer;
  /**
   * Compiles a program.
   *
   * @throws UnsupportedError naming the op or dtype the backend lacks.
   */
  compile(program: Program): Executable;
  /** Frees everything the backend holds. */
  dispose(): void;
}
