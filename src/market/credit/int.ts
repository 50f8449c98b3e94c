/**
 * Integer division for the credit rules, which keep to integers (no floating-point
 * quotient is ever formed, even one that would floor to the right value).
 */

/** floor(a / b) of non-negative safe integers, b > 0, computed in bigint. */
export function idiv(a: number, b: number): number {
  return Number(BigInt(a) / BigInt(b));
}

/** The agency cycle a period falls in: floor(period / agencyPeriods). */
export function cycleOf(period: number, agencyPeriods: number): number {
  return idiv(period, agencyPeriods);
}
