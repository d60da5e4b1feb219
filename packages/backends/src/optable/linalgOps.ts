import type { Shape } from '@tsmlx/shapes';
import { OpError } from '../errors.js';
import { expectAxes, expectCount, expectDType, expectIntList, resultShape, showShapes } from './check.js';
import { windowOutputSize } from './reduceOps.js';
import { defineOp } from './spec.js';

/** Linear algebra: dotGeneral and convGeneral. */
export const linalgOps = [
  defineOp({
    name: 'dotGeneral',
    category: 'linalg',
    doc: 'generalized matrix product: batch axes paired, contracting axes summed; result = batch, lhs free, rhs free',
    operands: ['lhs', 'rhs'],
    multiOutput: false,
    infer(shapes, attrs) {
      expectCount('dotGeneral', shapes, 2);
      const [lhs, rhs] = shapes as [Shape, Shape];
      expectDType('dotGeneral', lhs, 'numeric', 'lhs');
      if (rhs.dtype !== lhs.dtype)
        throw new OpError('dotGeneral', `lhs and rhs dtypes differ: ${showShapes(shapes)}`);
      const { lhsBatchAxes, lhsContractingAxes, rhsBatchAxes, rhsContractingAxes } = attrs;
      expectAxes(
        'dotGeneral',
        [...lhsBatchAxes, ...lhsContractingAxes],
        lhs.rank,
        'lhs batch + contracting axes',
      );
      expectAxes(
        'dotGeneral',
        [...rhsBatchAxes, ...rhsContractingAxes],
        rhs.rank,
        'rhs batch + contracting axes',
      );
      const pair = (a: readonly number[], b: readonly number[], what: string) => {
        if (a.length !== b.length)
          throw new OpError('dotGeneral', `${what} axes lists differ in length: [${a}] vs [${b}]`);
        a.forEach((axis, i) => {
          if (lhs.dims[axis] !== rhs.dims[b[i]!]) {
            throw new OpError(
              'dotGeneral',
              `${what} axis lhs ${axis} (size ${lhs.dims[axis]}) does not match rhs ${b[i]} (size ${rhs.dims[b[i]!]}) in ${showShapes(shapes)}`,
            );
          }
        });
      };
      pair(lhsBatchAxes, rhsBatchAxes, 'batch');
      pair(lhsContractingAxes, rhsContractingAxes, 'contracting');
      const free = (s: Shape, used: readonly number[]) => s.dims.filter((_, i) => !used.includes(i));
      const dims = [
        ...lhsBatchAxes.map((a) => lhs.dims[a]!),
        ...free(lhs, [...lhsBatchAxes, ...lhsContractingAxes]),
        ...free(rhs, [...rhsBatchAxes, ...rhsContractingAxes]),
      ];
      return [resultShape('dotGeneral', lhs.dtype, dims)];
    },
  }),
  defineOp({
    name: 'convGeneral',
    category: 'linalg',
    doc: 'N-D convolution (cross-correlation) with strides, padding, input/kernel dilations and feature/batch groups',
    operands: ['input', 'kernel'],
    multiOutput: false,
    infer(shapes, a) {
      const op = 'convGeneral';
      expectCount(op, shapes, 2);
      const [input, kernel] = shapes as [Shape, Shape];
      expectDType(op, input, 'numeric', 'input');
      if (kernel.dtype !== input.dtype)
        throw new OpError(op, `input and kernel dtypes differ: ${showShapes(shapes)}`);
      const n = a.inputSpatialAxes.length;
      if (input.rank !== n + 2 || kernel.rank !== n + 2) {
        throw new OpError(
          op,
          `input and kernel must have rank ${n + 2} for ${n} spatial axes, got ${showShapes(shapes)}`,
        );
      }
      expectAxes(
        op,
        [a.inputBatchAxis, a.inputChannelsAxis, ...a.inputSpatialAxes],
        input.rank,
        'input axes',
      );
      expectAxes(
        op,
        [a.kernelInputChannelsAxis, a.kernelOutputChannelsAxis, ...a.kernelSpatialAxes],
        kernel.rank,
        'kernel axes',
      );
      expectAxes(
        op,
        [a.outputBatchAxis, a.outputChannelsAxis, ...a.outputSpatialAxes],
        input.rank,
        'output axes',
      );
      if (a.kernelSpatialAxes.length !== n || a.outputSpatialAxes.length !== n) {
        throw new OpError(op, 'input, kernel and output must list the same number of spatial axes');
      }
      expectIntList(op, a.strides, n, 'strides', 1);
      expectIntList(op, a.inputDilations, n, 'inputDilations', 1);
      expectIntList(op, a.kernelDilations, n, 'kernelDilations', 1);
      if (
        !Array.isArray(a.padding) ||
        a.padding.length !== n ||
        a.padding.some((p) => p.length !== 2 || !p.every(Number.isInteger))
      ) {
        throw new OpError(
          op,
          `padding must list ${n} [low, high] integer pairs, got ${JSON.stringify(a.padding)}`,
        );
      }
      const fg = a.featureGroupCount;
      const bg = a.batchGroupCount;
      if (!Number.isInteger(fg) || fg < 1 || !Number.isInteger(bg) || bg < 1 || (fg > 1 && bg > 1)) {
        throw new OpError(
          op,
          `featureGroupCount (${fg}) and batchGroupCount (${bg}) must be ≥ 1 and not both > 1`,
        );
      }
      const batch = input.dims[a.inputBatchAxis]!;
      const inChannels = input.dims[a.inputChannelsAxis]!;
      const kIn = kernel.dims[a.kernelInputChannelsAxis]!;
      const kOut = kernel.dims[a.kernelOutputChannelsAxis]!;
      if (inChannels !== kIn * fg) {
        throw new OpError(
          op,
          `input channels (${inChannels}) must equal kernel input channels (${kIn}) × featureGroupCount (${fg}) in ${showShapes(shapes)}`,
        );
      }
      if (kOut % fg !== 0 || kOut % bg !== 0) {
        throw new OpError(
          op,
          `kernel output channels (${kOut}) must be divisible by featureGroupCount (${fg}) and batchGroupCount (${bg})`,
        );
      }
      if (batch % bg !== 0)
        throw new OpError(op, `batch (${batch}) must be divisible by batchGroupCount (${bg})`);
      const dims = new Array<number>(input.rank);
      dims[a.outputBatchAxis] = batch / bg;
      dims[a.outputChannelsAxis] = kOut;
      for (let i = 0; i < n; i++) {
        const size = input.dims[a.inputSpatialAxes[i]!]!;
        const k = kernel.dims[a.kernelSpatialAxes[i]!]!;
        const [lo, hi] = a.padding[i]!;
        dims[a.outputSpatialAxes[i]!] = windowOutputSize(
          size,
          k,
          a.strides[i]!,
          lo,
          hi,
          a.inputDilations[i],
          a.kernelDilations[i],
        );
      }
      return [resultShape(op, input.dtype, dims)];
    },
  }),
] as const;
