// The WebAssembly SIMD variant of convGeneral for float32: implicit im2col into packed float32 panels,
// products on the generated GEMM. Covers every configuration the TS kernel does (strides, negative
// padding, input/kernel dilation, feature and batch groups, any layout), so gradient convolutions run
// on it too.
//
// Per call, the input is copied once into the arena in canonical layout [batch, spatial…, channels]
// (a plain copy for NHWC-style inputs, a transposing copy otherwise, e.g. for the kernel gradient whose
// "channels" are the batch), so every tap reads a contiguous channel run. A table of per-(row, tap)
// input offsets, computed at compile time, lets the generated packer (wasm/convPackModule.ts) gather
// patches straight into the GEMM's panels with 4×4 SIMD transposes.
import type { OpAttrs } from '@tsmlx/backends';
import { Shape, stridesOf } from '@tsmlx/shapes';
import { acquireStorage } from '../../storagePool.js';
import {
  poolFor,
  runParallel,
  type TaskFunction,
  type TaskWriter,
  wasmTaskFunctions,
} from '../../threads/parallel.js';
import { activeThreads } from '../../threads/runtime.js';
import { arenaOf } from '../../threads/storage.js';
import { sharedArena, type WasmArena } from '../../wasm/arena.js';
import { buildConvPackModule, type ConvPackFunction } from '../../wasm/convPackModule.js';
import { instantiate, memoryLimits } from '../../wasm/instantiate.js';
import { align64, operandScratch } from '../../wasm/operandScratch.js';
import type { KernelRun } from '../registry.js';
import { ConvGeometry } from './convPlan.js';
import { PatchPacker32 } from './patchPacker32.js';
import { type DirectC, type Packer32, StridedPacker32, WasmGemm } from './wasmGemm.js';

/** Tables above this many entries are filled block by block at run time instead of at compile time. */
const MAX_TABLE_ENTRIES = 1 << 22;
/** Panels per table fill in run-time mode. */
const BLOCK_PANELS = 64;
/** Panels per packing task when packing runs across the worker pool (precomputed tables). */
const TASK_PANELS = 32;

/** The input layout the packer reads: [batch, spatial…, channels]; `perm[i]` is the source axis of axis i. */
function canonicalInput(
  input: Shape,
  attrs: OpAttrs['convGeneral'],
): { shape: Shape; attrs: OpAttrs['convGeneral']; perm: number[] } {
  const n = attrs.inputSpatialAxes.length;
  const perm = [attrs.inputBatchAxis, ...attrs.inputSpatialAxes, attrs.inputChannelsAxis];
  const shape = new Shape(
    'float32',
    perm.map((ax) => input.dims[ax]!),
  );
  const spatial = Array.from({ length: n }, (_, i) => i + 1);
  return {
    shape,
    attrs: { ...attrs, inputBatchAxis: 0, inputSpatialAxes: spatial, inputChannelsAxis: n + 1 },
    perm,
  };
}

/** Copies `src` (dims `dims`) permuted by `perm` into `dst` at `dstOff` (dst axis i = src axis perm[i]). */
function permuteInto(
  src: Float32Array,
  dims: readonly number[],
  perm: readonly number[],
  dst: Float32Array,
  dstOff: number,
): void {
  if (perm.every((p, i) => p === i)) {
    dst.set(src, dstOff);
    return;
  }
  const strides = stridesOf(dims);
  const outDims = perm.map((p) => dims[p]!);
  const inStrides = perm.map((p) => strides[p]!);
  const rank = outDims.length;
  const inner = outDims[rank - 1]!;
  const innerStride = inStrides[rank - 1]!;
  const counters = new Array<number>(rank).fill(0);
  const total = src.length;
  let s = 0;
  for (let d = dstOff, end = dstOff + total; d < end; ) {
    for (let j = 0, k = s; j < inner; j++, k += innerStride) dst[d++] = src[k]!;
    for (let ax = rank - 2; ax >= 0; ax--) {
      s += inStrides[ax]!;
      if (++counters[ax]! < outDims[ax]!) break;
      s -= inStrides[ax]! * outDims[ax]!;
      counters[ax] = 0;
    }
  }
}

/** Writes the table rows of `rows` output rows from `row0` (byte offsets from the group's input, or -1). */
function fillTable(geo: ConvGeometry, row0: number, rows: number, dst: Int32Array, dstOff: number): void {
  const taps = new Float64Array(geo.taps);
  let d = dstOff;
  for (let o = 0; o < rows; o++) {
    const base = geo.rowTaps(row0 + o, taps);
    for (let t = 0; t < geo.taps; t++) dst[d++] = taps[t]! < 0 ? -1 : 4 * (base + taps[t]!);
  }
}

