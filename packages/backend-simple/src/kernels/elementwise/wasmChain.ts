// WebAssembly SIMD kernels of float32/float64 elementwise chains (single ops and fused groups, with one or
// several outputs).
//
// When every full-length operand and every output is an array of the arena (multi-threaded backends keep
// tensors there), the module reads and writes them in place, split across the backend's threads; repeating
// operands (folded broadcasts, a few elements) are copied once per run into scratch. Otherwise (one thread:
// tensors are ordinary arrays) operands are streamed through the arena in chunks small enough to stay in
// cache: each chunk copied in, computed, copied out.
import type { Instruction, Program } from '@tsmlx/backends';
import type { AnyStorageArray, DType } from '@tsmlx/dtypes';
import { acquireStorage } from '../../storagePool.js';
import { PARALLEL_MIN_ELEMENTS } from '../../threads/loops.js';
import {
  poolFor,
  runParallel,
  type TaskFunction,
  type TaskWriter,
  wasmTaskFunctions,
} from '../../threads/parallel.js';
import { activeThreads } from '../../threads/runtime.js';
import { arenaOf } from '../../threads/storage.js';
import type { WasmArena } from '../../wasm/arena.js';
import { sharedArena } from '../../wasm/arena.js';
import {
  buildChainModule,
  CHAIN_OPS,
  type ChainFunction,
  type ChainInput,
  type ChainLayout,
  type ChainOp,
  type ChainRef,
  type ChainSpec,
  type ChainStep,
  chainKey,
  chainLayout,
  chainOpSignature,
} from '../../wasm/elementwiseModule.js';
import { instantiate, memoryLimits } from '../../wasm/instantiate.js';
import { operandScratch } from '../../wasm/operandScratch.js';
import { activeKernelVariant } from '../../wasm/variant.js';
import type { KernelRun } from '../registry.js';

/** Bytes per operand chunk of the copying path (fits several operands in L2). */
const CHUNK_BYTES = 1 << 16;
/** Tasks per thread of one job (a little slack for uneven progress). */
const TASKS_PER_THREAD = 2;
/** Most pointers a task can pass (task functions take 10 integers: pointers, start, end). */
const MAX_TASK_POINTERS = 8;

const chainOps: ReadonlySet<string> = new Set(CHAIN_OPS);

/** The lane type of a dtype, if chains support it. */
function laneOf(dtype: DType): 'f32' | 'f64' | undefined {
  return dtype === 'float32' ? 'f32' : dtype === 'float64' ? 'f64' : undefined;
}

/**
 * The chain of `members` (in execution order) reading `external` value ids and writing the results of
 * `outputs` (default: the last member's), or undefined when an op or dtype is outside what the wasm chains
 * support: values all float32 or all float64, conditions bool; periods (external sizes below `n`, the
 * group's element count) powers of two.
 */
export function chainOf(
  program: Program,
  members: readonly Instruction[],
  external: readonly number[],
  alias?: ReadonlyMap<number, number>,
  outputs: readonly Instruction[] = [members[members.length - 1]!],
): ChainSpec | undefined {
  const lane = laneOf(outputs[0]!.shapes[0]!.dtype);
  if (!lane) return undefined;
  const n = members[members.length - 1]!.shapes[0]!.size;
  const laneDType = lane === 'f32' ? 'float32' : 'float64';
  const kindOf = (dtype: DType) => (dtype === laneDType ? 'value' : dtype === 'bool' ? 'mask' : undefined);
  const inputs: ChainInput[] = [];
  for (const id of external) {
    const shape = program.valueShapes[id]!;
    const kind = kindOf(shape.dtype);
    const period = shape.size < n ? shape.size : 0;
    if (!kind || (period & (period - 1)) !== 0) return undefined;
    inputs.push({ kind: kind === 'mask' ? 'bool' : 'value', period });
  }
  const internal = members.map((m) => m.outputs[0]!);
  const steps: ChainStep[] = [];
  for (const m of members) {
    if (!chainOps.has(m.op)) return undefined;
    const op = m.op as ChainOp;
    const signature = chainOpSignature(op);
    if (m.operands.length !== signature.args.length || kindOf(m.shapes[0]!.dtype) !== signature.result) {
      return undefined;
    }
    const args: ChainRef[] = [];
    for (let a = 0; a < m.operands.length; a++) {
      const id = m.operands[a]!;
      if (kindOf(program.valueShapes[id]!.dtype) !== signature.args[a]) return undefined;
      const step = internal.indexOf(id);
      if (step >= 0) args.push({ step });
      else {
        const k = external.indexOf(alias?.get(id) ?? id);
        if (k < 0) return undefined;
        args.push({ external: k });
      }
    }
    steps.push({ op, args });
  }
  const outSteps = outputs.map((m) => members.indexOf(m));
  if (outSteps.some((k, i) => k < 0 || kindOf(outputs[i]!.shapes[0]!.dtype) !== 'value')) return undefined;
  return { lane, inputs, steps, outputs: outSteps };
}

