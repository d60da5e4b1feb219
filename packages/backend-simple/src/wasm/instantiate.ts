// Compiling generated modules (cached by their bytes' key) and instantiating them on an arena's memory.
import type { WasmArena } from './arena.js';

const modules = new Map<string, WebAssembly.Module>();
const instances = new WeakMap<WasmArena, Map<string, WebAssembly.Instance>>();

/** The memory limits that generated modules must declare to import `arena.memory`. */
export function memoryLimits(arena: WasmArena): { initial: number; maximum: number; shared: boolean } {
  return { initial: 1, maximum: arena.maximumPages, shared: arena.shared };
}

/**
 * An instance of the module that `build` encodes, importing `arena.memory` as `env.memory`. Modules are
 * compiled once per `key` (which must identify the generated code and the memory limits), instances once
 * per arena and key.
 */
export function instantiate(
  arena: WasmArena,
  key: string,
  build: () => Uint8Array<ArrayBuffer>,
): WebAssembly.Instance {
  let perArena = instances.get(arena);
  if (!perArena) {
    perArena = new Map();
    instances.set(arena, perArena);
  }
  const fullKey = `${key}|${arena.maximumPages}|${arena.shared}`;
  let instance = perArena.get(fullKey);
  if (!instance) {
    let module = modules.get(fullKey);
    if (!module) {
      module = new WebAssembly.Module(build());
      modules.set(fullKey, module);
    }
    instance = new WebAssembly.Instance(module, { env: { memory: arena.memory } });
    perArena.set(fullKey, instance);
  }
  return instance;
}
