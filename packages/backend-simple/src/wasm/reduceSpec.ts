// What a generated reduction module computes (element type and combination), its cache key, the
// signatures of its exports, and the accumulator facts derived from a spec (width, identity). See
// reduceModule.ts for what the generated code does.

/** Element type of a reduction module. */
export type ReduceLane = 'f32' | 'f64';

/** Combination of a reduction module. */
export type ReduceCombination = 'sum' | 'product' | 'max' | 'min';

/** What a reduction module computes. */
export interface ReduceModuleSpec {
  /** Element type of the operand. */
  readonly lane: ReduceLane;
  /** The combination. */
  readonly combination: ReduceCombination;
}

/** Signature of the `rk` export: x, acc, r, cols, ldx (bytes), rb (rows per block); all byte addresses. */
export type RkFunction = (x: number, acc: number, r: number, cols: number, ldx: number, rb: number) => void;
/** Signature of the `kr` export: x, out, rows, len. */
export type KrFunction = (x: number, out: number, rows: number, len: number) => void;

/** Whether the accumulators are float64 whatever the element type (sums and products). */
export function isWide(combination: ReduceCombination): boolean {
  return combination === 'sum' || combination === 'product';
}

/** Bytes of one accumulator (float64 for sums and products, else the element's). */
export function accumulatorBytes(spec: ReduceModuleSpec): number {
  return isWide(spec.combination) || spec.lane === 'f64' ? 8 : 4;
}

/** The identity the accumulators start from. */
export function reduceIdentity(combination: ReduceCombination): number {
  switch (combination) {
    case 'sum':
      return 0;
    case 'product':
      return 1;
    case 'max':
      return Number.NEGATIVE_INFINITY;
    case 'min':
      return Number.POSITIVE_INFINITY;
  }
}

/** A key identifying a module's generated code. */
export function reduceModuleKey(spec: ReduceModuleSpec): string {
  return `reduce:${spec.lane}:${spec.combination}`;
}
