import { Shape } from '@tsmlx/shapes';
import type { ConformanceCase } from '../../types.js';
import { expected, scalar, tensor } from '../shape/tensors.js';

const I32 = Shape.scalar('int32');
const VEC = new Shape('float32', [3]);

/** `while i < limit: (i, sum) = (i + 1, sum + i)`, expected from a plain loop. */
function sumLoop(start: number, limit: number): ConformanceCase {
  let i = start;
  let sum = 0;
  while (i < limit) {
    sum += i;
    i += 1;
  }
  return {
    op: 'while',
    name: `sum of ${start}..${limit - 1} (${i - start} iterations)`,
    uses: ['add', 'lessThan'],
    inputs: [scalar('int32', start), scalar('int32', 0)],
    build: (b, state) => {
      const cond = b.subProgram('cond', [I32, I32], ([n], s) => [
        s.lessThan(n!, s.constant(new Int32Array([limit]), I32)),
      ]);
      const body = b.subProgram('body', [I32, I32], ([n, total], s) => [
        s.add(n!, s.constant(new Int32Array([1]), I32)),
        s.add(total!, n!),
      ]);
      return b.while(state, { cond, body });
    },
    expected: [expected('int32', [], [i]), expected('int32', [], [sum])],
  };
}

const a = [1.5, -2, 3];
const c = [10, 20, 30.25];

/** `if` taking one branch that swaps its operands and one that passes them through (no other ops). */
function swapIf(pred: boolean): ConformanceCase {
  return {
    op: 'if',
    name: `pred ${pred}: ${pred ? 'true branch swaps' : 'false branch passes through'}`,
    inputs: [scalar('bool', pred), tensor('float32', [3], a), tensor('float32', [3], c)],
    build: (b, [p, x, y]) => {
      const trueBranch = b.subProgram('swap', [VEC, VEC], ([u, v]) => [v!, u!]);
      const falseBranch = b.subProgram('same', [VEC, VEC], ([u, v]) => [u!, v!]);
      return b.if(p!, [x!, y!], { trueBranch, falseBranch });
    },
    expected: pred
      ? [expected('float32', [3], c), expected('float32', [3], a)]
      : [expected('float32', [3], a), expected('float32', [3], c)],
  };
}

/** `if` whose true branch adds and whose false branch returns a constant. */
function addOrConstant(pred: boolean): ConformanceCase {
  return {
    op: 'if',
    name: `pred ${pred}: ${pred ? 'x + y' : 'a constant'}`,
    uses: ['add'],
    inputs: [scalar('bool', pred), tensor('float32', [3], a), tensor('float32', [3], c)],
    build: (b, [p, x, y]) => {
      const trueBranch = b.subProgram('add', [VEC, VEC], ([u, v], s) => [s.add(u!, v!)]);
      const falseBranch = b.subProgram('const', [VEC, VEC], (_, s) => [
        s.constant(new Float32Array([7, 8, 9]), VEC),
      ]);
      return b.if(p!, [x!, y!], { trueBranch, falseBranch });
    },
    expected: [expected('float32', [3], pred ? a.map((v, i) => v + c[i]!) : [7, 8, 9])],
  };
}

/** Conformance cases of while, if and call. */
export const flowCases: ConformanceCase[] = [
  sumLoop(1, 11),
  sumLoop(20, 11),
  {
    op: 'while',
    name: 'a state element passed through unchanged by the body',
    uses: ['add', 'lessThan'],
    inputs: [scalar('int32', 0), tensor('float32', [3], a)],
    build: (b, state) => {
      const cond = b.subProgram('cond', [I32, VEC], ([n], s) => [
        s.lessThan(n!, s.constant(new Int32Array([5]), I32)),
      ]);
      const body = b.subProgram('body', [I32, VEC], ([n, v], s) => [
        s.add(n!, s.constant(new Int32Array([1]), I32)),
        v!,
      ]);
      return b.while(state, { cond, body });
    },
    expected: [expected('int32', [], [5]), expected('float32', [3], a)],
  },
  swapIf(true),
  swapIf(false),
  addOrConstant(true),
  addOrConstant(false),
  {
    op: 'call',
    name: 'fn returns its operands reordered, one twice, and a constant',
    inputs: [tensor('float32', [3], a), scalar('int64', -(2n ** 40n))],
    build: (b, [x, y]) => {
      const fn = b.subProgram('fn', [VEC, Shape.scalar('int64')], ([u, v], s) => [
        v!,
        u!,
        u!,
        s.constant(new Uint8Array([1, 0]), new Shape('bool', [2])),
      ]);
      return b.call([x!, y!], { fn });
    },
    expected: [
      expected('int64', [], [-(2n ** 40n)]),
      expected('float32', [3], a),
      expected('float32', [3], a),
      expected('bool', [2], [true, false]),
    ],
  },
  {
    op: 'call',
    name: 'fn adds its operands',
    uses: ['add'],
    inputs: [tensor('float32', [3], a), tensor('float32', [3], c)],
    build: (b, [x, y]) => {
      const fn = b.subProgram('fn', [VEC, VEC], ([u, v], s) => [s.add(u!, v!)]);
      return b.call([x!, y!], { fn });
    },
    expected: [
      expected(
        'float32',
        [3],
        a.map((v, i) => v + c[i]!),
      ),
    ],
  },
];
