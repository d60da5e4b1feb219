// Lets @jax-js/jax 0.1.25 run in Node 20:
//  - `navigator` does not exist in Node 20 (its `init()` reads `navigator.gpu`; its worker pool sizes itself
//    from `navigator.hardwareConcurrency`): a minimal one is defined;
//  - Node 20 has no global `Worker`; jax-js only turns on its multi-worker wasm mode when
//    `SharedArrayBuffer` and `Worker` both exist. The shim is a Web-Worker-like class over
//    `worker_threads` that runs the Blob source jax-js builds (captured when the Blob is made), with
//    `self`/`postMessage`/`onmessage` mapped onto `parentPort`. Shared WebAssembly memory and compiled
//    modules cross `postMessage` unchanged.
// Both must be installed before `@jax-js/jax` is imported (it sizes its backend at import time).
import { Worker as NodeWorker } from 'node:worker_threads';

const WORKER_PRELUDE = `const { parentPort } = require('node:worker_threads');
globalThis.self = globalThis;
globalThis.postMessage = (message) => parentPort.postMessage(message);
parentPort.on('message', (data) => self.onmessage({ data }));
`;

/** Defines `navigator` (if missing) reporting `cores` cores. */
export function installNavigator(cores: number): void {
  if (typeof (globalThis as { navigator?: unknown }).navigator === 'undefined') {
    Object.defineProperty(globalThis, 'navigator', {
      value: { hardwareConcurrency: cores, userAgent: `Node.js/${process.version}` },
      configurable: true,
    });
  }
}

/** Installs a global Web-Worker-like `Worker` over `worker_threads` that runs Blob sources. */
export function installWorkerShim(): void {
  const texts = new WeakMap<Blob, string>();
  const sources = new Map<string, string>();
  const NodeBlob = globalThis.Blob;
  class TextBlob extends NodeBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      if (parts?.every((p) => typeof p === 'string')) texts.set(this, parts.join(''));
    }
  }
  globalThis.Blob = TextBlob;
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (blob: Blob): string => {
    const url = createObjectURL(blob);
    const text = texts.get(blob);
    if (text !== undefined) sources.set(url, text);
    return url;
  };

  class WebWorker {
    onmessage: ((e: { data: unknown }) => void) | null = null;
    onerror: ((e: { message: string }) => void) | null = null;
    private readonly worker: NodeWorker;

    constructor(url: string | URL) {
      const source = sources.get(String(url));
      if (source === undefined) throw new Error(`worker shim: no Blob source for ${String(url)}`);
      this.worker = new NodeWorker(WORKER_PRELUDE + source, { eval: true });
      this.worker.on('message', (data) => this.onmessage?.({ data }));
      this.worker.on('error', (error) => this.onerror?.({ message: error.message }));
    }

    postMessage(message: unknown): void {
      this.worker.postMessage(message);
    }

    terminate(): void {
      void this.worker.terminate();
    }
  }
  (globalThis as { Worker?: unknown }).Worker = WebWorker;
}
