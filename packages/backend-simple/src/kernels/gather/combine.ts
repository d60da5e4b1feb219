import {
  type AnyStorageArray,
  bfloat16FromNumber,
  bfloat16ToNumber,
  type DType,
  float16FromNumber,
  float16ToNumber,
} from '@tsmlx/dtypes';

/** How a scatter combines the operand element with the update: `scatterSum`, `scatterMax`, `scatterMin`. */
export type Combiner = 'add' | 'max' | 'min';

/**
 * Combines `n` consecutive update elements starting at `u` into `out` starting at `o`. One of these is chosen
 * per instruction at compile time, so the per-element loop is monomorphic.
 */
export type CombineRun = (
  out: AnyStorageArray,
  upd: AnyStorageArray,
  o: number,
  u: number,
  n: number,
) => void;

function addNumber(out: AnyStorageArray, upd: AnyStorageArray, o: number, u: number, n: number): void {
  const a = out as Float64Array;
  const b = upd as Float64Array;
  for (let j = 0; j < n; j++) a[o + j] = a[o + j]! + b[u + j]!;
}

// Math.max/min propagate NaN, as XLA's max/min do.
function maxNumber(out: AnyStorageArray, upd: AnyStorageArray, o: number, u: number, n: number): void {
  const a = out as Float64Array;
  const b = upd as Float64Array;
  for (let j = 0; j < n; j++) a[o + j] = Math.max(a[o + j]!, b[u + j]!);
}

function minNumber(out: AnyStorageArray, upd: AnyStorageArray, o: number, u: number, n: number): void {
  const a = out as Float64Array;
  const b = upd as Float64Array;
  for (let j = 0; j < n; j++) a[o + j] = Math.min(a[o + j]!, b[u + j]!);
}

// BigInt64Array/BigUint64Array stores wrap modulo 2^64, as XLA integer adds do.
function addBigint(out: AnyStorageArray, upd: AnyStorageArray, o: number, u: number, n: number): void {
  const a = out as BigInt64Array;
  const b = upd as BigInt64Array;
  for (let j = 0; j < n; j++) a[o + j] = a[o + j]! + b[u + j]!;
}

function maxBigint(out: AnyStorageArray, upd: AnyStorageArray, o: number, u: number, n: number): void {
  const a = out as BigInt64Array;
  const b = upd as BigInt64Array;
  for (let j = 0; j < n; j++) if (b[u + j]! > a[o + j]!) a[o + j] = b[u + j]!;
}

function minBigint(out: AnyStorageArray, upd: AnyStorageArray, o: number, u: number, n: number): void {
  const a = out as BigInt64Array;
  const b = upd as BigInt64Array;
  for (let j = 0; j < n; j++) if (b[u + j]! < a[o + j]!) a[o + j] = b[u + j]!;
}

type Decode = (bits: number) => number;
type Encode = (value: number) => number;

function halfCombiners(decode: Decode, encode: Encode): Record<Combiner, CombineRun> {
  return {
    add(out, upd, o, u, n) {
      const a = out as Uint16Array;
      const b = upd as Uint16Array;
      for (let j = 0; j < n; j++) a[o + j] = encode(decode(a[o + j]!) + decode(b[u + j]!));
    },
    max(out, upd, o, u, n) {
      const a = out as Uint16Array;
      const b = upd as Uint16Array;
      for (let j = 0; j < n; j++) {
        const x = decode(a[o + j]!);
        const y = decode(b[u + j]!);
        if (!Number.isNaN(x) && (y > x || Number.isNaN(y))) a[o + j] = b[u + j]!;
      }
    },
    min(out, upd, o, u, n) {
      const a = out as Uint16Array;
      const b = upd as Uint16Array;
      for (let j = 0; j < n; j++) {
        const x = decode(a[o + j]!);
        const y = decode(b[u + j]!);
        if (!Number.isNaN(x) && (y < x || Number.isNaN(y))) a[o + j] = b[u + j]!;
      }
    },
  };
}

const NUMBER: Record<Combiner, CombineRun> = { add: addNumber, max: maxNumber, min: minNumber };
const BIGINT: Record<Combiner, CombineRun> = { add: addBigint, max: maxBigint, min: minBigint };
const FLOAT16 = halfCombiners(float16ToNumber, float16FromNumber);
const BFLOAT16 = halfCombiners(bfloat16ToNumber, bfloat16FromNumber);

/**
 * The combine loop for a dtype. Typed-array stores give the dtype's arithmetic: float32 rounds, small integer
 * types wrap; float16/bfloat16 are decoded, combined and rounded back to nearest-even.
 */
export function combinerFor(dtype: DType, combiner: Combiner): CombineRun {
  if (dtype === 'int64' || dtype === 'uint64') return BIGINT[combiner];
  if (dtype === 'float16') return FLOAT16[combiner];
  if (dtype === 'bfloat16') return BFLOAT16[combiner];
  return NUMBER[combiner];
}
