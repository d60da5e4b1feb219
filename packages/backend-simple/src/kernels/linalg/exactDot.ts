// Exact integer matrix products for 32- and 64-bit integers (wraparound, as the storage type).

/** Strided [batch, outer, inner] view of an operand's storage. */
export interface Strided3<A> {
  /** The elements. */
  readonly data: A;
  /** Batch stride. */
  readonly batchStride: number;
  /** Outer (row of lhs / column of rhs) stride. */
  readonly outerStride: number;
  /** Inner (contracting) stride. */
  readonly innerStride: number;
}

/**
 * `out[b, i, j] = Σ_k a[b, i, k] · b[b, j, k]` modulo 2^32 (Math.imul products, `| 0` sums), for int32 and
 * uint32 (the store into the output array reinterprets the 32 bits).
 */
export function dotInt32(
  a: Strided3<ArrayLike<number>>,
  b: Strided3<ArrayLike<number>>,
  out: Int32Array | Uint32Array,
  batch: number,
  m: number,
  n: number,
  k: number,
): void {
  const ad = a.data;
  const bd = b.data;
  const aK = a.innerStride;
  const bK = b.innerStride;
  let o = 0;
  for (let bi = 0; bi < batch; bi++) {
    for (let i = 0; i < m; i++) {
      const aRow = bi * a.batchStride + i * a.outerStride;
      for (let j = 0; j < n; j++) {
        let ai = aRow;
        let bj = bi * b.batchStride + j * b.outerStride;
        let acc = 0;
        for (let kk = 0; kk < k; kk++, ai += aK, bj += bK) acc = (acc + Math.imul(ad[ai]!, bd[bj]!)) | 0;
        out[o++] = acc;
      }
    }
  }
}

/**
 * `out[b, i, j] = Σ_k a[b, i, k] · b[b, j, k]` in bigint, wrapped to 64 bits by the store (int64 and uint64).
 */
export function dotBigInt(
  a: Strided3<ArrayLike<bigint>>,
  b: Strided3<ArrayLike<bigint>>,
  out: BigInt64Array | BigUint64Array,
  batch: number,
  m: number,
  n: number,
  k: number,
): void {
  const ad = a.data;
  const bd = b.data;
  const aK = a.innerStride;
  const bK = b.innerStride;
  let o = 0;
  for (let bi = 0; bi < batch; bi++) {
    for (let i = 0; i < m; i++) {
      const aRow = bi * a.batchStride + i * a.outerStride;
      for (let j = 0; j < n; j++) {
        let ai = aRow;
        let bj = bi * b.batchStride + j * b.outerStride;
        let acc = 0n;
        for (let kk = 0; kk < k; kk++, ai += aK, bj += bK) acc += ad[ai]! * bd[bj]!;
        out[o++] = acc;
      }
    }
  }
}
