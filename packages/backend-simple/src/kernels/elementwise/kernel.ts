import { OpError } from '@tsmlx/backends';
import type { AnyStorageArray } from '@tsmlx/dtypes';
import { acquireStorage } from '../../storagePool.js';
import { activeKernelVariant } from '../../wasm/variant.js';
import type { KernelRun, KernelSpec } from '../registry.js';
import { compileLoop } from './codegen.js';
import { elementExpression } from './expressions.js';
import { typeInfo } from './typeInfo.js';
import { singleOpChain, WASM_CHAIN_MIN_ELEMENTS, WasmChain } from './wasmChain.js';

type Loop = (x0: AnyStorageArray, x1: AnyStorageArray | undefined, out: AnyStorageArray, n: number) => void;

/**
 * The kernel of one unary, binary, comparison or convertDType instruction: a loop generated for the
 * op and its dtypes (`out[i] = encode(op(decode(x0[i]), decode(x1[i])))`), compiled once per distinct
 * source.
 *
 * @throws OpError when the op has no rule for the operand dtypes.
 */
export function elementwiseKernel(spec: KernelSpec): KernelRun {
  const size = spec.outputShapes[0]!.size;
  if (activeKernelVariant() === 'wasm' && size >= WASM_CHAIN_MIN_ELEMENTS) {
    const dtypes = spec.inputShapes.map((s) => s.dtype);
    const chain = singleOpChain(spec.op, dtypes, spec.outputShapes[0]!.dtype);
    if (chain) return new WasmChain(chain, size).kernel();
  }
  const inputTypes = spec.inputShapes.map((s) => typeInfo(s.dtype));
  const outShape = spec.outputShapes[0]!;
  const outType = typeInfo(outShape.dtype);
  const names = inputTypes.map((_t, i) => (i === 0 ? 'a' : 'b'));
  const raw = elementExpression(
    spec.op,
    spec.attrs,
    spec.inputShapes.map((s) => s.dtype),
    names,
  );
  if (raw === undefined || outType === undefined || inputTypes.some((t) => t === undefined)) {
    throw new OpError(
      spec.op,
      `backend simple has no ${spec.op} kernel for ${spec.inputShapes.map(String).join(', ')}`,
    );
  }
  const loads = inputTypes.map((t, i) => `const ${names[i]} = ${t!.decode(`x${i}[i]`)};`).join(' ');
  const body = `for (let i = 0; i < n; i++) { ${loads} out[i] = ${outType.encode(raw)}; }`;
  const loop = compileLoop<Loop>(['x0', 'x1', 'out', 'n'], body);
  const n = outShape.size;
  const dtype = outShape.dtype;
  return (inputs) => {
    const out = acquireStorage(dtype, n);
    loop(inputs[0]!, inputs[1], out, n);
    return [out];
  };
}
