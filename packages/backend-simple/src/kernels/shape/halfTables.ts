import { bfloat16ToNumber, float16ToNumber } from '@tsmlx/dtypes';

let float16Table: Float32Array | undefined;
let bfloat16Table: Float32Array | undefined;

/**
 * A 65,536-entry table from raw float16 or bfloat16 bits to their value (exact in float32), built on first use;
 * turns per-element decoding into one typed-array load.
 */
export function halfDecodeTable(dtype: 'float16' | 'bfloat16'): Float32Array {
  if (dtype === 'float16') {
    float16Table ??= buildTable(float16ToNumber);
    return float16Table;
  }
  bfloat16Table ??= buildTable(bfloat16ToNumber);
  return bfloat16Table;
}

function buildTable(decode: (bits: number) => number): Float32Array {
  const table = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) table[bits] = decode(bits);
  return table;
}