type Floats = Float32Array | Float64Array;

/** Typed views of an arena's memory, renewed when it grows. */
class ArenaViews {
  private buffer: ArrayBufferLike | undefined;
  f32 = new Float32Array(0);
  f64 = new Float64Array(0);
  u8 = new Uint8Array(0);

  /** Refreshes the views for `arena`. */
  of(arena: WasmArena): this {
    const buffer = arena.memory.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.f32 = new Float32Array(buffer);
      this.f64 = new Float64Array(buffer);
      this.u8 = new Uint8Array(buffer);
    }
    return this;
  }
}

const views = new ArenaViews();

/** A compiled chain over `n` elements: the whole run, and any range of it on its own. */
export class WasmChain {
  private readonly fn: ChainFunction;
  private readonly tasks: TaskFunction[] | undefined;
  private readonly layout: ChainLayout;
  private readonly width: number;
  private readonly chunk: number;
  /** Arguments of `run`: pointers (full-length inputs, repeats block, outputs), start, end. */
  private readonly args: number[];
  private readonly dtype: DType;
  private readonly describe: (w: TaskWriter, t: number) => void;
  private taskStep = 0;
  /** Scratch byte offset (from the block's start) of each pointer's chunk in the copying path (-1: none). */
  private readonly slots: number[] = [];
  private readonly scratchBytes: number;

  /** @param spec - the chain. @param n - elements per run. */
  constructor(
    readonly spec: ChainSpec,
    readonly n: number,
  ) {
    const arena = sharedArena();
    const key = chainKey(spec);
    const build = () => buildChainModule(spec, memoryLimits(arena));
    const instance = instantiate(arena, key, build);
    this.fn = instance.exports.run as ChainFunction;
    this.layout = chainLayout(spec);
    const pointers = this.layout.pointers;
    const runtime = activeThreads();
    if (runtime && n >= PARALLEL_MIN_ELEMENTS && pointers <= MAX_TASK_POINTERS) {
      this.tasks = wasmTaskFunctions(
        runtime,
        `${key}|${arena.maximumPages}|shared`,
        build,
        instance.exports,
        ['run'],
      );
    }
    this.width = spec.lane === 'f32' ? 4 : 8;
    this.dtype = spec.lane === 'f32' ? 'float32' : 'float64';
    this.chunk = CHUNK_BYTES / this.width;
    this.args = new Array<number>(pointers + 2).fill(0);
    const args = this.args;
    const repeatBytes = this.layout.repeatBytes;
    let at = repeatBytes;
    for (let k = 0; k < pointers; k++) {
      const isRepeats = repeatBytes > 0 && k === this.layout.repeatParam;
      this.slots.push(isRepeats ? -1 : at);
      if (!isRepeats) at += CHUNK_BYTES;
    }
    this.scratchBytes = at;
    this.describe = (w, t) => {
      const start = t * this.taskStep * this.width;
      args[pointers] = start;
      args[pointers + 1] = Math.min(start + this.taskStep * this.width, this.n * this.width);
      w.add(this.tasks![0]!, ...args);
    };
  }

  /** Copies the repeating inputs into the repeats block at `base` and sets its pointer in the arguments. */
  private placeRepeats(inputs: readonly AnyStorageArray[], arena: WasmArena, base: number): void {
    const { layout, spec, width } = this;
    if (layout.repeatBytes === 0) return;
    const v = views.of(arena);
    this.args[layout.repeatParam] = base;
    for (let k = 0; k < spec.inputs.length; k++) {
      const x = spec.inputs[k]!;
      if (x.period === 0) continue;
      const bool = x.kind === 'bool';
      const view = bool ? v.u8 : width === 4 ? v.f32 : v.f64;
      view.set(inputs[k] as Floats | Uint8Array, (base + layout.offset[k]!) / (bool ? 1 : width));
    }
  }

  /** Whether every full-length input and every output lives in the arena (the in-place path applies). */
  private inPlace(inputs: readonly AnyStorageArray[], outs: readonly AnyStorageArray[]): boolean {
    const arena = sharedArena();
    for (let k = 0; k < inputs.length; k++) {
      if (this.spec.inputs[k]!.period === 0 && arenaOf(inputs[k]!) !== arena) return false;
    }
    for (const out of outs) if (arenaOf(out) !== arena) return false;
    return true;
  }

