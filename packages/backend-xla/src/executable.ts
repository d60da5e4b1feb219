import { type Buffer, type Executable, OpError } from '@tsmlx/backends';
import type { Shape } from '@tsmlx/shapes';
import { XlaBuffer } from './buffer.js';
import { unwatchNative, watchNative } from './lifetime.js';
import type { PjrtClient } from './pjrt/client.js';

/** An executable of the XLA backend: a `PJRT_LoadedExecutable`, compiled portable (runs on any one device). */
export class XlaExecutable implements Executable {
  /** Shapes of the program's parameters, in order. */
  readonly inputShapes: readonly Shape[];
  /** Shapes of the program's outputs, in order. */
  readonly outputShapes: readonly Shape[];
  /** Program name, for messages. */
  readonly name: string;
  /** The client that owns the native executable. */
  readonly client: PjrtClient;
  private token: number | undefined;
  private readonly nativeHandle: bigint;
  private readonly devices: readonly bigint[];
  private readonly defaultDevice: number;

  /**
   * Wraps a loaded executable (ownership moves to this object).
   *
   * @param defaultDevice - device index to run on when the inputs do not say.
   */
  constructor(
    client: PjrtClient,
    handle: bigint,
    name: string,
    inputShapes: readonly Shape[],
    outputShapes: readonly Shape[],
    defaultDevice: number,
  ) {
    this.client = client;
    this.nativeHandle = handle;
    this.name = name;
    this.inputShapes = inputShapes;
    this.outputShapes = outputShapes;
    this.devices = client.devices.map((d) => d.handle);
    this.defaultDevice = defaultDevice;
    this.token = client.track('loadedExecutable', handle);
    watchNative(this, client, this.token, `executable "${name}"`);
  }

  /** True once disposed (or the backend was). */
  get disposed(): boolean {
    return this.token === undefined || this.client.closed;
  }

  /**
   * Runs on the device of the first input (the default device when there are none) and returns new output
   * buffers; an input whose `donate` flag is set, and that is passed only once, is disposed after the run.
   *
   * @throws OpError when disposed, or when an input count, shape or backend does not match.
   */
  execute(inputs: readonly Buffer[], donate?: readonly boolean[]): Buffer[] {
    if (this.disposed) throw new OpError('execute', `executable "${this.name}" was used after dispose()`);
    if (inputs.length !== this.inputShapes.length) {
      throw new OpError(
        'execute',
        `"${this.name}" takes ${this.inputShapes.length} inputs, got ${inputs.length}`,
      );
    }
    const buffers = inputs.map((buffer, i) => {
      if (!(buffer instanceof XlaBuffer) || buffer.client !== this.client) {
        throw new OpError('execute', `input ${i} of "${this.name}" is not a buffer of this XLA backend`);
      }
      if (!buffer.shape.equals(this.inputShapes[i]!)) {
        throw new OpError(
          'execute',
          `input ${i} of "${this.name}" has shape ${buffer.shape}, expected ${this.inputShapes[i]}`,
        );
      }
      if (buffer.disposed)
        throw new OpError('execute', `input ${i} of "${this.name}" was used after dispose()`);
      return buffer;
    });
    const device = buffers[0]?.device ?? this.defaultDevice;
    // An input may be donated only when asked for and when it is passed once.
    const donated = buffers.map(
      (b, i) => donate?.[i] === true && buffers.indexOf(b) === i && buffers.lastIndexOf(b) === i,
    );
    const nonDonatable = donated.flatMap((d, i) => (d ? [] : [i]));
    const handles = this.client.api.execute(
      this.nativeHandle,
      buffers.map((b) => b.handle),
      this.outputShapes.length,
      this.devices[device]!,
      nonDonatable,
    );
    const outputs = handles.map((h, i) => new XlaBuffer(this.client, h, this.outputShapes[i]!, device));
    donated.forEach((d, i) => {
      if (d) buffers[i]!.dispose();
    });
    return outputs;
  }

  /** Frees the native executable. Idempotent; a no-op once the backend was disposed. */
  dispose(): void {
    if (this.token === undefined) return;
    const token = this.token;
    this.token = undefined;
    unwatchNative(this);
    if (!this.client.closed) this.client.release(token);
  }

  /** Same as `dispose()`, for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}
