import { HostRefusal } from './vmError.ts';

/** What the owner lets a contract spend per delivery period, set at deploy. */
export interface Allowance {
  /** µTES the contract's actions may commit per period (escrow, buy-listing value). */
  readonly utesPerPeriod: bigint;
  /** Wh the contract's actions may list, pick or order per period. */
  readonly whPerPeriod: bigint;
}

/** What the contract's actions have committed so far in the current period. */
export interface AllowanceUse {
  readonly utes: bigint;
  readonly wh: bigint;
}

/**
 * The one place a host checks the allowance before an action: returns the use after
 * adding `cost`, or throws HostRefusal ALLOWANCE_EXCEEDED (the run stops and rolls back).
 * The chain keeps `used` per contract and period in its state and calls this from its
 * VmHost before list, pick and order, with the µTES the operation will commit and its Wh.
 */
export function chargeAllowance(limit: Allowance, used: AllowanceUse, cost: AllowanceUse, what: string): AllowanceUse {
  if (cost.utes < 0n || cost.wh < 0n) throw new HostRefusal('BAD_AMOUNT', `${what}: a negative amount cannot be charged to an allowance`);
  const utes = used.utes + cost.utes;
  const wh = used.wh + cost.wh;
  if (utes > limit.utesPerPeriod) {
    throw new HostRefusal('ALLOWANCE_EXCEEDED', `${what} would commit ${utes} µTES this period, above the owner's allowance of ${limit.utesPerPeriod} µTES; the owner can raise it or the contract can act smaller`);
  }
  if (wh > limit.whPerPeriod) {
    throw new HostRefusal('ALLOWANCE_EXCEEDED', `${what} would move ${wh} Wh this period, above the owner's allowance of ${limit.whPerPeriod} Wh; the owner can raise it or the contract can act smaller`);
  }
  return { utes, wh };
}
