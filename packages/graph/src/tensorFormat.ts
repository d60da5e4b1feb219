import type { AnyStorageArray, DType } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import { readScalar, type Scalar } from './values.js';

// numpy-like printing of tensor values: aligned columns, nested brackets, long axes summarized.

/** Tensors with more elements than this are summarized with `...`. */
const summarizeAbove = 1000;
/** Elements shown at each end of a summarized axis. */
const edgeItems = 3;

function formatScalar(value: Scalar, dtype: DType): string {
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (dtype.startsWith('float') || dtype === 'bfloat16') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    if (Object.is(value, -0)) return '-0';
    const abs = Math.abs(value);
    if (abs !== 0 && (abs >= 1e8 || abs < 1e-4)) return value.toExponential(4).replace(/\.?0+e/, 'e');
    return String(Number(value.toPrecision(dtype === 'float64' ? 8 : 6)));
  }
  return String(value);
}

/** Indices shown along an axis of length `n`, with -1 marking the `...` gap. */
function shownIndices(n: number, summarize: boolean): number[] {
  if (!summarize || n <= 2 * edgeItems) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: edgeItems }, (_, i) => i);
  const tail = Array.from({ length: edgeItems }, (_, i) => n - edgeItems + i);
  return [...head, -1, ...tail];
}

/**
 * Formats the values of a tensor like numpy: `[[1, 2], [3, 4]]` laid out one row per line, columns
 * right-aligned, and axes longer than 6 summarized as `1, 2, 3, ..., 7, 8, 9` for tensors over 1000
 * elements.
 */
export function formatValues(storage: AnyStorageArray, shape: Shape): string {
  const { dims, dtype } = shape;
  if (shape.rank === 0) return formatScalar(readScalar(storage, 0, dtype), dtype);
  const summarize = shape.size > summarizeAbove;
  const strides = shape.strides;
  // First pass: the text of every shown element, for the common width.
  let width = 0;
  const text = new Map<number, string>();
  const collect = (axis: number, offset: number): void => {
    for (const i of shownIndices(dims[axis]!, summarize)) {
      if (i < 0) continue;
      const at = offset + i * strides[axis]!;
      if (axis === dims.length - 1) {
        const s = formatScalar(readScalar(storage, at, dtype), dtype);
        text.set(at, s);
        if (s.length > width) width = s.length;
      } else {
        collect(axis + 1, at);
      }
    }
  };
  collect(0, 0);
  const render = (axis: number, offset: number, indent: string): string => {
    const items: string[] = [];
    for (const i of shownIndices(dims[axis]!, summarize)) {
      if (i < 0) {
        items.push('...');
        continue;
      }
      const at = offset + i * strides[axis]!;
      items.push(
        axis === dims.length - 1 ? text.get(at)!.padStart(width) : render(axis + 1, at, `${indent} `),
      );
    }
    if (axis === dims.length - 1) return `[${items.join(', ')}]`;
    const separator = `,${'\n'.repeat(dims.length - 1 - axis)}${indent} `;
    return `[${items.join(separator)}]`;
  };
  return render(0, 0, '');
}