/** The generated SIMD packer: arena pointers are set per call by the kernel. */
class WasmPatchPacker implements Packer32 {
  /** Byte offset of the (current group's) canonical input. */
  src = 0;
  /** Byte offset of the full table (precomputed mode) or of the block table. */
  table = 0;
  /** Byte offset of the sentinel row. */
  sentinel = 0;
  /** Byte offset of the zero block. */
  zero = 0;
  private i32: Int32Array = new Int32Array(0);
  private readonly fns: readonly TaskFunction[];
  /** The block being packed (read by the task descriptions). */
  private readonly block = { dst: 0, table: 0, nOuter: 0, t0: 0, c0: 0, nInner: 0, kPad: 0 };
  private readonly describe: (w: TaskWriter, t: number) => void;

  constructor(
    private readonly fn: ConvPackFunction,
    private readonly task: TaskFunction,
    private readonly geo: ConvGeometry,
    private readonly arena: WasmArena,
    private readonly precomputed: boolean,
    private readonly r: number,
  ) {
    this.fns = [task];
    const rows = TASK_PANELS * r;
    this.describe = (w, t) => {
      const b = this.block;
      const o = t * rows;
      w.add(
        this.task,
        b.dst + 4 * o * b.kPad,
        b.table + 4 * o * geo.taps,
        this.sentinel,
        this.src,
        this.zero,
        Math.min(rows, b.nOuter - o),
        b.t0,
        b.c0,
        b.nInner,
        b.kPad,
      );
    };
  }

  pack(
    dst: Float32Array,
    dstOff: number,
    outer0: number,
    nOuter: number,
    inner0: number,
    nInner: number,
    kPad: number,
  ): void {
    const { geo } = this;
    if (dst.buffer !== this.arena.memory.buffer) throw new Error('conv packer: panels must be in the arena');
    const cg = geo.groupChannels;
    const t0 = Math.floor(inner0 / cg);
    const c0 = inner0 - t0 * cg;
    if (this.precomputed) {
      const table = this.table + 4 * outer0 * geo.taps;
      const tasks = Math.ceil(nOuter / (TASK_PANELS * this.r));
      const runtime = tasks > 1 ? activeThreads() : undefined;
      if (runtime && poolFor(this.fns, runtime)) {
        // Panels are independent: pack them across the pool (the caller runs no job meanwhile).
        const b = this.block;
        b.dst = 4 * dstOff;
        b.table = table;
        b.nOuter = nOuter;
        b.t0 = t0;
        b.c0 = c0;
        b.nInner = nInner;
        b.kPad = kPad;
        runParallel(tasks, this.fns, this.describe, runtime);
        return;
      }
      this.fn(4 * dstOff, table, this.sentinel, this.src, this.zero, nOuter, t0, c0, nInner, kPad);
      return;
    }
    if (this.i32.buffer !== this.arena.memory.buffer) this.i32 = new Int32Array(this.arena.memory.buffer);
    const step = BLOCK_PANELS * this.r;
    for (let o = 0; o < nOuter; o += step) {
      const n = Math.min(step, nOuter - o);
      fillTable(geo, outer0 + o, n, this.i32, this.table / 4);
      this.fn(
        4 * (dstOff + o * kPad),
        this.table,
        this.sentinel,
        this.src,
        this.zero,
        n,
        t0,
        c0,
        nInner,
        kPad,
      );
    }
  }
}

/** Arena blocks of a kernel's offset table, zero block and sentinel, freed when the kernel is collected. */
const finalizer = new FinalizationRegistry<{ arena: WasmArena; offset: number }>((b) =>
  b.arena.free(b.offset),
);

/** Tuning knobs of {@link wasmConvKernel} (for tests). */
export interface WasmConvOptions {
  /** Largest (rows × taps) offset table precomputed at compile time (default 2²²); above, filled per block. */
  readonly maxTableEntries?: number;
}

/**
 * Builds the float32 convGeneral kernel on WebAssembly SIMD, or returns undefined when the op is not
 * float32 (the caller then builds the TS kernel).
 */
