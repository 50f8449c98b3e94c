/**
 * Fixed-point exponential decay for the credit rules: a quantity kept "as of" some period
 * fades by a retention factor r‰ per period. Integers only, so every node computes the
 * same bits.
 */

/** One, in the nine-decimal fixed point of decay factors. */
export const ONE = 1_000_000_000n;

// Past this many periods any retention below 1000‰ has faded to nothing (0.999^100000 ≈ e^-100).
const MAX_STEPS = 100_000;

/**
 * r^steps in nine-decimal fixed point for a retention of r‰ (0..1000), by square-and-
 * multiply with each product floored to nine decimals. The floors make it a hair below
 * the exact power, identically on every node.
 */
export function retentionFactor(retentionPermille: number, steps: number): bigint {
  if (steps <= 0 || retentionPermille >= 1000) return ONE;
  if (steps >= MAX_STEPS || retentionPermille <= 0) return 0n;
  let base = BigInt(retentionPermille) * 1_000_000n;
  let out = ONE;
  let e = steps;
  while (e > 0) {
    if (e & 1) out = (out * base) / ONE;
    base = (base * base) / ONE;
    e >>>= 1;
  }
  return out;
}

/** `value` faded over `steps` periods: floor(value × r^steps). */
export function decay(value: bigint, retentionPermille: number, steps: number): bigint {
  if (value === 0n) return 0n;
  return (value * retentionFactor(retentionPermille, steps)) / ONE;
}
