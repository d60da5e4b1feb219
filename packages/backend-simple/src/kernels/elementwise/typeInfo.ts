import { bitWidth, type DType, isUnsigned } from '@tsmlx/dtypes';

// How generated elementwise code represents each dtype. Inside a loop every element is a "value": a JS
// number for floats (float16/bfloat16 decoded from their bits), small integers and bool (0/1), a bigint for
// 64-bit integers. Op expressions compute a "raw" result from values; storing the raw result into the
// output array (or `wrap` in a fused chain) brings it back to the dtype's value set exactly as a store would.

/** The representation family of a dtype in generated code. */
export type ValueKind = 'float' | 'half' | 'int' | 'big' | 'bool';

/** Code-generation facts about one dtype. */
export interface TypeInfo {
  /** The dtype. */
  readonly dtype: DType;
  /** Representation family: float (float32/64), half (float16/bfloat16), int (≤ 32-bit), big (64-bit), bool. */
  readonly kind: ValueKind;
  /** Width in bits (1 for bool). */
  readonly bits: number;
  /** True for signed integers. */
  readonly signed: boolean;
  /** JS expression reading a value from a storage element expression. */
  decode(element: string): string;
  /** JS expression turning a raw result into what is stored in the output array. */
  encode(raw: string): string;
  /** JS expression turning a raw result into the value a store-then-load would give (for fused chains). */
  wrap(raw: string): string;
}

const wraps: Record<string, (raw: string) => string> = {
  float32: (r) => `Math.fround(${r})`,
  float64: (r) => `(${r})`,
  int8: (r) => `((${r}) << 24 >> 24)`,
  int16: (r) => `((${r}) << 16 >> 16)`,
  int32: (r) => `((${r}) | 0)`,
  uint8: (r) => `((${r}) & 255)`,
  uint16: (r) => `((${r}) & 65535)`,
  uint32: (r) => `((${r}) >>> 0)`,
  int64: (r) => `BigInt.asIntN(64, ${r})`,
  uint64: (r) => `BigInt.asUintN(64, ${r})`,
  bool: (r) => `(${r})`,
  float16: (r) => `F16T[f64ToF16(${r})]`,
  bfloat16: (r) => `BF16T[f64ToBf16(${r})]`,
};

/** The code-generation facts of a dtype; undefined for dtypes without elementwise kernels (complex). */
export function typeInfo(dtype: DType): TypeInfo | undefined {
  const wrap = wraps[dtype];
  if (!wrap) return undefined;
  const kind: ValueKind =
    dtype === 'bool'
      ? 'bool'
      : dtype === 'float32' || dtype === 'float64'
        ? 'float'
        : dtype === 'float16' || dtype === 'bfloat16'
          ? 'half'
          : dtype === 'int64' || dtype === 'uint64'
            ? 'big'
            : 'int';
  const table = dtype === 'float16' ? 'F16T' : 'BF16T';
  const encoder = dtype === 'float16' ? 'f64ToF16' : 'f64ToBf16';
  return {
    dtype,
    kind,
    bits: dtype === 'bool' ? 1 : bitWidth(dtype),
    signed: (kind === 'int' || kind === 'big') && !isUnsigned(dtype),
    decode: kind === 'half' ? (e) => `${table}[${e}]` : (e) => e,
    encode: kind === 'half' ? (r) => `${encoder}(${r})` : (r) => r,
    wrap,
  };
}

/** True for float dtypes (float16, bfloat16, float32, float64). */
export function isFloatKind(t: TypeInfo): boolean {
  return t.kind === 'float' || t.kind === 'half';
}
