import {
  type Backend,
  type Capabilities,
  checkProgramSupported,
  type Executable,
  OP_NAMES,
  OpError,
  type Program,
} from '@tsmlx/backends';
import { type AnyStorageArray, type DType, isStorageOf, storageSlotsPerElement } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import { SimpleBuffer } from './buffer.js';
import { SimpleExecutable } from './executable.js';
import { kernelFor } from './kernels/registry.js';
import { compilePlan } from './plan/compile.js';
import { acquireStorage } from './storagePool.js';
import {
  acquireThreads,
  releaseThreads,
  type ThreadRuntime,
  threadsReady,
  withThreads,
} from './threads/runtime.js';
import { defaultThreadCount } from './threads/spawn.js';
import { activeKernelVariant, type KernelVariant, withKernelVariant } from './wasm/variant.js';

/** Dtypes backend-simple stores and computes with. */
export const SIMPLE_DTYPES: readonly DType[] = [
  'bool',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'float16',
  'bfloat16',
  'float32',
  'float64',
];

/** Options of backend-simple, parsed from `TSMLX_BACKEND=simple:options`. */
export interface SimpleBackendOptions {
  /**
   * Threads a run may use, the calling one included. Default: the hardware threads available to the
   * process (at most 16), or 1 where worker threads cannot run. Above 1, large GEMMs (dot, conv) and
   * fused elementwise loops are split across worker threads over a shared WebAssembly.Memory, where the
   * backend's buffers then live. Needs SharedArrayBuffer and a thread that may block: Node (no flags),
   * or a dedicated Worker of a cross-origin isolated page; elsewhere (a page's main thread) the backend
   * runs single-threaded.
   */
  threads: number;
  /**
   * Kernel variant: `wasm` (WebAssembly SIMD kernels where they exist, relaxed-SIMD FMA when the engine
   * has it) or `ts` (pure TypeScript). Undefined: `wasm` when the engine has WebAssembly SIMD, else `ts`.
   */
  kernels?: KernelVariant;
  /**
   * Whether wasm kernels use relaxed-SIMD fused multiply-add (`f32x4.relaxed_madd`) in their products.
   * Undefined or true: where the engine has it (on Node 20 the backend turns on V8's
   * `--experimental-wasm-relaxed-simd` for this; Node 22+ and current browsers have it by default);
   * false: plain SIMD multiply then add, rounding twice like the TypeScript kernels.
   */
  relaxed?: boolean;
}

/**
 * Parses `key=value` options separated by commas (`threads=2,kernels=ts`).
 *
 * @throws Error naming an unknown key or bad value.
 */
export function parseSimpleOptions(text: string): Partial<SimpleBackendOptions> {
  const options: Partial<SimpleBackendOptions> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, value] = part.split('=', 2).map((p) => p.trim()) as [string, string | undefined];
    if (key === 'threads') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`threads must be a positive integer, got ${JSON.stringify(value)}`);
      options.threads = n;
    } else if (key === 'kernels') {
      if (value !== 'ts' && value !== 'wasm')
        throw new Error(`kernels must be "ts" or "wasm", got ${JSON.stringify(value)}`);
      options.kernels = value;
    } else if (key === 'relaxed') {
      if (value !== 'on' && value !== 'off')
        throw new Error(`relaxed must be "on" or "off", got ${JSON.stringify(value)}`);
      options.relaxed = value === 'on';
    } else {
      throw new Error(
        `unknown option ${JSON.stringify(key)}; valid options: threads=N, kernels=ts|wasm, relaxed=on|off`,
      );
    }
  }
  return options;
}

/**
 * The portable backend: TypeScript kernels over host memory, no native code. Runs in Node, browsers,
 * Deno and Bun.
 *
 * @example
 * ```ts
 * import { SimpleBackend } from '@tsmlx/backend-simple';
 * const backend = new SimpleBackend();
 * ```
 */
export class SimpleBackend implements Backend {
  /** The registered name, `simple`. */
  readonly name = 'simple';
  /** Options in effect. */
  readonly options: SimpleBackendOptions;
  /** Every op with a kernel, the dtypes of {@link SIMPLE_DTYPES}, one CPU device. */
  readonly capabilities: Capabilities;
  private runtime: ThreadRuntime | undefined;

  /** @param options - see {@link SimpleBackendOptions}. */
  constructor(options: Partial<SimpleBackendOptions> = {}) {
    this.options = { threads: defaultThreadCount(), ...options };
    this.runtime = acquireThreads(this.options.threads);
    this.capabilities = {
      ops: new Set(
        OP_NAMES.filter((op) => op === 'parameter' || op === 'constant' || kernelFor(op) !== undefined),
      ),
      dtypes: new Set(SIMPLE_DTYPES),
      devices: [{ id: 0, kind: 'cpu', description: 'host CPU (TypeScript kernels)' }],
      syncHostAccess: true,
    };
  }

  /** Describes the backend and its options. */
  get description(): string {
    const kernels = withKernelVariant(this.options.kernels, activeKernelVariant);
    const threads = this.runtime ? this.runtime.threads : 1;
    return `backend-simple: portable ${kernels === 'wasm' ? 'WebAssembly SIMD' : 'TypeScript'} kernels (threads=${threads})`;
  }

  /** Threads in use: `options.threads`, or 1 where worker threads cannot run (see the option). */
  get threads(): number {
    return this.runtime?.threads ?? 1;
  }

  /** Resolves once worker threads can start (at once, except on Node versions that load them lazily). */
  ready(): Promise<void> {
    return this.runtime ? threadsReady() : Promise.resolve();
  }

  /** Copies host data (the dtype's storage array) into a new buffer. */
  bufferFromHost(data: AnyStorageArray, shape: Shape, device = 0): SimpleBuffer {
    if (device !== 0) throw new OpError('bufferFromHost', `backend simple has one device (0), got ${device}`);
    if (!this.capabilities.dtypes.has(shape.dtype)) {
      throw new OpError('bufferFromHost', `backend simple does not support dtype ${shape.dtype}`);
    }
    if (!isStorageOf(shape.dtype, data)) {
      throw new OpError(
        'bufferFromHost',
        `data for ${shape} must be the dtype's storage array, got ${(data as object).constructor.name}`,
      );
    }
    const expected = shape.size * storageSlotsPerElement(shape.dtype);
    if (data.length !== expected) {
      throw new OpError('bufferFromHost', `${shape} needs ${expected} elements, got ${data.length}`);
    }
    if (!this.runtime) return new SimpleBuffer(shape, data.slice() as AnyStorageArray);
    // Multi-threaded: large data is copied into the shared arena (workers read it in place).
    const copy = withThreads(this.runtime, () => acquireStorage(shape.dtype, shape.size));
    copy.set(data as never);
    return new SimpleBuffer(shape, copy);
  }

  /** Compiles a program into a plan; throws UnsupportedError for ops without a kernel. */
  compile(program: Program): Executable {
    checkProgramSupported(this.name, this.capabilities, program);
    const runtime = this.runtime;
    const plan = withThreads(runtime, () =>
      withKernelVariant(this.options.kernels, () => compilePlan(program), this.options.relaxed),
    );
    return new SimpleExecutable(plan, runtime);
  }

  /** Stops the worker threads (when this was the last multi-threaded backend). Buffers stay valid. */
  dispose(): void {
    releaseThreads(this.runtime);
    this.runtime = undefined;
  }
}
