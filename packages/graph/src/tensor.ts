import type { Backend, Buffer } from '@tsmlx/backends';
import type { AnyStorageArray, DType } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import { formatValues } from './tensorFormat.js';
import { type HostValue, type HostValueOptions, hostData, type NestedArray, toNested } from './values.js';

interface Held {
  buffer: Buffer;
  description: string;
  stack: string | undefined;
}

let debugTensors =
  typeof process !== 'undefined' && typeof process.env === 'object' && process.env.TSMLX_DEBUG === '1';

const registry = new FinalizationRegistry<Held>((held) => {
  if (held.buffer.disposed) return;
  held.buffer.dispose();
  if (debugTensors) {
    console.warn(
      `tsmlx: Tensor ${held.description} was garbage-collected without dispose(); its backend buffer was freed.` +
        (held.stack ? `\nCreated ${held.stack.replace(/^Error\n?/, '')}` : ''),
    );
  }
});

/**
 * Turns debug mode for tensors on or off. In debug mode, a tensor whose backend buffer is freed by the
 * garbage collector (because it was never disposed) logs a warning with the stack that created it.
 * Also enabled by the environment variable `TSMLX_DEBUG=1`.
 */
export function setTensorDebug(enabled: boolean): void {
  debugTensors = enabled;
}

/**
 * Tensor data outside a graph: the inputs and outputs of an {@link Exec}. A tensor holds host data
 * (a TypedArray), a backend buffer, or both — data moves to a backend lazily, when a computation needs it
 * there, and back to the host when read.
 *
 * Dispose tensors you are done with (`tensor.dispose()` or `using t = ...`); a finalizer frees the backend
 * buffer of forgotten tensors eventually, but the garbage collector does not see device memory pressure.
 *
 * @example
 * ```ts
 * const t = Tensor.from([[1, 2], [3, 4]], { dtype: 'int32' });
 * t.shape.toString(); // '(int32)[2, 2]'
 * t.toArray();        // [[1, 2], [3, 4]]
 * await t.data();     // Int32Array [1, 2, 3, 4]
 * ```
 */
export class Tensor {
  /** Dtype and dims. */
  readonly shape: Shape;
  private host: AnyStorageArray | undefined;
  private buffer: Buffer | undefined;
  private backend: Backend | undefined;
  private isDisposed = false;

  private constructor(shape: Shape, host: AnyStorageArray | undefined, buffer?: Buffer, backend?: Backend) {
    this.shape = shape;
    this.host = host;
    if (buffer) this.attach(buffer, backend);
  }

  /**
   * Makes a tensor from JS values: a scalar (number, bigint, boolean), nested arrays of them, or a
   * TypedArray. Without a dtype, TypedArrays keep theirs, numbers become float32, bigints int64 and
   * booleans bool. A TypedArray that is the dtype's own storage (a Uint16Array of raw bits for float16 or
   * bfloat16) is copied as is; other values are converted and must fit the dtype exactly.
   *
   * @param options - `dtype`, and `shape` to reshape flat data or fill with a scalar.
   * @throws TypeError or RangeError for ragged arrays, unsupported values or values that do not fit.
   * @example
   * ```ts
   * Tensor.from(1.5);                                   // (float32)[]
   * Tensor.from([[1, 2], [3, 4]], { dtype: 'float64' });
   * Tensor.from(new Float32Array(6), { shape: [2, 3] });
   * Tensor.from([1n, 2n]);                              // (int64)[2]
   * ```
   */
  static from(value: HostValue | Tensor, options: HostValueOptions = {}): Tensor {
    if (value instanceof Tensor) return value;
    const { storage, shape } = hostData(value, options);
    return new Tensor(shape, storage);
  }

  /**
   * Wraps a storage array of `shape.dtype` holding `shape.size` elements, without copying: do not
   * mutate it afterwards.
   */
  static fromStorage(storage: AnyStorageArray, shape: Shape): Tensor {
    return new Tensor(shape, storage);
  }