export function wasmConvKernel(
  inputShape: Shape,
  kernelShape: Shape,
  outShape: Shape,
  attrs: OpAttrs['convGeneral'],
  options: WasmConvOptions = {},
): KernelRun | undefined {
  if (outShape.dtype !== 'float32' || inputShape.dtype !== 'float32') return undefined;
  const canon = canonicalInput(inputShape, attrs);
  const geo = new ConvGeometry(canon.shape, kernelShape, outShape, canon.attrs);
  const { rows, depth, taps, groupChannels: cg, groupOutChannels: ng, outChannelStride: ocs } = geo;
  const arena = sharedArena();
  const gemm = new WasmGemm(arena);
  const identity = canon.perm.every((p, i) => p === i);
  let persistent = -1;
  const simdPack = gemm.mr % 4 === 0;
  const precomputed = rows * taps <= (options.maxTableEntries ?? MAX_TABLE_ENTRIES);
  let table = new Int32Array(precomputed && simdPack ? rows * taps : 0);
  if (table.length > 0) fillTable(geo, 0, rows, table, 0);
  let packer: WasmPatchPacker | undefined;
  let jsPacker: PatchPacker32 | undefined;
  if (simdPack) {
    const key = `convpack:${gemm.mr}:${taps}:${cg}`;
    const config = { r: gemm.mr, taps, channels: cg };
    const build = () => buildConvPackModule(config, memoryLimits(arena));
    const exports = instantiate(arena, key, build).exports;
    const runtime = activeThreads();
    const pooled = runtime && runtime.arena === arena && arena.shared ? runtime : undefined;
    const suffix = `|${arena.maximumPages}|${arena.shared ? 'shared' : 'private'}`;
    const task = wasmTaskFunctions(pooled, key + suffix, build, exports, ['pack'])[0]!;
    packer = new WasmPatchPacker(exports.pack as ConvPackFunction, task, geo, arena, precomputed, gemm.mr);
  } else {
    jsPacker = new PatchPacker32(geo);
  }
  const tableBytes = align64(4 * (precomputed ? rows * taps : BLOCK_PANELS * gemm.mr * taps));
  const inputBytes = align64(4 * inputShape.size + 16);
  const zeroBytes = align64(4 * (cg + 4));
  const sentinelBytes = align64(4 * taps);
  const weights = new Float32Array(geo.kernelIndex.length);
  const w = new StridedPacker32(weights, 0, 1, ng);
  // Output rows are consecutive runs of ng channels (NHWC-style output, one group): store whole chunks.
  let contiguous = ocs === 1 && geo.groups === 1;
  for (let row = 0; contiguous && row < rows; row++) contiguous = geo.outputBase(row) === row * ng;
  let out: Float32Array = new Float32Array(0);
  let channelBase = 0;
  const direct = { array: out, offset: 0, ld: ng } satisfies DirectC;
  const store = (r0: number, count: number, c: Float32Array, cOff: number, ldc: number) => {
    if (contiguous && ldc === ng) {
      out.set(c.subarray(cOff, cOff + count * ng), r0 * ng);
      return;
    }
    for (let i = 0; i < count; i++) {
      let d = geo.outputBase(r0 + i) + channelBase;
      const s = cOff + i * ldc;
      if (contiguous) out.set(c.subarray(s, s + ng), d);
      else for (let j = 0; j < ng; j++, d += ocs) out[d] = c[s + j]!;
    }
  };
  return (inputs) => {
    out = acquireStorage('float32', outShape.size) as Float32Array;
    if (out.length === 0) return [out];
    if (depth === 0) return [out.fill(0)];
    const kernel = inputs[1] as Float32Array;
    for (let i = 0; i < weights.length; i++) weights[i] = kernel[geo.kernelIndex[i]!]!;
    const input = inputs[0] as Float32Array;
    let a: Packer32;
    let groupBase = 0;
    if (packer) {
      if (persistent < 0) {
        // Table (precomputed mode), zero block and sentinel row stay in the arena across calls.
        persistent = arena.alloc(tableBytes + zeroBytes + sentinelBytes);
        const i32 = new Int32Array(arena.memory.buffer);
        if (precomputed) i32.set(table, persistent / 4);
        table = new Int32Array(0);
        const zero = (persistent + tableBytes) / 4;
        i32.fill(0, zero, zero + zeroBytes / 4);
        i32.fill(-1, zero + zeroBytes / 4, zero + (zeroBytes + sentinelBytes) / 4);
        finalizer.register(packer, { arena, offset: persistent });
      }
      packer.table = persistent;
      packer.zero = persistent + tableBytes;
      packer.sentinel = packer.zero + zeroBytes;
      // The packer reads up to 12 bytes past a channel run: read the input in place when it is canonical,
      // in the arena and not at the very end of the memory; else copy it.
      const inPlace =
        identity &&
        arenaOf(input) === arena &&
        input.byteOffset + input.byteLength + 16 <= arena.memory.buffer.byteLength;
      if (inPlace) groupBase = input.byteOffset;
      else {
        groupBase = operandScratch(arena).reserve(inputBytes);
        permuteInto(input, inputShape.dims, canon.perm, arena.f32, groupBase / 4);
      }
      a = packer;
    } else {
      const canonical = new Float32Array(input.length);
      permuteInto(input, inputShape.dims, canon.perm, canonical, 0);
      jsPacker!.src = canonical;
      a = jsPacker!;
    }
    for (let g = 0; g < geo.groups; g++) {
      if (packer) packer.src = groupBase + 4 * geo.groupInputOffset[g]!;
      else jsPacker!.groupOffset = geo.groupInputOffset[g]!;
      w.offset = g * depth * ng;
      channelBase = g * ng * ocs;
      // Written in place when the output lies in the arena (the driver checks the tile fit).
      const inPlace = contiguous && arenaOf(out) === arena;
      if (inPlace) direct.array = out;
      gemm.run(rows, ng, depth, a, 0, w, store, inPlace ? direct : undefined);
    }
    const result = out;
    out = new Float32Array(0);
    direct.array = out;
    if (jsPacker) jsPacker.src = out;
    return [result];
  };
}
