import { add, log, mul, type Node, scalarLike, square, sub } from '@tsmlx/graph';

// Giles, "Approximating the erfinv function" (GPU Computing Gems, 2011), single-precision central branch,
// valid for w = -ln((1 - x)(1 + x)) < 5, i.e. |x| < 0.99663 — enough for the ±2σ truncation
// (|x| ≤ erf(√2) ≈ 0.9545, w ≤ 2.42).
const CENTRAL = [
  2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 2.1858087e-4, -1.25372503e-3, -4.17768164e-3,
  2.46640727e-1, 1.50140941,
] as const;

/**
 * Inverse error function for |x| < 0.9966 (Giles' single-precision polynomial, relative error about 1e-7
 * there); used by the truncated normal initializer. @internal
 */
export function erfinvCentral(x: Node): Node {
  const w = sub(mul(log(sub(1, square(x))), -1), 2.5);
  let p = scalarLike(w, CENTRAL[0]);
  for (let i = 1; i < CENTRAL.length; i++) p = add(mul(p, w), CENTRAL[i]!);
  return mul(p, x);
}