  /** Computes the whole run in place (arena operands), across threads when it pays. */
  private runInPlace(inputs: readonly AnyStorageArray[], outs: readonly AnyStorageArray[]): void {
    const arena = sharedArena();
    const { args, layout } = this;
    const p = layout.pointers;
    if (layout.repeatBytes > 0)
      this.placeRepeats(inputs, arena, operandScratch(arena).reserve(layout.repeatBytes));
    for (let k = 0; k < inputs.length; k++) {
      if (layout.param[k]! >= 0) args[layout.param[k]!] = inputs[k]!.byteOffset;
    }
    for (let k = 0; k < outs.length; k++) args[p - outs.length + k] = outs[k]!.byteOffset;
    const active = this.tasks ? activeThreads() : undefined;
    if (active && poolFor(this.tasks!, active)) {
      const count = Math.max(1, Math.min(active.threads * TASKS_PER_THREAD, Math.ceil(this.n / 4096)));
      this.taskStep = Math.ceil(this.n / count / 16) * 16;
      runParallel(Math.ceil(this.n / this.taskStep), this.tasks!, this.describe, active);
      return;
    }
    // Arena blocks are whole multiples of 64 bytes: the last vector stays inside each output's block.
    args[p] = 0;
    args[p + 1] = this.n * this.width;
    this.fn(...args);
  }

  /** Computes elements [start, end) (start a multiple of 4) through chunks copied to and from scratch. */
  runRange(inputs: readonly AnyStorageArray[], outs: readonly Floats[], start: number, end: number): void {
    const arena = sharedArena();
    const { spec, width, args, layout, slots } = this;
    const p = layout.pointers;
    const o = outs.length;
    const base = operandScratch(arena).reserve(this.scratchBytes);
    this.placeRepeats(inputs, arena, base);
    for (let s = start; s < end; s += this.chunk) {
      const len = Math.min(this.chunk, end - s);
      const v = views.of(arena);
      const values = width === 4 ? v.f32 : v.f64;
      for (let k = 0; k < inputs.length; k++) {
        const param = layout.param[k]!;
        if (param < 0) continue;
        const bool = spec.inputs[k]!.kind === 'bool';
        const bytes = bool ? 1 : width;
        const src = inputs[k] as Floats | Uint8Array;
        (bool ? v.u8 : values).set(src.subarray(s, s + len), (base + slots[param]!) / bytes);
        // The module reads `pointer + s × bytes`: the pointer is shifted back (mod 2^32) by that much.
        args[param] = (base + slots[param]! - s * bytes) | 0;
      }
      for (let k = p - o; k < p; k++) args[k] = (base + slots[k]! - s * width) | 0;
      args[p] = s * width;
      args[p + 1] = (s + len) * width;
      this.fn(...args);
      for (let k = 0; k < o; k++) {
        const from = (base + slots[p - o + k]!) / width;
        outs[k]!.set(values.subarray(from, from + len), s);
      }
    }
  }

  /** The kernel: fresh outputs computed over the whole range. */
  kernel(): KernelRun {
    const count = this.spec.outputs.length;
    return (inputs) => {
      const outs: Floats[] = [];
      for (let k = 0; k < count; k++) outs.push(acquireStorage(this.dtype, this.n) as Floats);
      if (this.n === 0) return outs;
      if (this.inPlace(inputs, outs)) this.runInPlace(inputs, outs);
      else this.runRange(inputs, outs, 0, this.n);
      return outs;
    };
  }
}

/** Whether a chain can be split across threads (its pointers fit a task's arguments). */
export function isThreadableChain(spec: ChainSpec): boolean {
  return chainLayout(spec).pointers <= MAX_TASK_POINTERS;
}

/** Smallest element count for which the wasm chains beat the generated JS loops (measured). */
export const WASM_CHAIN_MIN_ELEMENTS = 1 << 10;

/**
 * The wasm chain of a fused group (or a single instruction) writing the results of `outputs` (default: the
 * last member's), when the wasm kernel variant is active, the group is supported and `n` is large enough
 * for it to win; else undefined (the JS loop runs).
 */
export function wasmChainFor(
  program: Program,
  members: readonly Instruction[],
  external: readonly number[],
  n: number,
  alias?: ReadonlyMap<number, number>,
  outputs?: readonly Instruction[],
): WasmChain | undefined {
  if (activeKernelVariant() !== 'wasm' || n < WASM_CHAIN_MIN_ELEMENTS) return undefined;
  const spec = chainOf(program, members, external, alias, outputs);
  return spec ? new WasmChain(spec, n) : undefined;
}

/** The single-op chain of an elementwise kernel spec (full-length operands), if supported. */
export function singleOpChain(op: string, dtypes: readonly DType[], outDType: DType): ChainSpec | undefined {
  const lane = laneOf(outDType);
  if (!lane || !chainOps.has(op)) return undefined;
  const chainOp = op as ChainOp;
  const signature = chainOpSignature(chainOp);
  if (signature.result !== 'value' || dtypes.length !== signature.args.length) return undefined;
  const laneDType = lane === 'f32' ? 'float32' : 'float64';
  if (dtypes.some((d, k) => d !== (signature.args[k] === 'value' ? laneDType : 'bool'))) return undefined;
  return {
    lane,
    inputs: signature.args.map((a) => ({ kind: a === 'value' ? 'value' : 'bool', period: 0 })),
    steps: [{ op: chainOp, args: dtypes.map((_d, k) => ({ external: k })) }],
    outputs: [0],
  };
}
