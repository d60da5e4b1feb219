import type { SortAttrs } from '@tsmlx/backends';
import {
  type AnyStorageArray,
  allocateStorage,
  bfloat16ToNumber,
  type DType,
  float16ToNumber,
} from '@tsmlx/dtypes';
import type { CompiledSubProgram, KernelRun, KernelSpec } from '../registry.js';
import { wordsPerElement, wordView } from '../shape/words.js';
import { type KeyOrder, recognizeComparator } from './comparator.js';
import { type Less, sortPositions } from './mergeSort.js';

type Keys = Float64Array | BigInt64Array | BigUint64Array;

/** Keys of one line of operand 0, decoded to numbers (bigints for 64-bit integers). */
function fillKeys(
  keys: Keys,
  data: AnyStorageArray,
  dtype: DType,
  base: number,
  stride: number,
  n: number,
): void {
  const k = keys as Float64Array;
  const d = data as Float64Array;
  if (dtype === 'float16') {
    for (let i = 0; i < n; i++) k[i] = float16ToNumber(d[base + i * stride]!);
  } else if (dtype === 'bfloat16') {
    for (let i = 0; i < n; i++) k[i] = bfloat16ToNumber(d[base + i * stride]!);
  } else {
    for (let i = 0; i < n; i++) k[i] = d[base + i * stride]!;
  }
}

function keyStorage(dtype: DType, n: number): Keys {
  if (dtype === 'int64') return new BigInt64Array(n);
  if (dtype === 'uint64') return new BigUint64Array(n);
  return new Float64Array(n);
}

function keyLess(keys: Keys, order: KeyOrder): Less {
  const k = keys as Float64Array;
  return order === 'ascending' ? (p, q) => k[p]! < k[q]! : (p, q) => k[p]! > k[q]!;
}

/**
 * Prepares `sort`: sorts every line along `axis` of all operands together, by the compiled comparator
 * (called on scalars `lhs0, rhs0, lhs1, rhs1, ...`; true means lhs goes first). The sort is a stable merge
 * sort whether or not `stable` is asked. Comparators `lessThan`/`greaterThan` of operand 0 are evaluated
 * directly on decoded keys, giving the same outcomes without running the sub-program.
 */
export function sortKernel(spec: KernelSpec<'sort'>): KernelRun {
  const { axis, comparator }: SortAttrs = spec.attrs;
  const shapes = spec.inputShapes;
  const first = shapes[0]!;
  const n = first.dims[axis]!;
  const stride = first.strides[axis]!;
  const lines = first.size === 0 ? 0 : first.size / n;
  const outerStep = n * stride;
  const order = recognizeComparator(comparator);
  const plan: CompiledSubProgram | undefined = order ? undefined : spec.compileSub(comparator);
  const wpe = shapes.map((s) => wordsPerElement(s.dtype));
  const dtypes = shapes.map((s) => s.dtype);

  return (inputs) => {
    const outputs = shapes.map((s) => allocateStorage(s.dtype, s.size) as AnyStorageArray);
    if (lines === 0) return outputs;
    const perm = new Int32Array(n);
    const scratch = new Int32Array(n);
    let base = 0;
    let keys: Keys | undefined;
    let less: Less;
    if (order) {
      keys = keyStorage(dtypes[0]!, n);
      less = keyLess(keys, order);
    } else {
      less = comparatorLess(plan!, inputs, dtypes, () => base, stride);
    }
    for (let line = 0; line < lines; line++) {
      base = Math.floor(line / stride) * outerStep + (line % stride);
      if (keys) fillKeys(keys, inputs[0]!, dtypes[0]!, base, stride, n);
      const sorted = sortPositions(perm, scratch, n, less);
      for (let k = 0; k < inputs.length; k++) {
        const w = wpe[k]!;
        const src = wordView(inputs[k]!);
        const dst = wordView(outputs[k]!);
        for (let r = 0; r < n; r++) {
          const s = (base + sorted[r]! * stride) * w;
          const d = (base + r * stride) * w;
          for (let j = 0; j < w; j++) dst[d + j] = src[s + j]!;
        }
      }
    }
    return outputs;
  };
}

/**
 * A {@link Less} that runs the comparator sub-program; its scalar arguments are allocated once and refilled
 * for every comparison.
 */
function comparatorLess(
  plan: CompiledSubProgram,
  inputs: readonly AnyStorageArray[],
  dtypes: readonly DType[],
  lineBase: () => number,
  stride: number,
): Less {
  const count = inputs.length;
  const args: AnyStorageArray[] = [];
  for (const dtype of dtypes) args.push(allocateStorage(dtype, 1), allocateStorage(dtype, 1));
  // Element moves between arrays of the same dtype; typed as numbers, bigints pass through unchanged.
  const data = inputs as unknown as readonly Float64Array[];
  const scalars = args as unknown as Float64Array[];
  return (p, q) => {
    const base = lineBase();
    const i = base + p * stride;
    const j = base + q * stride;
    for (let k = 0; k < count; k++) {
      scalars[2 * k]![0] = data[k]![i]!;
      scalars[2 * k + 1]![0] = data[k]![j]!;
    }
    return plan.run(args)[0]![0] !== 0;
  };
}
