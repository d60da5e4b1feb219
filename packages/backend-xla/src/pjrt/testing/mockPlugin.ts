import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Test-only handle on a compiled copy of `testdata/mock-plugin/mock_pjrt.c`. */
export interface MockPlugin {
  /** Path of the compiled `.so`. */
  readonly path: string;
  /** Makes the next call of a PJRT function (`'Client_Compile'`) fail with this code and message. */
  fail(fn: string, code: number, message: string): void;
  /** Makes the next event the mock creates complete with this error. */
  failNextEvent(code: number, message: string): void;
  /** Makes the mock require a larger `struct_size` for one struct (`'PJRT_Client_Compile_Args'`). */
  requireSize(structName: string, size: number): void;
  /** Overrides the API version the table reports. */
  setVersion(major: number, minor: number): void;
  /** Shrinks the table to `n` function slots. */
  setNumSlots(n: number): void;
  /** Number of addressable devices (1 to 4). */
  setNumDevices(n: number): void;
  /** Clears injected failures. */
  reset(): void;
  /** Live native objects: 'errors' | 'events' | 'buffers' | 'executables' | 'loaded' | 'clients' | 'initialize'. */
  live(kind: string): number;
  /** Last recorded text: 'program' | 'format' | 'named_values' | 'non_donatable' | 'host_layout' | 'semantics'. */
  last(what: string): string;
  /** Bytes of the last compile options received. */
  lastCompileOptions(): Uint8Array;
  /** The mock's own C size of a struct (0 when unknown). */
  structSize(name: string): number;
}

interface KoffiLike {
  load(path: string): { func(definition: string): (...args: unknown[]) => unknown };
}

const here = dirname(fileURLToPath(import.meta.url));
/** Directory of the mock's C sources. */
export const MOCK_SOURCE_DIR = resolve(here, '../../../testdata/mock-plugin');

/** Tells whether gcc is available to build the mock. */
export function haveGcc(): boolean {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Compiles the mock plugin into a fresh temporary directory (each copy has its own state) and binds its
 * control functions. Call after the binding has configured koffi (create the FFI first).
 */
export function buildMockPlugin(): MockPlugin {
  const dir = mkdtempSync(join(tmpdir(), 'tsmlx-mock-pjrt-'));
  const path = join(dir, 'mock_pjrt.so');
  execFileSync(
    'gcc',
    ['-shared', '-fPIC', '-O1', '-Wall', '-o', path, join(MOCK_SOURCE_DIR, 'mock_pjrt.c')],
    {
      stdio: 'pipe',
    },
  );
  const koffi = createRequire(import.meta.url)('koffi') as KoffiLike;
  const lib = koffi.load(path);
  const fail = lib.func('void mock_fail(const char *fn, int code, const char *message)');
  const failNextEvent = lib.func('void mock_fail_next_event(int code, const char *message)');
  const requireSize = lib.func('void mock_require_size(const char *name, size_t size)');
  const setVersion = lib.func('void mock_set_version(int major, int minor)');
  const setNumSlots = lib.func('void mock_set_num_slots(size_t n)');
  const setNumDevices = lib.func('void mock_set_num_devices(size_t n)');
  const reset = lib.func('void mock_reset(void)');
  const live = lib.func('long mock_live(const char *kind)');
  const last = lib.func('const char *mock_last(const char *what)');
  const lastOptions = lib.func('size_t mock_last_compile_options(void *out, size_t capacity)');
  const structSize = lib.func('size_t mock_struct_size(const char *name)');
  return {
    path,
    fail: (fn, code, message) => void fail(fn, code, message),
    failNextEvent: (code, message) => void failNextEvent(code, message),
    requireSize: (name, size) => void requireSize(name, size),
    setVersion: (major, minor) => void setVersion(major, minor),
    setNumSlots: (n) => void setNumSlots(n),
    setNumDevices: (n) => void setNumDevices(n),
    reset: () => void reset(),
    live: (kind) => Number(live(kind)),
    last: (what) => String(last(what)),
    lastCompileOptions: () => {
      const size = Number(lastOptions(null, 0));
      const out = new Uint8Array(Math.max(1, size));
      lastOptions(out, size);
      return out.subarray(0, size);
    },
    structSize: (name) => Number(structSize(name)),
  };
}
