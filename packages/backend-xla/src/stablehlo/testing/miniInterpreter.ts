// A tiny evaluator of emitted StableHLO text for integer programs without regions (the ops the Philox lowering
// of rngBitGenerator uses), so its bits can be checked against an independent Philox reference without XLA.
// Integer converts must be in range (the lowering masks before narrowing), otherwise it throws.

/** An integer tensor: element type (`ui32`, `i1`, ...), dims, row-major values. */
export interface IntTensor {
  /** MLIR element type. */
  readonly type: string;
  /** Dims. */
  readonly dims: number[];
  /** Row-major values. */
  readonly data: bigint[];
}

function parseType(text: string): { type: string; dims: number[] } {
  const m = /^tensor<(.*)>$/.exec(text.trim());
  if (!m) throw new Error(`bad type ${text}`);
  const parts = m[1]!.split('x');
  const type = parts.pop()!;
  return { type, dims: parts.map(Number) };
}

function bits(type: string): { width: bigint; signed: boolean } {
  if (type === 'i1') return { width: 1n, signed: false };
  const m = /^(u?)i(\d+)$/.exec(type);
  if (!m) throw new Error(`mini interpreter handles integers only, got ${type}`);
  return { width: BigInt(m[2]!), signed: m[1] === '' };
}

function wrap(v: bigint, type: string): bigint {
  const { width, signed } = bits(type);
  return signed ? BigInt.asIntN(Number(width), v) : BigInt.asUintN(Number(width), v);
}

function size(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function unravel(index: number, dims: readonly number[]): number[] {
  const out = new Array<number>(dims.length);
  for (let a = dims.length - 1; a >= 0; a--) {
    out[a] = index % dims[a]!;
    index = Math.floor(index / dims[a]!);
  }
  return out;
}

function ravel(coords: readonly number[], dims: readonly number[]): number {
  let i = 0;
  for (let a = 0; a < dims.length; a++) i = i * dims[a]! + coords[a]!;
  return i;
}

function attrList(attrs: string, name: string): number[] {
  const m = new RegExp(`${name} = array<i64(?:: ([^>]*))?>`).exec(attrs);
  if (!m) throw new Error(`missing ${name}`);
  return m[1] ? m[1].split(',').map((v) => Number(v.trim())) : [];
}

function attrInt(attrs: string, name: string): number {
  const m = new RegExp(`${name} = (-?\\d+)`).exec(attrs);
  if (!m) throw new Error(`missing ${name}`);
  return Number(m[1]);
}

const BINARY: Record<string, (a: bigint, b: bigint, width: bigint) => bigint> = {
  'stablehlo.add': (a, b) => a + b,
  'stablehlo.multiply': (a, b) => a * b,
  'stablehlo.and': (a, b) => a & b,
  'stablehlo.or': (a, b) => a | b,
  'stablehlo.xor': (a, b) => a ^ b,
  'stablehlo.shift_left': (a, b, w) => (b >= w ? 0n : a << b),
  'stablehlo.shift_right_logical': (a, b, w) => (b >= w ? 0n : a >> b),
};

const COMPARE: Record<string, (a: bigint, b: bigint) => boolean> = {
  EQ: (a, b) => a === b,
  NE: (a, b) => a !== b,
  LT: (a, b) => a < b,
  LE: (a, b) => a <= b,
  GT: (a, b) => a > b,
  GE: (a, b) => a >= b,
};

function evalOp(
  op: string,
  args: IntTensor[],
  attrs: string,
  out: { type: string; dims: number[] },
): IntTensor {
  const n = size(out.dims);
  const make = (f: (i: number) => bigint): IntTensor => ({
    ...out,
    data: Array.from({ length: n }, (_, i) => wrap(f(i), out.type)),
  });
  const [x, y] = args;
  switch (op) {
    case 'stablehlo.constant': {
      const body = /dense<(.*)> :/.exec(attrs)![1]!;
      const items = body
        .replace(/[[\]]/g, '')
        .split(',')
        .map((v) => v.trim());
      const value = (v: string) => (v === 'true' ? 1n : v === 'false' ? 0n : BigInt(v));
      return make((i) => value(items.length === 1 ? items[0]! : items[i]!));
    }
    case 'stablehlo.iota': {
      const axis = attrInt(attrs, 'iota_dimension');
      return make((i) => BigInt(unravel(i, out.dims)[axis]!));
    }
    case 'stablehlo.reshape':
      return make((i) => x!.data[i]!);
    case 'stablehlo.slice': {
      const start = attrList(attrs, 'start_indices');
      const strides = attrList(attrs, 'strides');
      return make(
        (i) =>
          x!.data[
            ravel(
              unravel(i, out.dims).map((c, a) => start[a]! + c * strides[a]!),
              x!.dims,
            )
          ]!,
      );
    }
    case 'stablehlo.broadcast_in_dim': {
      const map = attrList(attrs, 'broadcast_dimensions');
      return make((i) => {
        const c = unravel(i, out.dims);
        return x!.data[
          ravel(
            map.map((r, a) => (x!.dims[a] === 1 ? 0 : c[r]!)),
            x!.dims,
          )
        ]!;
      });
    }
    case 'stablehlo.concatenate': {
      const axis = attrInt(attrs, 'dimension');
      return make((i) => {
        const c = unravel(i, out.dims);
        let k = 0;
        while (c[axis]! >= args[k]!.dims[axis]!) c[axis]! -= args[k++]!.dims[axis]!;
        return args[k]!.data[ravel(c, args[k]!.dims)]!;
      });
    }
    case 'stablehlo.convert':
      return make((i) => {
        const v = x!.data[i]!;
        if (wrap(v, out.type) !== v) throw new Error(`convert of out-of-range ${v} to ${out.type}`);
        return v;
      });
    case 'stablehlo.compare': {
      const dir = /comparison_direction ([A-Z]+)/.exec(attrs)![1]!;
      return make((i) => (COMPARE[dir]!(x!.data[i]!, y!.data[i]!) ? 1n : 0n));
    }
    case 'stablehlo.select':
      return make((i) => (x!.data[x!.dims.length ? i : 0]! ? args[1]!.data[i]! : args[2]!.data[i]!));
    default: {
      const f = BINARY[op];
      if (!f) throw new Error(`mini interpreter does not handle ${op}`);
      const { width } = bits(out.type);
      return make((i) => f(x!.data[i]!, y!.data[i]!, width));
    }
  }
}

/** Evaluates `func.func @main` of an emitted module on the inputs; returns the `func.return` operands. */
export function evaluateMain(text: string, inputs: readonly IntTensor[]): IntTensor[] {
  const env = new Map<string, IntTensor>();
  for (const [i, t] of inputs.entries()) env.set(`%arg${i}`, t);
  const main = text.slice(text.indexOf('func.func @main'));
  for (const raw of main.split('\n').slice(1)) {
    const line = raw.trim();
    const m = /^(?:(%\d+) = )?"([\w.]+)"\(([^)]*)\)(?: \{(.*)\})? : \(.*\) -> (.*)$/.exec(line);
    if (!m) {
      if (line === '}') break;
      throw new Error(`cannot parse: ${line}`);
    }
    const [, result, op, operandText, attrs = '', resultType] = m;
    const args = operandText!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((r) => env.get(r)!);
    if (op === 'func.return') return args;
    env.set(result!, evalOp(op!, args, attrs, parseType(resultType!)));
  }
  throw new Error('no func.return in main');
}
