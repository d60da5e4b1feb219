import { isInteger, storageSlotsPerElement } from '@tsmlx/dtypes';
import { Shape, sizeOf } from '@tsmlx/shapes';
import { OpError } from '../errors.js';
import {
  expectAtLeast,
  expectAxes,
  expectAxis,
  expectCount,
  expectDType,
  expectIntList,
  expectSameShapes,
  resultShape,
  showShapes,
} from './check.js';
import { defineOp } from './spec.js';

/** Leaves: parameter, constant, iota. */
export const leafOps = [
  defineOp({
    name: 'parameter',
    category: 'leaf',
    doc: 'an input of the program',
    operands: [],
    multiOutput: false,
    infer(shapes, attrs) {
      expectCount('parameter', shapes, 0);
      if (!(attrs.shape instanceof Shape)) throw new OpError('parameter', `attrs.shape must be a Shape`);
      return [attrs.shape];
    },
  }),
  defineOp({
    name: 'constant',
    category: 'leaf',
    doc: 'a literal tensor',
    operands: [],
    multiOutput: false,
    infer(shapes, attrs) {
      expectCount('constant', shapes, 0);
      const { shape, value } = attrs;
      const want = shape.size * storageSlotsPerElement(shape.dtype);
      if (value.length !== want) {
        throw new OpError('constant', `${shape} needs ${want} stored elements, got ${value.length}`);
      }
      return [shape];
    },
  }),
  defineOp({
    name: 'iota',
    category: 'leaf',
    doc: '0, 1, 2, ... along attrs.axis of attrs.shape',
    operands: [],
    multiOutput: false,
    infer(shapes, attrs) {
      expectCount('iota', shapes, 0);
      expectAxis('iota', attrs.axis, attrs.shape.rank);
      expectDType('iota', attrs.shape, 'numeric', 'result');
      return [attrs.shape];
    },
  }),
] as const;

