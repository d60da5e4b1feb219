// Makes the multi-threaded build of tfjs-backend-wasm 4.22 start in Node. Out of the box it cannot:
//  1. its flag WASM_HAS_MULTITHREAD_SUPPORT is hard-wired to false in Node (tfjs issue #3830): set it true;
//  2. Emscripten starts each pthread with `new Worker(blobURL)`, which Node's worker_threads refuses
//     (ERR_WORKER_PATH): blobs made from strings are written to temp files and their paths handed out;
//  3. the worker imports the main script from a Blob holding `WasmBackendModuleThreadedSimd.toString()`,
//     which refers to the bundle's `require$$0..4` and `commonjsGlobal`: the temp file defines them;
//  4. the C++ side caps threads at `emscripten_num_logical_cores() / 2` (os.cpus().length / 2 = 1 on a
//     2-vCPU machine): `os.cpus()` reports twice the cores while the backend initializes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN_MARK = 'var WasmBackendModuleThreadedSimd';
const WORKER_LOAD = 'if(typeof e.data.urlOrBlob=="string")';
const PRELUDE =
  "var require$$0=require('fs'),require$$1=require('path'),require$$3=require('perf_hooks')," +
  "require$$4=require('os'),commonjsGlobal=globalThis;\n";

/** Installs the Blob/URL shims (call before `tf.setBackend('wasm')`). */
export function installTfjsWasmThreadShims(): void {
  const dir = mkdtempSync(join(tmpdir(), 'tsmlx-bench-tfjs-wasm-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const mainPath = join(dir, 'threaded-simd-main.js');
  const texts = new WeakMap<Blob, string>();
  const NodeBlob = globalThis.Blob;
  class TextBlob extends NodeBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      if (parts?.every((p) => typeof p === 'string')) {
        const text = parts.join('');
        texts.set(this, text);
        if (text.startsWith(MAIN_MARK)) writeFileSync(mainPath, PRELUDE + text);
      }
    }
  }
  globalThis.Blob = TextBlob;
  const createObjectURL = URL.createObjectURL.bind(URL);
  let count = 0;
  URL.createObjectURL = (blob: Blob): string => {
    const text = texts.get(blob);
    if (text === undefined) return createObjectURL(blob);
    const path = join(dir, `blob-${count++}.js`);
    writeFileSync(path, text.replace(WORKER_LOAD, `e.data.urlOrBlob=${JSON.stringify(mainPath)};if(true)`));
    return path;
  };
}

/** Runs `init` while `os.cpus()` reports `2 × threads` cores (tfjs-wasm uses half the logical cores). */
export async function withReportedCores<T>(threads: number, init: () => Promise<T>): Promise<T> {
  const cpus = os.cpus;
  const real = cpus();
  os.cpus = () =>
    Array.from({ length: Math.max(real.length, 2 * threads) }, (_, i) => real[i % real.length]!);
  try {
    return await init();
  } finally {
    os.cpus = cpus;
  }
}