  /**
   * Wraps a backend buffer; the tensor owns it from now on (disposing the tensor disposes it).
   *
   * @param backend - the backend that made the buffer, so it is reused without copies as that backend's input.
   */
  static fromBuffer(buffer: Buffer, backend?: Backend): Tensor {
    return new Tensor(buffer.shape, undefined, buffer, backend);
  }

  /** The element dtype. */
  get dtype(): DType {
    return this.shape.dtype;
  }

  /** The dims. */
  get dims(): readonly number[] {
    return this.shape.dims;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.rank;
  }

  /** Number of elements. */
  get size(): number {
    return this.shape.size;
  }

  /** True once disposed. */
  get disposed(): boolean {
    return this.isDisposed;
  }

  /** True while the tensor has a backend buffer (on `backend`, when given). */
  onBackend(backend?: Backend): boolean {
    return this.buffer !== undefined && (backend === undefined || this.backend === backend);
  }

  /**
   * A copy of the elements in the dtype's storage TypedArray (raw bits for float16/bfloat16, 0/1 bytes
   * for bool, bigints for 64-bit integers). Works on every backend.
   */
  data(): Promise<AnyStorageArray> {
    try {
      this.checkAlive();
      if (this.host) return Promise.resolve(this.host.slice() as AnyStorageArray);
      return this.buffer!.toHost();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Like {@link Tensor.data}, synchronously.
   *
   * @throws UnsupportedError when the tensor lives on a backend without synchronous host access.
   */
  dataSync(): AnyStorageArray {
    this.checkAlive();
    if (this.host) return this.host.slice() as AnyStorageArray;
    return this.buffer!.toHostSync();
  }

  /**
   * The elements as nested JS arrays (a bare value for a scalar): numbers (float16/bfloat16 decoded),
   * bigints for 64-bit integers, booleans for bool. Synchronous; see {@link Tensor.array} for any backend.
   */
  toArray(): NestedArray {
    return toNested(this.hostView(), this.shape);
  }

  /** Like {@link Tensor.toArray}, reading the data asynchronously (works on every backend). */
  async array(): Promise<NestedArray> {
    return toNested(await this.data(), this.shape);
  }

  /**
   * The backend buffer holding this tensor's data on `backend`, transferring it there first when needed
   * (the buffer is kept for later calls). Used by {@link Exec}; the tensor still owns the buffer.
   */
  bufferFor(backend: Backend): Buffer {
    this.checkAlive();
    if (this.buffer && this.backend === backend && !this.buffer.disposed) return this.buffer;
    const host = this.hostView();
    const buffer = backend.bufferFromHost(host, this.shape);
    if (this.buffer) {
      this.host = host;
      this.detach();
    }
    this.attach(buffer, backend);
    return buffer;
  }

  /** Frees the backend buffer and host data. Idempotent; any later use throws. */
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.detach();
    this.host = undefined;
  }

  /** Same as {@link Tensor.dispose}, for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /**
   * The shape and values, numpy style:
   * ```text
   * Tensor (float32)[2, 2]
   * [[1, 2],
   *  [3, 4]]
   * ```
   */
  toString(): string {
    const header = `Tensor ${this.shape}`;
    if (this.isDisposed) return `${header} (disposed)`;
    let values: string;
    try {
      values = formatValues(this.hostView(), this.shape);
    } catch {
      return `${header} on backend "${this.backend?.name}" (read it with await tensor.data())`;
    }
    return `${header}\n${values}`;
  }

  /** The host data without copying (fetched from the buffer when there is no host copy). */
  private hostView(): AnyStorageArray {
    this.checkAlive();
    return this.host ?? this.buffer!.toHostSync();
  }

  private attach(buffer: Buffer, backend: Backend | undefined): void {
    this.buffer = buffer;
    this.backend = backend;
    const stack = debugTensors ? new Error().stack : undefined;
    registry.register(this, { buffer, description: this.shape.toString(), stack }, this);
  }

  private detach(): void {
    if (!this.buffer) return;
    registry.unregister(this);
    this.buffer.dispose();
    this.buffer = undefined;
    this.backend = undefined;
  }

  private checkAlive(): void {
    if (this.isDisposed) throw new Error(`Tensor ${this.shape} was used after dispose()`);
  }
}
