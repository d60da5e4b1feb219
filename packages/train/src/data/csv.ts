import {
  allocateStorage,
  bfloat16FromNumber,
  type DType,
  float16FromNumber,
  isFloat,
  isInteger,
  maxValue,
  minValue,
} from '@tsmlx/dtypes';
import { Tensor } from '@tsmlx/graph';
import { Shape } from '@tsmlx/shapes';

/** Options of {@link parseCsv}. */
export interface CsvOptions {
  /** The first line holds column names. Default true. Without a header, columns are named `'0'`, `'1'`, ... */
  header?: boolean;
  /** Field separator, one character. Default `','`. */
  delimiter?: string;
  /** Label columns, by name or 0-based index, in the order wanted. Default none. */
  labelColumns?: readonly (string | number)[];
  /** Feature columns, by name or index. Default: every column that is not a label column. */
  featureColumns?: readonly (string | number)[];
  /** Dtype of the features tensor: a float or integer dtype. Default `'float32'`. */
  dtype?: DType;
  /** Dtype of the labels tensor. Default: `dtype`. Integer dtypes require integer values. */
  labelDType?: DType;
}

/** What {@link parseCsv} returns: features and labels as `[rows, columns]` tensors, with the column names. */
export interface CsvData {
  /** `[rows, featureNames.length]` of `dtype`. */
  features: Tensor;
  /** `[rows, labelNames.length]` of `labelDType` (zero columns when no label column was chosen). */
  labels: Tensor;
  /** Names of the feature columns, in tensor order. */
  featureNames: string[];
  /** Names of the label columns, in tensor order. */
  labelNames: string[];
}

/**
 * Splits one CSV line into fields: `delimiter`-separated, fields may be double-quoted (`"a,b"`, `""` for a quote).
 * Returns undefined for an unterminated quote.
 */
function splitLine(line: string, delimiter: string): string[] | undefined {
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return undefined;
        field += line.slice(i, q);
        if (line[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      const next = line.indexOf(delimiter, i);
      field += line.slice(i, next < 0 ? line.length : next);
      fields.push(field);
      if (next < 0) return fields;
      i = next + 1;
    } else {
      const next = line.indexOf(delimiter, i);
      fields.push(line.slice(i, next < 0 ? line.length : next));
      if (next < 0) return fields;
      i = next + 1;
    }
  }
}

/**
 * Parses CSV text of numeric columns into a features tensor and a labels tensor (see {@link CsvOptions}).
 * Blank lines are skipped; `\n` and `\r\n` line ends both work; fields are trimmed; values are parsed with
 * JavaScript number syntax (`1.5`, `-2e-3`, `NaN`, `Infinity`).
 *
 * @param fileName - named in error messages.
 * @throws Error naming the file and the 1-based line number for a row with the wrong number of fields, a value
 * that is not a number (or not an integer, for integer dtypes), an unterminated quote; and for unknown or
 * repeated columns.
 * @example
 * ```ts
 * const { features, labels } = parseCsv('x,y,label\n1,2,0\n3,4,1\n', { labelColumns: ['label'], labelDType: 'int32' });
 * features.toArray(); // [[1, 2], [3, 4]]
 * labels.toArray();   // [[0], [1]]
 * ```
 */
export function parseCsv(text: string, options: CsvOptions = {}, fileName = '<csv text>'): CsvData {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"')
    throw new RangeError(`CSV ${fileName}: delimiter must be one character other than '"'`);
  const dtype = options.dtype ?? 'float32';
  const labelDType = options.labelDType ?? dtype;
  for (const [what, d] of [
    ['dtype', dtype],
    ['labelDType', labelDType],
  ] as const) {
    if (!isFloat(d) && !isInteger(d))
      throw new TypeError(`CSV ${fileName}: ${what} must be a float or integer dtype, got ${d}`);
  }
  const lines = text.split('\n');
  const rows: { fields: string[]; line: number }[] = [];
  let names: string[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    let raw = lines[i]!;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (raw.trim() === '') continue;
    const fields = splitLine(raw, delimiter);
    if (!fields) throw new Error(`CSV ${fileName}:${i + 1}: unterminated quoted field`);
    const trimmed = fields.map((f) => f.trim());
    if ((options.header ?? true) && names === undefined) names = trimmed;
    else rows.push({ fields: trimmed, line: i + 1 });
  }
  const width = names?.length ?? rows[0]?.fields.length ?? 0;
  names ??= Array.from({ length: width }, (_, i) => String(i));
  const resolve = (c: string | number, what: string): number => {
    const idx = typeof c === 'number' ? c : names!.indexOf(c);
    if (!Number.isInteger(idx) || idx < 0 || idx >= width) {
      throw new Error(
        `CSV ${fileName}: unknown ${what} column ${JSON.stringify(c)}; columns are ${names!.map((n) => JSON.stringify(n)).join(', ')}`,
      );
    }
    return idx;
  };
  const labelIdx = (options.labelColumns ?? []).map((c) => resolve(c, 'label'));
  const featureIdx = options.featureColumns
    ? options.featureColumns.map((c) => resolve(c, 'feature'))
    : names.map((_, i) => i).filter((i) => !labelIdx.includes(i));
  const seen = new Set<number>();
  for (const i of [...labelIdx, ...featureIdx]) {
    if (seen.has(i))
      throw new Error(
        `CSV ${fileName}: column ${JSON.stringify(names[i])} is chosen twice (as feature or label)`,
      );
    seen.add(i);
  }
  const fill = (idx: number[], d: DType): Tensor => {
    const out = allocateStorage(d, rows.length * idx.length);
    const big = d === 'int64' || d === 'uint64';
    const integer = isInteger(d);
    const lo = integer ? Number(minValue(d)) : 0;
    const hi = integer ? Number(maxValue(d)) : 0;
    const half = d === 'float16' ? float16FromNumber : d === 'bfloat16' ? bfloat16FromNumber : undefined;
    let k = 0;
    for (const { fields, line } of rows) {
      if (fields.length !== width) {
        throw new Error(
          `CSV ${fileName}:${line}: ${fields.length} fields, expected ${width} (as ${names ? 'the header' : 'the first row'})`,
        );
      }
      for (const c of idx) {
        const s = fields[c]!;
        const v = s === '' ? Number.NaN : Number(s);
        if (Number.isNaN(v) && !/^[+-]?nan$/i.test(s)) {
          throw new Error(
            `CSV ${fileName}:${line}: column ${JSON.stringify(names![c])} holds ${JSON.stringify(s)}, not a number`,
          );
        }
        if (integer && (!Number.isInteger(v) || v < lo || v > hi || (big && !Number.isSafeInteger(v)))) {
          throw new Error(
            `CSV ${fileName}:${line}: column ${JSON.stringify(names![c])} holds ${s}, not an integer of ${d}` +
              (big ? ' (64-bit values must be safe integers, |v| < 2^53)' : ''),
          );
        }
        if (big) (out as BigInt64Array | BigUint64Array)[k++] = BigInt(v);
        else (out as Float64Array)[k++] = half ? half(v) : v;
      }
    }
    return Tensor.fromStorage(out, new Shape(d, [rows.length, idx.length]));
  };
  return {
    features: fill(featureIdx, dtype),
    labels: fill(labelIdx, labelDType),
    featureNames: featureIdx.map((i) => names![i]!),
    labelNames: labelIdx.map((i) => names![i]!),
  };
}
