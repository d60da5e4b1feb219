import {
  type Backend,
  type Capabilities,
  checkProgramSupported,
  OpError,
  type OpName,
  type Program,
  programOutputShapes,
} from '@tsmlx/backends';
import { type AnyStorageArray, type DType, isStorageOf, storageSlotsPerElement } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import { XlaBuffer } from './buffer.js';
import {
  cudaDataDir,
  type DiscoveryHost,
  type FoundPlugin,
  findPlugins,
  nodeDiscoveryHost,
} from './discovery.js';
import { XlaExecutable } from './executable.js';
import { parseXlaOptions, type XlaOptions } from './options.js';
import type { NamedValue } from './pjrt/api.js';
import { PjrtClient } from './pjrt/client.js';
import type { PjrtFfi } from './pjrt/ffi.js';
import { openPlugin } from './pjrt/plugin.js';
import { encodeCompileOptions } from './pjrt/protobuf.js';
import { BUFFER_TYPES } from './pjrt/slots.js';
import * as stablehlo from './stablehlo/index.js';

/** Dtypes the XLA backend stores and computes with (complex comes later). */
export const XLA_DTYPES: readonly DType[] = [
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

/** Turns programs into StableHLO text. The default is this package's emitter. */
export interface StableHloEmitter {
  /** Ops the emitter can translate. */
  readonly ops: ReadonlySet<OpName>;
  /** StableHLO (MLIR text) of a program. */
  emit(program: Program): string;
}

/** The package's own emitter (`emitStableHLO`, `XLA_CAPABLE_OPS` from `./stablehlo`). */
export function defaultEmitter(): StableHloEmitter {
  const module = stablehlo as unknown as {
    emitStableHLO?: (program: Program) => string;
    XLA_CAPABLE_OPS?: ReadonlySet<OpName>;
  };
  const emit = module.emitStableHLO;
  if (!emit || !module.XLA_CAPABLE_OPS)
    throw new Error('the StableHLO emitter is not available in this build');
  return { ops: module.XLA_CAPABLE_OPS, emit: (program) => emit(program) };
}

/** Everything an {@link XlaBackend} can be configured with. */
export interface XlaBackendConfig extends Partial<XlaOptions> {
  /** The StableHLO emitter (tests stub it). */
  emitter?: StableHloEmitter;
  /** The native seam (koffi by default). */
  ffi?: PjrtFfi;
  /** Where discovery looks (the real machine by default). */
  host?: DiscoveryHost;
}

/**
 * The XLA backend: programs are emitted as StableHLO and compiled by a PJRT plugin (CPU, NVIDIA GPU, TPU).
 * Creating one loads the plugin and creates a client; nothing native happens before.
 *
 * @example
 * ```ts
 * import { XlaBackend } from '@tsmlx/backend-xla';
 * const backend = new XlaBackend({ plugin: 'cuda', clientOptions: [{ name: 'preallocate', type: 'bool', value: false }] });
 * ```
 */
export class XlaBackend implements Backend {
  /** The backend's name, `xla`. */
  readonly name = 'xla';
  /** Ops the emitter can lower (plus `parameter` and `constant`), the supported dtypes and the plugin's devices. */
  readonly capabilities: Capabilities;
  /** The PJRT client. */
  readonly client: PjrtClient;
  /** The plugin in use. */
  readonly plugin: FoundPlugin;
  private readonly emitter: StableHloEmitter;
  private readonly defaultDevice: number;

  /**
   * @throws PluginNotFoundError when no plugin is found; Error when none of the plugins found starts.
   */
  constructor(config: XlaBackendConfig = {}) {
    const host = config.host ?? nodeDiscoveryHost();
    const plugins = findPlugins(config.plugin, host);
    this.emitter = config.emitter ?? defaultEmitter();
    const failures: string[] = [];
    let started: { client: PjrtClient; plugin: FoundPlugin } | undefined;
    for (const plugin of plugins) {
      try {
        started = { client: startClient(plugin, config.clientOptions ?? [], config.ffi, host), plugin };
        break;
      } catch (error) {
        failures.push(`${plugin.path}: ${(error as Error).message}`);
      }
    }
    if (!started) throw new Error(`no PJRT plugin could start:\n  ${failures.join('\n  ')}`);
    this.client = started.client;
    this.plugin = started.plugin;
    this.defaultDevice = config.device ?? 0;
    if (this.defaultDevice >= this.client.devices.length) {
      const count = this.client.devices.length;
      this.client.close();
      throw new Error(`device ${this.defaultDevice} does not exist (the client has ${count})`);
    }
    const ops = new Set<OpName>(this.emitter.ops);
    ops.add('parameter');
    ops.add('constant');
    this.capabilities = {
      ops,
      dtypes: new Set(XLA_DTYPES),
      devices: this.client.devices.map((d, i) => ({
        id: i,
        kind: this.client.platformName,
        description: `${d.kind} (PJRT device id ${d.id})`,
      })),
      syncHostAccess: true,
    };
  }

  /** A one-line description: platform, plugin path, PJRT C API version, device count and default device. */
  get description(): string {
    const { major, minor } = this.client.api.version;
    const version = this.client.platformVersion ? ` ${this.client.platformVersion}` : '';
    return (
      `backend-xla: ${this.client.platformName}${version} through PJRT plugin ${this.plugin.path} ` +
      `(PJRT C API ${major}.${minor}, ${this.client.devices.length} device(s), default device ${this.defaultDevice})`
    );
  }

  /**
   * Copies host storage to a new buffer on a device (the default device when omitted).
   *
   * @throws OpError when the backend was disposed, or the device, dtype, storage type or length is wrong.
   */
  bufferFromHost(data: AnyStorageArray, shape: Shape, device = this.defaultDevice): XlaBuffer {
    if (this.client.closed) throw new OpError('bufferFromHost', 'backend xla was disposed');
    const target = this.client.devices[device];
    if (!target) {
      throw new OpError(
        'bufferFromHost',
        `backend xla has ${this.client.devices.length} device(s), got ${device}`,
      );
    }
    if (!this.capabilities.dtypes.has(shape.dtype)) {
      throw new OpError('bufferFromHost', `backend xla does not support dtype ${shape.dtype}`);
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
    const handle = this.client.api.bufferFromHost(
      this.client.handle,
      data,
      BUFFER_TYPES[shape.dtype],
      shape.dims,
      target.handle,
    );
    return new XlaBuffer(this.client, handle, shape, device);
  }

  /**
   * Emits the program as StableHLO and compiles it with the PJRT plugin.
   *
   * @throws UnsupportedError when the program uses an op or dtype the backend lacks; OpError when the backend
   * was disposed or the compiled output count does not match the program.
   */
  compile(program: Program): XlaExecutable {
    if (this.client.closed) throw new OpError('compile', 'backend xla was disposed');
    checkProgramSupported(this.name, this.capabilities, program);
    const text = this.emitter.emit(program);
    const api = this.client.api;
    const handle = api.compile(this.client.handle, text, 'mlir', encodeCompileOptions());
    const outputShapes = programOutputShapes(program);
    let outputs: number;
    try {
      outputs = api.numOutputs(handle);
    } catch (error) {
      api.destroyLoadedExecutable(handle);
      throw error;
    }
    if (outputs !== outputShapes.length) {
      api.destroyLoadedExecutable(handle);
      throw new OpError(
        'compile',
        `program "${program.name}" has ${outputShapes.length} outputs but XLA compiled ${outputs}`,
      );
    }
    return new XlaExecutable(
      this.client,
      handle,
      program.name,
      program.parameters,
      outputShapes,
      this.defaultDevice,
    );
  }

  /** Frees every buffer and executable of this backend, then the PJRT client. */
  dispose(): void {
    this.client.close();
  }
}

/** Loads a plugin and creates a client, with CUDA defaults (`preallocate=false`, CUDA data dir). */
function startClient(
  plugin: FoundPlugin,
  clientOptions: readonly NamedValue[],
  ffi: PjrtFfi | undefined,
  host: DiscoveryHost,
): PjrtClient {
  const options = [...clientOptions];
  const cuda = plugin.name === 'cuda' || /cuda/i.test(plugin.path);
  if (cuda) {
    if (!options.some((o) => o.name === 'preallocate'))
      options.push({ name: 'preallocate', type: 'bool', value: false });
    const flags = process.env.XLA_FLAGS ?? '';
    const dataDir = flags.includes('xla_gpu_cuda_data_dir') ? undefined : cudaDataDir(plugin.path, host);
    if (dataDir) process.env.XLA_FLAGS = `${flags} --xla_gpu_cuda_data_dir=${dataDir}`.trim();
  }
  return new PjrtClient(ffi ? openPlugin(plugin.path, ffi) : openPlugin(plugin.path), options);
}

/** Creates the backend from an options string (`cuda,preallocate=false`); the registry's factory. */
export function createXlaBackend(options: string): XlaBackend {
  return new XlaBackend(parseXlaOptions(options));
}
