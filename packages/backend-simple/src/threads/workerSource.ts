// The source of a pool worker: a self-contained script (no imports) that runs unchanged as a Node
// `worker_threads` eval worker and as a browser Worker from a Blob URL. It receives the shared
// WebAssembly.Memory and the control block once, then loops forever: wait for a job, catch up with the
// registration log (compile modules, build loops), claim tasks until none are left, go back to waiting.
import {
  ACTIVE,
  ARR_BASE,
  COUNT,
  DONE,
  ERR,
  GEN,
  LIMIT,
  NARR,
  NEXT,
  ONLINE,
  REG_BASE,
  REG_LOOP,
  REG_MODULE,
  REGS,
  STOP,
  TASK_BASE,
  TASK_STRIDE,
} from './layout.js';

/** Spin iterations (reads of the generation) before a worker blocks in `Atomics.wait`. */
export const WORKER_SPINS = 20000;

/** The worker script (see the file comment). */
export const WORKER_SOURCE = `"use strict";
(function () {
  var TYPES = [Float32Array, Float64Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array,
    Uint8Array, BigInt64Array, BigUint64Array];
  function start(data) {
    var memory = data.memory;
    var ctrl = new Int32Array(data.ctrl);
    var index = data.index;
    var fns = [];
    var kinds = [];
    var regs = 0;
    var decoder = new TextDecoder();
    function bytesAt(off, len) {
      var copy = new Uint8Array(len);
      copy.set(new Uint8Array(memory.buffer, off, len));
      return copy;
    }
    function catchUp() {
      var n = Atomics.load(ctrl, ${REGS});
      while (regs < n) {
        var b = ${REG_BASE} + 4 * regs;
        var kind = ctrl[b], off = ctrl[b + 1] >>> 0, len = ctrl[b + 2], tlen = ctrl[b + 3];
        if (kind === ${REG_MODULE}) {
          var names = decoder.decode(bytesAt(off + len, tlen)).split(",");
          var exports = null;
          try {
            exports = new WebAssembly.Instance(new WebAssembly.Module(bytesAt(off, len)), { env: { memory: memory } }).exports;
          } catch (e) {
            Atomics.store(ctrl, ${ERR}, 1);
          }
          for (var k = 0; k < names.length; k++) { fns.push(exports ? exports[names[k]] : undefined); kinds.push(0); }
        } else if (kind === ${REG_LOOP}) {
          var fn;
          try { fn = new Function(decoder.decode(bytesAt(off, len)))(); } catch (e) { Atomics.store(ctrl, ${ERR}, 1); }
          fns.push(fn);
          kinds.push(1);
        }
        regs++;
      }
    }
    function runJob() {
      catchUp();
      var count = ctrl[${COUNT}];
      var nArr = ctrl[${NARR}];
      var arrays = null;
      if (nArr > 0) {
        var buffer = memory.buffer;
        arrays = [];
        for (var a = 0; a < nArr; a++) {
          var t = ctrl[${ARR_BASE} + 3 * a], o = ctrl[${ARR_BASE} + 3 * a + 1] >>> 0, l = ctrl[${ARR_BASE} + 3 * a + 2];
          arrays.push(new TYPES[t](buffer, o, l));
        }
      }
      for (;;) {
        var i = Atomics.add(ctrl, ${NEXT}, 1);
        if (i >= count) break;
        var r = ${TASK_BASE} + ${TASK_STRIDE} * i;
        var f = ctrl[r];
        try {
          if (kinds[f] === 1) fns[f](arrays, ctrl[r + 1], ctrl[r + 2]);
          else fns[f](ctrl[r + 1], ctrl[r + 2], ctrl[r + 3], ctrl[r + 4], ctrl[r + 5], ctrl[r + 6], ctrl[r + 7],
            ctrl[r + 8], ctrl[r + 9], ctrl[r + 10], ctrl[r + 11]);
        } catch (e) {
          Atomics.store(ctrl, ${ERR}, 1);
        }
        if (Atomics.add(ctrl, ${DONE}, 1) + 1 === count) Atomics.notify(ctrl, ${DONE});
      }
    }
    Atomics.add(ctrl, ${ONLINE}, 1);
    var seen = Atomics.load(ctrl, ${GEN}) & ~1;
    var spins = 0;
    for (;;) {
      if (Atomics.load(ctrl, ${STOP}) !== 0) return;
      var g = Atomics.load(ctrl, ${GEN});
      if (g === seen || (g & 1) === 1) {
        if (spins++ < ${WORKER_SPINS}) continue;
        Atomics.wait(ctrl, ${GEN}, g, 1000);
        continue;
      }
      seen = g;
      spins = 0;
      Atomics.add(ctrl, ${ACTIVE}, 1);
      if (Atomics.load(ctrl, ${GEN}) === g && index < ctrl[${LIMIT}]) runJob();
      if (Atomics.sub(ctrl, ${ACTIVE}, 1) === 1) Atomics.notify(ctrl, ${ACTIVE});
    }
  }
  if (typeof process === "object" && process && process.versions && process.versions.node && typeof require === "function") {
    start(require("node:worker_threads").workerData);
  } else {
    self.onmessage = function (event) { self.onmessage = null; start(event.data); };
  }
})();
`;
