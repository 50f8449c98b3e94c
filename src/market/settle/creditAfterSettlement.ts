import { toHex } from '../../chain/bytes.ts';
import { readCreditRecord } from '../credit/record.ts';
import { updateCredit } from '../credit/update.ts';
import { completeExitIfDone } from '../credit/membership.ts';
import type { CreditNow } from '../credit/now.ts';
import type { Overlay } from '../../chain/state/overlay.ts';

/** What a period's settlement did to one party, for its credit. */
export interface PartyOutcome {
  readonly id: Uint8Array;
  /** Whether it had a trade with an executed quantity in the period. */
  traded: boolean;
  /** Deviation payments it could not make from its balance (taken from the bond or left unpaid). */
  shortfalls: number;
}

/**
 * The credit step of a period's settlement, for the accounts it touched only, in order
 * of account id: each party's score is recomputed with one more traded period (if it
 * traded) and the shortfall points; then every account whose open count dropped and
 * which is being forced out completes its exit if nothing is left open.
 */
export function creditAfterSettlement(state: Overlay, now: CreditNow, outcomes: ReadonlyMap<string, PartyOutcome>, touched: readonly Uint8Array[]): void {
  for (const key of [...outcomes.keys()].sort()) {
    const o = outcomes.get(key)!;
    // A party that was never approved has no credit to update (cannot happen: trades need approval).
    if (!readCreditRecord(state, o.id)) continue;
    updateCredit(state, o.id, now, 'settled', { tradedPeriods: o.traded ? 1 : 0, shortfalls: o.shortfalls });
  }
  const ids = [...touched].sort((a, b) => (toHex(a) < toHex(b) ? -1 : 1));
  for (const id of ids) completeExitIfDone(state, id, now);
}
