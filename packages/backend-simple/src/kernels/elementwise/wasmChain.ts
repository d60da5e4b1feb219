// WebAssembly SIMD kernels of float32/float64 elementwise chains (single ops and fused groups).
//
// Operands are streamed through the arena in chunks small enough to stay in cache (each chunk copied in,
// computed by the generated module, copied out), so the copies add little memory traffic. A run is a
// sequence of independent chunks: `runRange` computes any [start, end) on its own.
import type { Instruction, Program } from '@tsmlx/backends';
import type { AnyStorageArray, DType } from '@tsmlx/dtypes';
import { acquireStorage } from '../../storagePool.js';
import { sharedArena } from '../../wasm/arena.js';
import {
  buildChainModule,
  CHAIN_OPS,
  type ChainFunction,
  type ChainOp,
  type ChainRef,
  type ChainSpec,
  type ChainStep,
  chainKey,
  isUnaryChainOp,
} from '../../wasm/elementwiseModule.js';
import { instantiate, memoryLimits } from '../../wasm/instantiate.js';
import { operandScratch } from '../../wasm/operandScratch.js';
import { activeKernelVariant } from '../../wasm/variant.js';
import type { KernelRun } from '../registry.js';

/** Bytes per operand chunk (fits several operands in L2). */
const CHUNK_BYTES = 1 << 16;

const chainOps: ReadonlySet<string> = new Set(CHAIN_OPS);

/** The lane type of a dtype, if chains support it. */
function laneOf(dtype: DType): 'f32' | 'f64' | undefined {
  return dtype === 'float32' ? 'f32' : dtype === 'float64' ? 'f64' : undefined;
}

/**
 * The chain of `members` (in execution order, last = result) reading `external` value ids, or undefined
 * when an op or dtype is outside what the wasm chains support (all values float32, or all float64).
 */
export function chainOf(
  program: Program,
  members: readonly Instruction[],
  external: readonly number[],
  alias?: ReadonlyMap<number, number>,
): ChainSpec | undefined {
  const lane = laneOf(members[members.length - 1]!.shapes[0]!.dtype);
  if (!lane) return undefined;
  const internal = members.map((m) => m.outputs[0]!);
  const steps: ChainStep[] = [];
  for (const m of members) {
    if (!chainOps.has(m.op) || laneOf(m.shapes[0]!.dtype) !== lane) return undefined;
    const op = m.op as ChainOp;
    if (m.operands.length !== (isUnaryChainOp(op) ? 1 : 2)) return undefined;
    const args: ChainRef[] = [];
    for (const id of m.operands) {
      if (laneOf(program.valueShapes[id]!.dtype) !== lane) return undefined;
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
  return { lane, externals: external.length, steps };
}

/** Fills `view[at, at + len)` with `x` repeated, starting at element `start mod x.length` of it. */
function tile(
  view: Float32Array | Float64Array,
  at: number,
  len: number,
  x: Float32Array | Float64Array,
  start: number,
): void {
  const p = x.length;
  const first = Math.min(p, len);
  for (let j = 0; j < first; j++) view[at + j] = x[(start + j) % p]!;
  for (let filled = first; filled < len; filled *= 2) {
    view.copyWithin(at + filled, at, at + Math.min(filled, len - filled));
  }
}

/** A compiled chain over `n` elements: the whole run, and any range of it on its own. */
export class WasmChain {
  private readonly fn: ChainFunction;
  private readonly width: number;
  private readonly chunk: number;
  private readonly pointers: number[];
  private readonly dtype: DType;

  /** @param spec - the chain. @param n - elements per run. */
  constructor(
    readonly spec: ChainSpec,
    readonly n: number,
  ) {
    const arena = sharedArena();
    this.fn = instantiate(arena, chainKey(spec), () => buildChainModule(spec, memoryLimits(arena))).exports
      .run as ChainFunction;
    this.width = spec.lane === 'f32' ? 4 : 8;
    this.dtype = spec.lane === 'f32' ? 'float32' : 'float64';
    this.chunk = CHUNK_BYTES / this.width;
    this.pointers = new Array<number>(spec.externals + 2).fill(0);
  }

  /** Computes elements [start, end) of `out` from `inputs`. */
  runRange(
    inputs: readonly AnyStorageArray[],
    out: Float32Array | Float64Array,
    start: number,
    end: number,
  ): void {
    const arena = sharedArena();
    const e = this.spec.externals;
    const base = operandScratch(arena).reserve((e + 1) * CHUNK_BYTES);
    const view = this.width === 4 ? arena.f32 : new Float64Array(arena.memory.buffer);
    const ptrs = this.pointers;
    for (let k = 0; k <= e; k++) ptrs[k] = base + k * CHUNK_BYTES;
    const outAt = (base + e * CHUNK_BYTES) / this.width;
    // Inputs shorter than the whole run repeat (folded broadcasts: one element, or a power-of-two period
    // dividing the chunk length): their chunk is tiled once and serves every chunk.
    for (let k = 0; k < e; k++) {
      const x = inputs[k] as Float32Array | Float64Array;
      if (x.length < this.n) tile(view, ptrs[k]! / this.width, Math.min(this.chunk, end - start), x, start);
    }
    for (let s = start; s < end; s += this.chunk) {
      const len = Math.min(this.chunk, end - s);
      for (let k = 0; k < e; k++) {
        const x = inputs[k] as Float32Array | Float64Array;
        if (x.length < this.n) continue;
        view.set(len === x.length ? x : x.subarray(s, s + len), ptrs[k]! / this.width);
      }
      ptrs[e + 1] = len * this.width;
      this.fn(...ptrs);
      out.set(view.subarray(outAt, outAt + len), s);
    }
  }

  /** The kernel: a fresh output computed over the whole range. */
  kernel(): KernelRun {
    return (inputs) => {
      const out = acquireStorage(this.dtype, this.n) as Float32Array | Float64Array;
      if (this.n > 0) this.runRange(inputs, out, 0, this.n);
      return [out];
    };
  }
}

/** Smallest element count for which the wasm chains beat the generated JS loops (measured). */
export const WASM_CHAIN_MIN_ELEMENTS = 1 << 10;

/**
 * The wasm chain of a fused group (or a single instruction), when the wasm kernel variant is active, the
 * group is supported and `n` is large enough for it to win; else undefined (the JS loop runs).
 */
export function wasmChainFor(
  program: Program,
  members: readonly Instruction[],
  external: readonly number[],
  n: number,
  alias?: ReadonlyMap<number, number>,
): WasmChain | undefined {
  if (activeKernelVariant() !== 'wasm' || n < WASM_CHAIN_MIN_ELEMENTS) return undefined;
  const spec = chainOf(program, members, external, alias);
  return spec ? new WasmChain(spec, n) : undefined;
}

/** The single-op chain of an elementwise kernel spec (operands of its own dtype), if supported. */
export function singleOpChain(op: string, dtypes: readonly DType[], outDType: DType): ChainSpec | undefined {
  const lane = laneOf(outDType);
  if (!lane || !chainOps.has(op) || dtypes.some((d) => laneOf(d) !== lane)) return undefined;
  const chainOp = op as ChainOp;
  if (dtypes.length !== (isUnaryChainOp(chainOp) ? 1 : 2)) return undefined;
  return {
    lane,
    externals: dtypes.length,
    steps: [{ op: chainOp, args: dtypes.map((_d, k) => ({ external: k })) }],
  };
}
