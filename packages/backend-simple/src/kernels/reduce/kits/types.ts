/** An indexable array of elements: a typed array seen through the element type it holds. */
export interface Elements<T> {
  /** Number of elements. */
  readonly length: number;
  /** Element access. */
  [index: number]: T;
}

/**
 * The inner loops of one associative combination (sum, product, max, ...) for one element family
 * (`number` or `bigint`). Each call handles a whole block of elements, so a kernel dispatches once per block,
 * never per element. `acc` holds partial results that start at the combination's identity; results are
 * combined into it (`acc[o] = acc[o] ⊕ x[i]`).
 */
export interface ReduceKit<T> {
  /**
   * A `[kept k, reduced r]` block of contiguous input at `xOff`: `acc[oOff + a] ⊕= x[xOff + a·r + j]`
   * for `a < k`, `j < r` (the reduced run is folded in a register).
   */
  kr(x: Elements<T>, xOff: number, acc: Elements<T>, oOff: number, k: number, r: number): void;
  /** A `[reduced r, kept k]` block: `acc[oOff + a] ⊕= x[xOff + j·k + a]` (vector accumulation). */
  rk(x: Elements<T>, xOff: number, acc: Elements<T>, oOff: number, r: number, k: number): void;
  /**
   * Listed taps with `p` contiguous lanes each: `acc[oOff + q] ⊕= x[taps[t] + q]` for `t < n`, `q < p`,
   * in tap order.
   */
  taps(x: Elements<T>, taps: Int32Array, n: number, acc: Elements<T>, oOff: number, p: number): void;
}
