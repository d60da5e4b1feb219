/** Tells whether element `p` must come before element `q` (a strict "less than"). */
export type Less = (p: number, q: number) => boolean;

const RUN = 12;

/**
 * Stable sort of the positions `0..n-1` by `less`: `perm` receives them in sorted order (`scratch` has at
 * least `n` slots). Insertion-sorted runs, then bottom-up merges; an element moves before an earlier one only
 * when `less(later, earlier)`, so equal elements keep their order. At most about n·log2(n) comparisons.
 *
 * @returns the array that holds the result: `perm` or `scratch`.
 */
export function sortPositions(perm: Int32Array, scratch: Int32Array, n: number, less: Less): Int32Array {
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let start = 0; start < n; start += RUN) {
    const end = Math.min(start + RUN, n);
    for (let i = start + 1; i < end; i++) {
      const v = perm[i]!;
      let j = i - 1;
      while (j >= start && less(v, perm[j]!)) {
        perm[j + 1] = perm[j]!;
        j--;
      }
      perm[j + 1] = v;
    }
  }
  let src = perm;
  let dst = scratch;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      // Already in order: copy the pair of runs as is.
      if (mid < hi && !less(src[mid]!, src[mid - 1]!)) {
        for (; k < hi; k++) dst[k] = src[k]!;
        continue;
      }
      while (i < mid && j < hi) dst[k++] = less(src[j]!, src[i]!) ? src[j++]! : src[i++]!;
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}
