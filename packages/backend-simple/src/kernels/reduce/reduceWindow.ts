import type { KernelRun, KernelSpec } from '../registry.js';
import { Accumulation } from './accumulation.js';
import { tiledReduceWindow } from './tiledPool.js';
import { wasmReduceWindow } from './wasmPool.js';
import { sweepWindows, windowGeometry } from './windowGeometry.js';

/**
 * Kernel of `reduceWindow`: per output position, the in-bounds taps of its window (precomputed per axis,
 * padding and base-dilation holes excluded, so they contribute the identity) are folded by one kit call over
 * all contiguous lanes of the trailing untouched axes (e.g. the channels of an NHWC pooling). Accumulation is
 * that of the axis reductions: float64 for floats (rounded once), wrapping for integers.
 */
export function reduceWindowKernel(spec: KernelSpec<'reduceWindow'>): KernelRun {
  const x = spec.inputShapes[0]!;
  const out = spec.outputShapes[0]!;
  const wasm = wasmReduceWindow(x, spec.attrs);
  if (wasm) return wasm;
  const tiled = tiledReduceWindow(x, spec.attrs);
  if (tiled) return tiled;
  const g = windowGeometry(x.dims, spec.attrs);
  const accumulation = new Accumulation(x.dtype, spec.attrs.reduction, out.size);
  const lanes = g.lanes;
  const bound = Math.max(1, g.maxTaps);
  return (inputs) => {
    const acc = accumulation.start();
    if (out.size > 0 && x.size > 0) {
      const input = accumulation.input(inputs[0]!);
      const kit = accumulation.kit;
      sweepWindows(g, new Int32Array(bound), new Int32Array(bound), (pos, n, taps) => {
        kit.taps(input, taps, n, acc, pos * lanes, lanes);
      });
    }
    return [accumulation.finish(acc)];
  };
}
