// The WebAssembly memory that kernels compute in, with a small first-fit allocator.
//
// Kernels run one at a time on a thread: operands are packed into arena blocks, results copied out. The
// memory can be created shared (`shared: true`, fixed maximum), so that a later worker-threads step can hand
// the same arena to workers; views are re-created whenever the memory grows (growth detaches the old
// ArrayBuffer of a non-shared memory).

const PAGE = 65536;
const ALIGN = 64;

/** Options of {@link WasmArena}. */
export interface ArenaOptions {
  /** Initial size in 64 KiB pages (default 16 = 1 MiB). */
  readonly initialPages?: number;
  /** Maximum size in pages (default 65536 = 4 GiB; required to be finite for shared memory). */
  readonly maximumPages?: number;
  /** Create a shared memory (for worker threads). */
  readonly shared?: boolean;
}

/** A WebAssembly.Memory with an allocator of 64-byte aligned blocks. */
export class WasmArena {
  /** The memory that generated kernels import as `env.memory`. */
  readonly memory: WebAssembly.Memory;
  /** Whether the memory is shared. */
  readonly shared: boolean;
  /** Maximum pages (as declared by the kernels' memory import). */
  readonly maximumPages: number;
  /** Initial pages (as declared by the kernels' memory import). */
  readonly initialPages: number;
  private f32View: Float32Array;
  /** Free blocks [offset, bytes], sorted by offset. */
  private readonly freeList: Array<[number, number]> = [];
  /** Allocated block sizes by offset. */
  private readonly used = new Map<number, number>();
  private top = ALIGN; // offset 0 is never handed out

  /** @param options - see {@link ArenaOptions}. */
  constructor(options: ArenaOptions = {}) {
    this.initialPages = options.initialPages ?? 16;
    this.maximumPages = options.maximumPages ?? 65536;
    this.shared = options.shared ?? false;
    this.memory = new WebAssembly.Memory({
      initial: this.initialPages,
      maximum: this.maximumPages,
      ...(this.shared ? { shared: true } : {}),
    } as WebAssembly.MemoryDescriptor);
    this.f32View = new Float32Array(this.memory.buffer);
  }

  /** Float32 view of the whole memory (refreshed after growth; do not hold across allocations). */
  get f32(): Float32Array {
    if (this.f32View.buffer !== this.memory.buffer) this.f32View = new Float32Array(this.memory.buffer);
    return this.f32View;
  }

  /** Allocates `bytes` (rounded up to 64) and returns the block's byte offset (a multiple of 64). */
  alloc(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    for (let i = 0; i < this.freeList.length; i++) {
      const [offset, free] = this.freeList[i]!;
      if (free < size) continue;
      if (free === size) this.freeList.splice(i, 1);
      else this.freeList[i] = [offset + size, free - size];
      this.used.set(offset, size);
      return offset;
    }
    const offset = this.top;
    const end = offset + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const current = have / PAGE;
      const need = Math.ceil((end - have) / PAGE);
      const extra = Math.min(Math.max(need, current), this.maximumPages - current);
      if (extra < need) throw new RangeError(`arena: cannot grow past ${this.maximumPages} pages`);
      this.memory.grow(extra);
    }
    this.top = end;
    this.used.set(offset, size);
    return offset;
  }

  /** Returns a block from {@link WasmArena.alloc}. */
  free(offset: number): void {
    const size = this.used.get(offset);
    if (size === undefined) throw new Error(`arena: block ${offset} is not allocated`);
    this.used.delete(offset);
    let i = 0;
    while (i < this.freeList.length && this.freeList[i]![0] < offset) i++;
    this.freeList.splice(i, 0, [offset, size]);
    // Merge with neighbours.
    const next = this.freeList[i + 1];
    if (next && offset + size === next[0]) {
      this.freeList[i]![1] += next[1];
      this.freeList.splice(i + 1, 1);
    }
    const prev = this.freeList[i - 1];
    if (prev && prev[0] + prev[1] === offset) {
      prev[1] += this.freeList[i]![1];
      this.freeList.splice(i, 1);
    }
    // Give the topmost free block back to the bump pointer.
    const last = this.freeList[this.freeList.length - 1];
    if (last && last[0] + last[1] === this.top) {
      this.top = last[0];
      this.freeList.pop();
    }
  }

  /** Bytes currently allocated. */
  usedBytes(): number {
    let total = 0;
    for (const size of this.used.values()) total += size;
    return total;
  }
}

/**
 * Scratch space for one kernel call: a block that is reused across calls and replaced by a larger one
 * when a call needs more. Valid only until the next `reserve`.
 */
export class ArenaScratch {
  private offset = 0;
  private bytes = 0;

  /** @param arena - where the block lives. */
  constructor(readonly arena: WasmArena) {}

  /** Returns the byte offset of a block of at least `bytes`. */
  reserve(bytes: number): number {
    if (bytes > this.bytes) {
      if (this.bytes > 0) this.arena.free(this.offset);
      this.bytes = Math.max(bytes, Math.ceil(this.bytes * 1.5));
      this.offset = this.arena.alloc(this.bytes);
    }
    return this.offset;
  }
}

let defaultArena: WasmArena | undefined;
let scopedArena: WasmArena | undefined;

/**
 * The arena the kernels of this thread share: the one set by an enclosing {@link withArena} (the shared
 * arena of a multi-threaded backend, while it compiles or runs), else a private one created on first use.
 */
export function sharedArena(): WasmArena {
  if (scopedArena) return scopedArena;
  defaultArena ??= new WasmArena();
  return defaultArena;
}

/** Runs `f` with {@link sharedArena} returning `arena` (undefined: the default arena). */
export function withArena<T>(arena: WasmArena | undefined, f: () => T): T {
  const saved = scopedArena;
  scopedArena = arena;
  try {
    return f();
  } finally {
    scopedArena = saved;
  }
}
