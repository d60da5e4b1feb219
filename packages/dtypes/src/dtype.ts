/**
 * Every element type tsmlx knows, in a stable order.
 *
 * @example
 * ```ts
 * import { DTYPES } from '@tsmlx/dtypes';
 * DTYPES.includes('bfloat16'); // true
 * ```
 */
export const DTYPES = [
  'bool',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'float16',
  'bfloat16',
  'float32',
  'float64',
  'complex64',
  'complex128',
] as const;

/**
 * An element type. Values are the canonical lower-case names (`'float32'`, `'int64'`, ...), so a dtype
 * prints, serializes to JSON and compares as a plain string.
 */
export type DType = (typeof DTYPES)[number];

const canonical: ReadonlySet<string> = new Set(DTYPES);

const aliases: Readonly<Record<string, DType>> = {
  boolean: 'bool',
  i8: 'int8',
  i16: 'int16',
  i32: 'int32',
  int: 'int32',
  i64: 'int64',
  long: 'int64',
  u8: 'uint8',
  byte: 'uint8',
  u16: 'uint16',
  u32: 'uint32',
  u64: 'uint64',
  f16: 'float16',
  half: 'float16',
  bf16: 'bfloat16',
  f32: 'float32',
  float: 'float32',
  f64: 'float64',
  double: 'float64',
  c64: 'complex64',
  c128: 'complex128',
};

/**
 * Tells whether a value is one of the canonical dtype names.
 *
 * @example
 * ```ts
 * isDType('float32'); // true
 * isDType('f32');     // false: an alias, see parseDType
 * ```
 */
export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && canonical.has(value);
}

/**
 * Parses a dtype name: a canonical name (`'float32'`) or a common alias (`'f32'`, `'float'`, `'half'`,
 * `'bf16'`, `'i64'`, `'double'`, ...), case-insensitive, surrounding spaces ignored.
 *
 * @throws TypeError naming the value and listing the valid names when it is not a dtype.
 * @example
 * ```ts
 * parseDType('BF16'); // 'bfloat16'
 * ```
 */
export function parseDType(name: string): DType {
  if (typeof name !== 'string') {
    throw new TypeError(`parseDType: expected a dtype name string, got ${describe(name)}`);
  }
  const key = name.trim().toLowerCase();
  if (canonical.has(key)) return key as DType;
  const alias = aliases[key];
  if (alias !== undefined) return alias;
  throw new TypeError(
    `parseDType: unknown dtype ${JSON.stringify(name)}; valid dtypes are ${DTYPES.join(', ')} ` +
      `(aliases: ${Object.keys(aliases).join(', ')})`,
  );
}

/**
 * Checks that a value is a canonical dtype and returns it; meant for validating user input at API
 * boundaries.
 *
 * @param where - names the caller in the error message, e.g. `'Shape'`.
 * @throws TypeError naming the value and the valid dtypes.
 */
export function assertDType(value: unknown, where = 'dtype'): DType {
  if (isDType(value)) return value;
  throw new TypeError(`${where}: unknown dtype ${describe(value)}; valid dtypes are ${DTYPES.join(', ')}`);
}

/** Describes any value for an error message without throwing on exotic inputs. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (Array.isArray(value)) return `array(${value.length})`;
  try {
    return Object.prototype.toString.call(value);
  } catch {
    return typeof value;
  }
}
