// The operators of the interpreted elementwise subset (interpreterParse.ts), twice: on single values
// (loop-invariant expressions, evaluated once per call) and as loops over a block of elements (the
// per-element work: one tight loop per operator and block, never a closure call per element). Both apply
// JavaScript's own operator to the same values the generated code would see, so results are the same bits.
// The operands of a block loop are Float64Arrays (numbers and comparison results as 0/1) or plain arrays of
// bigints; the type below only lets TypeScript accept either.

/** A block of values: a Float64Array, or a plain array of bigints. */
export type Block = { [j: number]: number; length: number };

/** A loop over one block: `o[j] = l[j] op r[j]` for j < len. */
export type BinaryLoop = (l: Block, r: Block, o: Block, len: number) => void;
/** A loop over one block: `o[j] = op x[j]` for j < len. */
export type UnaryLoop = (x: Block, o: Block, len: number) => void;

/** Largest shift a bigint branch not taken by `?:` may compute (larger ones would not fit in memory). */
const BIG_SHIFT_LIMIT = 1024n;

const binaryLoops: Readonly<Record<string, BinaryLoop>> = {
  '+': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! + r[j]!;
  },
  '-': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! - r[j]!;
  },
  '*': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! * r[j]!;
  },
  '/': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! / r[j]!;
  },
  '%': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! % r[j]!;
  },
  '**': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! ** r[j]!;
  },
  '&': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! & r[j]!;
  },
  '|': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! | r[j]!;
  },
  '^': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! ^ r[j]!;
  },
  '<<': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! << r[j]!;
  },
  '>>': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! >> r[j]!;
  },
  '>>>': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! >>> r[j]!;
  },
  '===': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j] === r[j] ? 1 : 0;
  },
  '!==': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j] !== r[j] ? 1 : 0;
  },
  '==': (l, r, o, n) => {
    // biome-ignore lint/suspicious/noDoubleEquals: the interpreted source's own operator.
    for (let j = 0; j < n; j++) o[j] = l[j] == r[j] ? 1 : 0;
  },
  '!=': (l, r, o, n) => {
    // biome-ignore lint/suspicious/noDoubleEquals: the interpreted source's own operator.
    for (let j = 0; j < n; j++) o[j] = l[j] != r[j] ? 1 : 0;
  },
  '<': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! < r[j]! ? 1 : 0;
  },
  '>': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! > r[j]! ? 1 : 0;
  },
  '<=': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! <= r[j]! ? 1 : 0;
  },
  '>=': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! >= r[j]! ? 1 : 0;
  },
  '&&': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! && r[j]!;
  },
  '||': (l, r, o, n) => {
    for (let j = 0; j < n; j++) o[j] = l[j]! || r[j]!;
  },
};

// Bigint operators that throw (or exhaust memory) on operands a `?:` guards against: both branches of a
// conditional are computed over a whole block, so the branch not taken must not throw. Its element is
// never used, so any value does there.
const bigLoops: Readonly<Record<string, BinaryLoop>> = {
  '/': (l, r, o, n) => {
    const L = l as unknown as bigint[];
    const R = r as unknown as bigint[];
    const O = o as unknown as bigint[];
    for (let j = 0; j < n; j++) O[j] = R[j] === 0n ? 0n : L[j]! / R[j]!;
  },
  '%': (l, r, o, n) => {
    const L = l as unknown as bigint[];
    const R = r as unknown as bigint[];
    const O = o as unknown as bigint[];
    for (let j = 0; j < n; j++) O[j] = R[j] === 0n ? 0n : L[j]! % R[j]!;
  },
  '**': (l, r, o, n) => {
    const L = l as unknown as bigint[];
    const R = r as unknown as bigint[];
    const O = o as unknown as bigint[];
    for (let j = 0; j < n; j++) O[j] = R[j]! < 0n || R[j]! > BIG_SHIFT_LIMIT ? 0n : L[j]! ** R[j]!;
  },
  '<<': (l, r, o, n) => {
    const L = l as unknown as bigint[];
    const R = r as unknown as bigint[];
    const O = o as unknown as bigint[];
    for (let j = 0; j < n; j++) O[j] = R[j]! > BIG_SHIFT_LIMIT ? 0n : L[j]! << R[j]!;
  },
  '>>': (l, r, o, n) => {
    const L = l as unknown as bigint[];
    const R = r as unknown as bigint[];
    const O = o as unknown as bigint[];
    for (let j = 0; j < n; j++) O[j] = R[j]! < -BIG_SHIFT_LIMIT ? 0n : L[j]! >> R[j]!;
  },
};

