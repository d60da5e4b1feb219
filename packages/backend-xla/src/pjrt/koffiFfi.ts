import { createRequire } from 'node:module';
import type { PjrtFfi } from './ffi.js';

/** The parts of koffi's API this binding uses. */
interface Koffi {
  config(): { sync_stack_size?: number; async_stack_size?: number };
  config(cfg: { sync_stack_size?: number; async_stack_size?: number }): unknown;
  load(
    path: string,
    options?: { lazy?: boolean },
  ): { func(definition: string): (...args: unknown[]) => unknown };
  proto(definition: string): unknown;
  decode(value: unknown, type: unknown): unknown;
  view(address: unknown, length: number): ArrayBuffer;
  address(value: unknown): bigint;
}

/** Stack size native code gets inside koffi calls: XLA's compiler (MLIR + LLVM) needs far more than 2 MiB. */
export const KOFFI_STACK_SIZE = 16 << 20;

let koffiModule: Koffi | undefined;
let stackWarning: string | undefined;

function loadKoffi(): Koffi {
  if (koffiModule) return koffiModule;
  const require = createRequire(import.meta.url);
  let koffi: Koffi;
  try {
    koffi = require('koffi') as Koffi;
  } catch (error) {
    throw new Error(`cannot load koffi (the FFI library backend-xla uses): ${(error as Error).message}`, {
      cause: error,
    });
  }
  const current = koffi.config();
  if (
    (current.sync_stack_size ?? 0) < KOFFI_STACK_SIZE ||
    (current.async_stack_size ?? 0) < KOFFI_STACK_SIZE
  ) {
    try {
      koffi.config({ ...current, sync_stack_size: KOFFI_STACK_SIZE, async_stack_size: KOFFI_STACK_SIZE });
    } catch (error) {
      // koffi refuses once any library was loaded (by someone else in this process): XLA compiles may then
      // overflow koffi's small default stacks, so say so.
      stackWarning =
        `koffi stacks could not be raised to ${KOFFI_STACK_SIZE >> 20} MiB (${(error as Error).message}); ` +
        'compiling large programs may crash. Import @tsmlx/backend-xla before other koffi users.';
    }
  }
  koffiModule = koffi;
  return koffi;
}

/** A warning set when koffi's stacks could not be raised (another library loaded koffi first). */
export function koffiStackWarning(): string | undefined {
  return stackWarning;
}

/**
 * Creates the koffi implementation of {@link PjrtFfi}. koffi is loaded (and its stacks raised to
 * {@link KOFFI_STACK_SIZE}) on the first call, never at import time.
 */
export function koffiFfi(): PjrtFfi {
  const koffi = loadKoffi();
  const proto = koffi.proto('uintptr_t tsmlx_pjrt_fn(void *args)');
  const functions = new Map<bigint, (args: Uint8Array) => number | bigint>();
  const libraries: unknown[] = [];
  return {
    name: 'koffi',
    open(path: string): bigint {
      const library = koffi.load(path, { lazy: true });
      let getApi: (...args: unknown[]) => unknown;
      try {
        getApi = library.func('uintptr_t GetPjrtApi(void)');
      } catch (error) {
        throw new Error(
          `${path} has no GetPjrtApi symbol: is it a PJRT plugin? (${(error as Error).message})`,
        );
      }
      libraries.push(library); // keep the handle: the plugin must never be unloaded
      const api = BigInt(getApi() as number | bigint);
      if (api === 0n) throw new Error(`GetPjrtApi() of ${path} returned NULL`);
      return api;
    },
    call(fn: bigint, args: Uint8Array): bigint {
      let f = functions.get(fn);
      if (!f) {
        f = koffi.decode(fn, proto) as (args: Uint8Array) => number | bigint;
        functions.set(fn, f);
      }
      return BigInt(f(args));
    },
    read(address: bigint, length: number): Uint8Array {
      if (length === 0) return new Uint8Array(0);
      if (address === 0n) throw new Error(`PJRT binding: read of ${length} bytes at NULL`);
      return new Uint8Array(koffi.view(address, length).slice(0));
    },
    addressOf(data: ArrayBufferView): bigint {
      return koffi.address(data);
    },
  };
}
