import { storageConstructor } from '@tsmlx/dtypes';
import type { KernelRun, KernelSpec } from '../registry.js';

/**
 * The bitcast kernel: copies the operand's bytes and views them as the target dtype. With a narrower
 * target each element becomes a trailing axis of pieces in memory order (least significant first on
 * little-endian hosts, as XLA on CPU); a wider target joins the trailing axis the same way.
 */
export function bitcastKernel(spec: KernelSpec<'bitcast'>): KernelRun {
  const ctor = storageConstructor(spec.outputShapes[0]!.dtype);
  return (inputs) => {
    const x = inputs[0]!;
    const bytes = new Uint8Array(x.buffer, x.byteOffset, x.byteLength).slice();
    return [new ctor(bytes.buffer)];
  };
}