/** The block loop of a binary operator on numbers (`big` false) or bigints; undefined if unknown. */
export function binaryLoop(op: string, big: boolean): BinaryLoop | undefined {
  return (big ? bigLoops[op] : undefined) ?? binaryLoops[op];
}

const unaryLoops: Readonly<Record<string, UnaryLoop>> = {
  '-': (x, o, n) => {
    for (let j = 0; j < n; j++) o[j] = -x[j]!;
  },
  '+': (x, o, n) => {
    for (let j = 0; j < n; j++) o[j] = +x[j]!;
  },
  '~': (x, o, n) => {
    for (let j = 0; j < n; j++) o[j] = ~x[j]!;
  },
  '!': (x, o, n) => {
    for (let j = 0; j < n; j++) o[j] = x[j] ? 0 : 1;
  },
};

/** The block loop of a unary operator; undefined if unknown. */
export function unaryLoop(op: string): UnaryLoop | undefined {
  return unaryLoops[op];
}

/** `o[j] = c[j] ? a[j] : b[j]` (truthiness as in JavaScript). */
export function selectLoop(c: Block, a: Block, b: Block, o: Block, n: number): void {
  for (let j = 0; j < n; j++) o[j] = c[j] ? a[j]! : b[j]!;
}

/** `o[j] = start + j`: the loop variable. */
export function indexLoop(start: number, o: Block, n: number): void {
  for (let j = 0; j < n; j++) o[j] = start + j;
}

/** `o[j] = array[start + j]`. */
export function loadRange(array: Block, start: number, o: Block, n: number): void {
  for (let j = 0; j < n; j++) o[j] = array[start + j]!;
}

/** `o[j] = array[index[j]]`. */
export function loadGather(array: Block, index: Block, o: Block, n: number): void {
  for (let j = 0; j < n; j++) o[j] = array[index[j]!]!;
}

/** `array[start + j] = x[j]`: a store, with the array's own conversion (rounding, wrapping). */
export function storeRange(array: Block, start: number, x: Block, n: number): void {
  for (let j = 0; j < n; j++) array[start + j] = x[j]!;
}

/** `array[index[j]] = x[j]`. */
export function storeScatter(array: Block, index: Block, x: Block, n: number): void {
  for (let j = 0; j < n; j++) array[index[j]!] = x[j]!;
}

/** `o[j] = Math.fround(x[j])` (the float32 rounding of every float32 chain step, kept out of `call1`). */
export function froundLoop(x: Block, o: Block, n: number): void {
  for (let j = 0; j < n; j++) o[j] = Math.fround(x[j]!);
}

/** `o[j] = f(x[j])`. */
export function call1(f: (x: number) => number, x: Block, o: Block, n: number): void {
  for (let j = 0; j < n; j++) o[j] = f(x[j]!);
}

/** `o[j] = f(x[j], y[j])`. */
export function call2(f: (x: number, y: number) => number, x: Block, y: Block, o: Block, n: number): void {
  for (let j = 0; j < n; j++) o[j] = f(x[j]!, y[j]!);
}

/** `o[j] = f(...args[·][j])` for any number of arguments. */
export function callN(f: (...x: number[]) => number, args: readonly Block[], o: Block, n: number): void {
  const values: number[] = new Array(args.length);
  for (let j = 0; j < n; j++) {
    for (let a = 0; a < args.length; a++) values[a] = args[a]![j]!;
    o[j] = f(...values);
  }
}

/** Applies a binary operator to single values (JavaScript semantics, `&&`/`||` included). */
export function applyBinary(op: string, a: unknown, b: unknown): unknown {
  const x = a as number;
  const y = b as number;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '%':
      return x % y;
    case '**':
      return x ** y;
    case '&':
      return x & y;
    case '|':
      return x | y;
    case '^':
      return x ^ y;
    case '<<':
      return x << y;
    case '>>':
      return x >> y;
    case '>>>':
      return x >>> y;
    case '===':
      return a === b;
    case '!==':
      return a !== b;
    case '==':
      // biome-ignore lint/suspicious/noDoubleEquals: the interpreted source's own operator.
      return a == b;
    case '!=':
      // biome-ignore lint/suspicious/noDoubleEquals: the interpreted source's own operator.
      return a != b;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
    case '&&':
      return a && b;
    case '||':
      return a || b;
  }
  throw new SyntaxError(`interpreter: unknown operator ${op}`);
}

/** Applies a unary operator to a single value. */
export function applyUnary(op: string, v: unknown): unknown {
  const x = v as number;
  switch (op) {
    case '-':
      return -x;
    case '+':
      return +x;
    case '~':
      return ~x;
    case '!':
      return !v;
  }
  throw new SyntaxError(`interpreter: unknown operator ${op}`);
}
