import { type Buffer, type Executable, OpError } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import { SimpleBuffer } from './buffer.js';
import type { Plan } from './plan/compile.js';
import { type ThreadRuntime, withThreads } from './threads/runtime.js';

/** An executable of backend-simple: a plan run synchronously on the calling thread. */
export class SimpleExecutable implements Executable {
  /** Shapes the inputs must have, in order. */
  readonly inputShapes: readonly Shape[];
  /** Shapes of the outputs, in order. */
  readonly outputShapes: readonly Shape[];
  private plan: Plan | undefined;

  /** Wraps a compiled plan (run with the threads of `runtime`, if given). */
  constructor(
    plan: Plan,
    private readonly runtime?: ThreadRuntime,
  ) {
    this.plan = plan;
    this.inputShapes = plan.program.parameters;
    this.outputShapes = plan.program.outputs.map((id) => plan.program.valueShapes[id]!);
  }

  /** Runs the plan synchronously; see `Executable.execute`. */
  execute(inputs: readonly Buffer[], donate?: readonly boolean[]): Buffer[] {
    const plan = this.plan;
    const name = plan?.program.name ?? 'disposed';
    if (!plan) throw new OpError('execute', `executable "${name}" was used after dispose()`);
    if (inputs.length !== this.inputShapes.length) {
      throw new OpError('execute', `"${name}" takes ${this.inputShapes.length} inputs, got ${inputs.length}`);
    }
    const data = inputs.map((buffer, i) => {
      if (!(buffer instanceof SimpleBuffer)) {
        throw new OpError('execute', `input ${i} of "${name}" is not a backend-simple buffer`);
      }
      if (!buffer.shape.equals(this.inputShapes[i]!)) {
        throw new OpError(
          'execute',
          `input ${i} of "${name}" has shape ${buffer.shape}, expected ${this.inputShapes[i]}`,
        );
      }
      return buffer.data;
    });
    const results = this.runtime ? withThreads(this.runtime, () => plan.run(data)) : plan.run(data);
    // Outputs never alias inputs, constants or each other: the caller owns each one separately.
    const outputs = new Array<Buffer>(results.length);
    for (let i = 0; i < results.length; i++) {
      const array = results[i]!;
      let aliased = data.includes(array) || plan.owns(array);
      for (let j = 0; j < i && !aliased; j++) aliased = results[j] === array;
      outputs[i] = new SimpleBuffer(
        this.outputShapes[i]!,
        aliased ? (array.slice() as AnyStorageArray) : array,
      );
    }
    if (donate) {
      donate.forEach((give, i) => {
        if (give) inputs[i]!.dispose();
      });
    }
    return outputs;
  }

  /** Frees the compiled plan. Idempotent. */
  dispose(): void {
    this.plan = undefined;
  }

  /** Same as `dispose()`, for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}
