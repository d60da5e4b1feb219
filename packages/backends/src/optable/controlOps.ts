import { isUnsigned } from '@tsmlx/dtypes';
import type { Shape } from '@tsmlx/shapes';
import { OpError } from '../errors.js';
import { type Program, programOutputShapes } from '../program.js';
import { expectAtLeast, expectAxis, expectCount, showShapes } from './check.js';
import { defineOp } from './spec.js';

function sameShapeLists(a: readonly Shape[], b: readonly Shape[]): boolean {
  return a.length === b.length && a.every((s, i) => s.equals(b[i]!));
}

function expectSignature(
  op: string,
  what: string,
  program: Program,
  params: readonly Shape[],
  outputs?: readonly Shape[],
): void {
  if (!sameShapeLists(program.parameters, params)) {
    throw new OpError(
      op,
      `${what} must take (${showShapes(params)}), but takes (${showShapes(program.parameters)})`,
    );
  }
  if (outputs && !sameShapeLists(programOutputShapes(program), outputs)) {
    throw new OpError(
      op,
      `${what} must return (${showShapes(outputs)}), but returns (${showShapes(programOutputShapes(program))})`,
    );
  }
}

function isBoolScalarOutput(program: Program): boolean {
  const outs = programOutputShapes(program);
  return outs.length === 1 && outs[0]!.rank === 0 && outs[0]!.dtype === 'bool';
}

/** Random bits: Philox-4x32-10, the same bits on every backend. */
export const rngOps = [
  defineOp({
    name: 'rngBitGenerator',
    category: 'rng',
    doc:
      'Philox-4x32-10 random bits of attrs.shape from state uint64[3] = [key, counterHigh, counterLow]; ' +
      'returns [newState, bits]. Bits fill the result in row-major order from consecutive counters.',
    operands: ['state'],
    multiOutput: true,
    infer(shapes, attrs) {
      expectCount('rngBitGenerator', shapes, 1);
      const state = shapes[0]!;
      if (state.dtype !== 'uint64' || state.rank !== 1 || state.dims[0] !== 3) {
        throw new OpError('rngBitGenerator', `state must be (uint64)[3], got ${state}`);
      }
      if (!isUnsigned(attrs.shape.dtype)) {
        throw new OpError(
          'rngBitGenerator',
          `bits must have an unsigned dtype (uint8..uint64), got ${attrs.shape}`,
        );
      }
      return [state, attrs.shape];
    },
  }),
] as const;

/** Control flow. Sub-programs are closed: they take what they need as parameters. */
export const controlOps = [
  defineOp({
    name: 'while',
    category: 'control',
    doc: 'state = body(state) while cond(state); returns the final state',
    operands: ['...state'],
    multiOutput: true,
    infer(shapes, { cond, body }) {
      expectSignature('while', 'cond', cond, shapes);
      if (!isBoolScalarOutput(cond))
        throw new OpError(
          'while',
          `cond must return one bool scalar, returns (${showShapes(programOutputShapes(cond))})`,
        );
      expectSignature('while', 'body', body, shapes, shapes);
      return [...shapes];
    },
  }),
  defineOp({
    name: 'if',
    category: 'control',
    doc: 'trueBranch(args) if pred else falseBranch(args)',
    operands: ['pred', '...args'],
    multiOutput: true,
    infer(shapes, { trueBranch, falseBranch }) {
      expectAtLeast('if', shapes, 1);
      const pred = shapes[0]!;
      if (pred.rank !== 0 || pred.dtype !== 'bool')
        throw new OpError('if', `pred must be a bool scalar, got ${pred}`);
      const args = shapes.slice(1);
      const outs = programOutputShapes(trueBranch);
      expectSignature('if', 'trueBranch', trueBranch, args);
      expectSignature('if', 'falseBranch', falseBranch, args, outs);
      return outs;
    },
  }),
  defineOp({
    name: 'sort',
    category: 'control',
    doc: 'sorts the operands together along attrs.axis by the comparator (lhs before rhs)',
    operands: ['...operands'],
    multiOutput: true,
    infer(shapes, { axis, comparator }) {
      expectAtLeast('sort', shapes, 1);
      const first = shapes[0]!;
      for (const s of shapes) {
        if (!s.sameDims(first))
          throw new OpError('sort', `operands must have equal dims, got ${showShapes(shapes)}`);
      }
      expectAxis('sort', axis, first.rank);
      const scalars = shapes.flatMap((s) => [s.withDims([]), s.withDims([])]);
      expectSignature('sort', 'comparator', comparator, scalars);
      if (!isBoolScalarOutput(comparator))
        throw new OpError('sort', 'comparator must return one bool scalar');
      return [...shapes];
    },
  }),
  defineOp({
    name: 'call',
    category: 'control',
    doc: 'runs attrs.fn on the operands',
    operands: ['...args'],
    multiOutput: true,
    infer(shapes, { fn }) {
      expectSignature('call', 'fn', fn, shapes);
      return programOutputShapes(fn);
    },
  }),
] as const;
