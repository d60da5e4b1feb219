import { type DType, isFloat } from '@tsmlx/dtypes';
import {
  concat,
  convert,
  cos,
  type Graph,
  log,
  mul,
  type Node,
  raw,
  reshape,
  scalar,
  shiftRightLogical,
  sin,
  sliceAxis,
  sqrt,
  sub,
  zeros,
} from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';
import type { RandomSource } from './initializers/types.js';
import type { Variable } from './variable.js';

/** Mantissa bits (including the implicit one) of each float dtype: uniform values use this many random bits. */
const MANTISSA_BITS: Partial<Record<DType, number>> = { float64: 53, float32: 24, float16: 11, bfloat16: 8 };

const UNSIGNED = new Set<DType>(['uint8', 'uint16', 'uint32', 'uint64']);

function expectFloatShape(what: string, shape: Shape): void {
  if (!(shape instanceof Shape)) throw new TypeError(`random.${what}: shape must be a Shape`);
  if (!isFloat(shape.dtype) || MANTISSA_BITS[shape.dtype] === undefined) {
    throw new Error(
      `random.${what}: needs a float dtype (float16, bfloat16, float32, float64), got ${shape}`,
    );
  }
}

/**
 * The RNG state a context keeps: three uint64 words `[key, counterHigh, counterLow]`, as the `rngBitGenerator`
 * op (Philox-4x32-10) takes. The key is the seed (two's complement for negatives, modulo 2^64) and the counter
 * starts at 0.
 */
export function rngStateFromSeed(seed: number | bigint): BigUint64Array {
  const key = BigInt.asUintN(64, BigInt(seed));
  return new BigUint64Array([key, 0n, 0n]);
}

/**
 * A {@link RandomSource} drawing from a `(uint64)[3]` RNG-state variable with the counter-based Philox
 * generator (the `rngBitGenerator` op): each draw in a graph reads the variable's current value in that graph
 * and sets the advanced state, so the same seed gives the same values on every backend.
 *
 * - `uniform`: float64 takes the top 53 bits of a uint64, float32 the top 24 bits of a uint32 (float16 11,
 *   bfloat16 8), times 2^-bits: exactly representable values in `[0, 1)`.
 * - `normal`: Box–Muller on pairs of uniforms, `sqrt(-2 ln(1 - u1)) · (cos, sin)(2π u2)`, computed in float64
 *   for float64 and in float32 otherwise.
 */
export class PhiloxRandom implements RandomSource {
  private readonly state: Variable;

  /** @param state - the RNG-state variable, `(uint64)[3]`. */
  constructor(state: Variable) {
    if (state.dtype !== 'uint64' || state.shape.rank !== 1 || state.shape.dims[0] !== 3) {
      throw new Error(`RNG state variable ${state.path} must be (uint64)[3], got ${state.shape}`);
    }
    this.state = state;
  }

  /** Raw random bits (see {@link RandomSource.bits}). */
  bits(g: Graph, shape: Shape): Node {
    if (!(shape instanceof Shape) || !UNSIGNED.has(shape.dtype)) {
      throw new Error(
        `random.bits: needs an unsigned dtype (uint8, uint16, uint32, uint64), got ${String(shape)}`,
      );
    }
    const [next, bits] = raw.rngBitGenerator(this.state.valueIn(g), { shape }) as [Node, Node];
    this.state.setValueIn(g, next);
    return bits;
  }

  /** Uniform values in `[0, 1)` (see the class description for the bits used). */
  uniform(g: Graph, shape: Shape): Node {
    expectFloatShape('uniform', shape);
    const dtype = shape.dtype;
    const m = MANTISSA_BITS[dtype]!;
    const wide = dtype === 'float64';
    const bits = this.bits(g, new Shape(wide ? 'uint64' : 'uint32', shape.dims));
    const top = shiftRightLogical(bits, (wide ? 64 : 32) - m);
    return mul(convert(top, dtype), 2 ** -m);
  }

  /** Standard normal values (Box–Muller, see the class description). */
  normal(g: Graph, shape: Shape): Node {
    expectFloatShape('normal', shape);
    const n = shape.size;
    if (n === 0) return zeros(g, shape.dtype, shape.dims);
    const work: DType = shape.dtype === 'float64' ? 'float64' : 'float32';
    const half = Math.ceil(n / 2);
    const u1 = this.uniform(g, new Shape(work, [half]));
    const u2 = this.uniform(g, new Shape(work, [half]));
    const radius = sqrt(mul(log(sub(1, u1)), -2));
    const angle = mul(u2, scalar(g, 2 * Math.PI, work));
    let z = concat([mul(radius, cos(angle)), mul(radius, sin(angle))], 0);
    if (2 * half !== n) z = sliceAxis(z, 0, 0, n);
    return convert(reshape(z, shape.dims), shape.dtype);
  }
}