/** Layout ops. */
export const shapeOps = [
  defineOp({
    name: 'broadcastInDim',
    category: 'shape',
    doc: 'broadcasts x to attrs.dims; operand axis i maps to result axis attrs.axesMapping[i]',
    operands: ['x'],
    multiOutput: false,
    infer(shapes, { dims, axesMapping }) {
      expectCount('broadcastInDim', shapes, 1);
      const x = shapes[0]!;
      const out = resultShape('broadcastInDim', x.dtype, dims);
      expectIntList('broadcastInDim', axesMapping, x.rank, 'axesMapping', 0);
      let previous = -1;
      axesMapping.forEach((target, axis) => {
        expectAxis('broadcastInDim', target, out.rank, 'axesMapping entry');
        if (target <= previous) {
          throw new OpError(
            'broadcastInDim',
            `axesMapping [${axesMapping.join(', ')}] must be strictly increasing`,
          );
        }
        previous = target;
        const size = x.dims[axis]!;
        if (size !== 1 && size !== out.dims[target]) {
          throw new OpError(
            'broadcastInDim',
            `operand ${x} axis ${axis} (size ${size}) cannot broadcast to result axis ${target} of [${dims.join(', ')}] (size ${out.dims[target]}); it must be 1 or equal`,
          );
        }
      });
      return [out];
    },
  }),
  defineOp({
    name: 'reshape',
    category: 'shape',
    doc: 'same elements in row-major order, new dims',
    operands: ['x'],
    multiOutput: false,
    infer(shapes, { dims }) {
      expectCount('reshape', shapes, 1);
      const x = shapes[0]!;
      const out = resultShape('reshape', x.dtype, dims);
      if (out.size !== x.size) {
        throw new OpError(
          'reshape',
          `cannot reshape ${x} (${x.size} elements) to [${dims.join(', ')}] (${sizeOf(dims)} elements)`,
        );
      }
      return [out];
    },
  }),
  defineOp({
    name: 'transpose',
    category: 'shape',
    doc: 'permutes axes: result axis i is operand axis permutation[i]',
    operands: ['x'],
    multiOutput: false,
    infer(shapes, { permutation }) {
      expectCount('transpose', shapes, 1);
      const x = shapes[0]!;
      expectIntList('transpose', permutation, x.rank, 'permutation', 0);
      expectAxes('transpose', permutation, x.rank, 'permutation');
      return [x.withDims(permutation.map((a) => x.dims[a]!))];
    },
  }),
  defineOp({
    name: 'reverse',
    category: 'shape',
    doc: 'reverses the order of elements along attrs.axes',
    operands: ['x'],
    multiOutput: false,
    infer(shapes, { axes }) {
      expectCount('reverse', shapes, 1);
      expectAxes('reverse', axes, shapes[0]!.rank);
      return [shapes[0]!];
    },
  }),
  defineOp({
    name: 'concatenate',
    category: 'shape',
    doc: 'joins operands along attrs.axis; other dims and dtypes must match',
    operands: ['...operands'],
    multiOutput: false,
    infer(shapes, { axis }) {
      expectAtLeast('concatenate', shapes, 1);
      const first = shapes[0]!;
      expectAxis('concatenate', axis, first.rank);
      let total = 0;
      for (const s of shapes) {
        const mismatch =
          s.dtype !== first.dtype ||
          s.rank !== first.rank ||
          s.dims.some((d, i) => i !== axis && d !== first.dims[i]);
        if (mismatch) {
          throw new OpError(
            'concatenate',
            `operands must match in dtype and in every dim but axis ${axis}, got ${showShapes(shapes)}`,
          );
        }
        total += s.dims[axis]!;
      }
      const dims = [...first.dims];
      dims[axis] = total;
      return [first.withDims(dims)];
    },
  }),
  defineOp({
    name: 'slice',
    category: 'shape',
    doc: 'elements from start (inclusive) to limit (exclusive) with strides on each axis',
    operands: ['x'],
    multiOutput: false,
    infer(shapes, { start, limit, strides }) {
      expectCount('slice', shapes, 1);
      const x = shapes[0]!;
      expectIntList('slice', start, x.rank, 'start', 0);
      expectIntList('slice', limit, x.rank, 'limit', 0);
      expectIntList('slice', strides, x.rank, 'strides', 1);
      const dims = x.dims.map((d, i) => {
        const s = start[i]!;
        const l = limit[i]!;
        if (s > l || l > d) {
          throw new OpError('slice', `axis ${i} of ${x}: need 0 ≤ start (${s}) ≤ limit (${l}) ≤ ${d}`);
        }
        return Math.ceil((l - s) / strides[i]!);
      });
      return [x.withDims(dims)];
    },
  }),
  defineOp({
    name: 'dynamicSlice',
    category: 'shape',
    doc: 'slice of attrs.sizes starting at the scalar integer operands; starts are clamped so the slice fits',
    operands: ['x', '...startIndices'],
    multiOutput: false,
    infer(shapes, { sizes }) {
      expectAtLeast('dynamicSlice', shapes, 1);
      const x = shapes[0]!;
      checkStartIndices('dynamicSlice', x, shapes.slice(1));
      expectIntList('dynamicSlice', sizes, x.rank, 'sizes', 0);
      sizes.forEach((size, i) => {
        if (size > x.dims[i]!)
          throw new OpError('dynamicSlice', `sizes [${sizes.join(', ')}] exceed ${x} on axis ${i}`);
      });
      return [x.withDims(sizes)];
    },
  }),
  defineOp({
    name: 'dynamicUpdateSlice',
    category: 'shape',
    doc: 'x with update written at the scalar integer start operands (clamped so the update fits)',
    operands: ['x', 'update', '...startIndices'],
    multiOutput: false,
    infer(shapes) {
      expectAtLeast('dynamicUpdateSlice', shapes, 2);
      const [x, update] = shapes as [Shape, Shape];
      checkStartIndices('dynamicUpdateSlice', x, shapes.slice(2));
      if (update.dtype !== x.dtype || update.rank !== x.rank || update.dims.some((d, i) => d > x.dims[i]!)) {
        throw new OpError(
          'dynamicUpdateSlice',
          `update ${update} must have the dtype and rank of ${x} and fit inside it`,
        );
      }
      return [x];
    },
  }),
  defineOp({
    name: 'pad',
    category: 'shape',
    doc: 'pads with the scalar padValue: low/high per axis (negative crops), interior between elements',
    operands: ['x', 'padValue'],
    multiOutput: false,
    infer(shapes, { low, high, interior }) {
      expectCount('pad', shapes, 2);
      const [x, value] = shapes as [Shape, Shape];
      if (value.rank !== 0 || value.dtype !== x.dtype) {
        throw new OpError('pad', `padValue must be a scalar of dtype ${x.dtype}, got ${value}`);
      }
      expectIntList('pad', low, x.rank, 'low');
      expectIntList('pad', high, x.rank, 'high');
      expectIntList('pad', interior, x.rank, 'interior', 0);
      const dims = x.dims.map((d, i) => {
        const grown = d === 0 ? 0 : d + (d - 1) * interior[i]!;
        const size = grown + low[i]! + high[i]!;
        if (size < 0) {
          throw new OpError(
            'pad',
            `axis ${i} of ${x} would have negative size ${size} (low ${low[i]}, high ${high[i]}, interior ${interior[i]})`,
          );
        }
        return size;
      });
      return [x.withDims(dims)];
    },
  }),
  defineOp({
    name: 'where',
    category: 'shape',
    doc: 'onTrue where condition holds, else onFalse (select); condition is bool, scalar or of the same dims',
    operands: ['condition', 'onTrue', 'onFalse'],
    multiOutput: false,
    infer(shapes) {
      expectCount('where', shapes, 3);
      const [cond, a, b] = shapes as [Shape, Shape, Shape];
      expectDType('where', cond, 'bool', 'condition');
      expectSameShapes('where', [a, b]);
      if (cond.rank !== 0 && !cond.sameDims(a)) {
        throw new OpError('where', `condition ${cond} must be a scalar or have the dims of ${a}`);
      }
      return [a];
    },
  }),
  defineOp({
    name: 'clamp',
    category: 'shape',
    doc: 'min(max(x, lo), hi); lo and hi are scalars or of the dims of x',
    operands: ['lo', 'x', 'hi'],
    multiOutput: false,
    infer(shapes) {
      expectCount('clamp', shapes, 3);
      const [lo, x, hi] = shapes as [Shape, Shape, Shape];
      expectDType('clamp', x, 'numeric');
      for (const bound of [lo, hi]) {
        if (bound.dtype !== x.dtype || (bound.rank !== 0 && !bound.sameDims(x))) {
          throw new OpError('clamp', `bounds must be scalars or match ${x}, got lo ${lo}, hi ${hi}`);
        }
      }
      return [x];
    },
  }),
] as const;

function checkStartIndices(op: string, x: Shape, starts: readonly Shape[]): void {
  if (starts.length !== x.rank) {
    throw new OpError(op, `needs ${x.rank} start indices (one per axis of ${x}), got ${starts.length}`);
  }
  for (const s of starts) {
    if (s.rank !== 0 || !isInteger(s.dtype)) {
      throw new OpError(op, `start indices must be integer scalars, got ${showShapes(starts)}`);
    }
  }
}
