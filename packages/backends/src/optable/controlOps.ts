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
      'returns [newState, bits]. Exact rule (every backend must reproduce it bit for bit): the Philox key is ' +
      'k0 = key & 0xffffffff, k1 = key >> 32; the 128-bit counter C = counterHigh * 2^64 + counterLow is the ' +
      'Philox counter words c0..c3 = bits 0-31, 32-63, 64-95, 96-127 of C (Random123 philox4x32_10, whose ' +
      'known-answer vectors it matches). Block j (j = 0, 1, ...) is Philox-4x32-10 of counter (C + j) mod 2^128, ' +
      'giving 32-bit words w[4j], w[4j+1], w[4j+2], w[4j+3] (its outputs x0..x3). Element i of the result in ' +
      'row-major order is: uint32: w[i]; uint64: w[2i] + w[2i+1] * 2^32 (low word first); uint16: w[i] & 0xffff; ' +
      'uint8: w[i] & 0xff (one word per element, high bits dropped). The blocks used are B = ceil(W / 4), with ' +
      'W = 2 * size for uint64 and W = size otherwise (unused words of the last block are dropped); ' +
      'newState = [key, counter (C + B) mod 2^128 split as [high 64 bits, low 64 bits]]. A zero-size result ' +
      'uses no block and returns the state unchanged.',
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
