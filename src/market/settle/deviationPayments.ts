import { addBalance, getAccount } from '../../chain/state/accounts.ts';
import { addPenalty, takeFromBond } from '../records/ledger.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { Reserve } from '../types.ts';

/** Outcome of one deviation payment: signed for the party (+ received, − paid). */
export interface DeviationOutcome {
  readonly amount: bigint;
  readonly fromBond: bigint;
  readonly unpaid: bigint;
}

const NONE: DeviationOutcome = { amount: 0n, fromBond: 0n, unpaid: 0n };

/**
 * The deviation payment of one party on one trade (formulas 2 and 3, docs/protocol/market.md), with
 * contracted (executed) quantity q and metered share r, both Wh:
 * - buyer consumed less (r < q) or seller produced more (r > q): the reserve pays the
 *   party P = floor(a · |ΔQ| / 1000), as far as the reserve's balance goes;
 * - buyer consumed more (r > q) or seller produced less (r < q): the party pays the
 *   reserve P' = floor(a' · |ΔQ| / 1000), from its balance, the shortfall from its bond;
 *   whatever the bond cannot cover stays unpaid. Any shortfall is recorded as a penalty.
 */
export function payDeviation(state: Overlay, reserve: Reserve, party: Uint8Array, side: 'buyer' | 'seller', q: bigint, r: bigint, period: number): DeviationOutcome {
  if (r === q) return NONE;
  const delta = r > q ? r - q : q - r;
  const reservePays = side === 'buyer' ? r < q : r > q;
  if (reservePays) {
    const want = (reserve.downCost * delta) / 1000n;
    const have = getAccount(state, reserve.account).balance;
    const pay = want < have ? want : have;
    if (pay > 0n) {
      addBalance(state, reserve.account, -pay);
      addBalance(state, party, pay);
    }
    return { amount: pay, fromBond: 0n, unpaid: 0n };
  }
  const owed = (reserve.upCost * delta) / 1000n;
  const balance = getAccount(state, party).balance;
  const fromBalance = owed < balance ? owed : balance;
  if (fromBalance > 0n) {
    addBalance(state, party, -fromBalance);
    addBalance(state, reserve.account, fromBalance);
  }
  const short = owed - fromBalance;
  if (short === 0n) return { amount: -owed, fromBond: 0n, unpaid: 0n };
  const fromBond = takeFromBond(state, party, short, reserve.account);
  const unpaid = short - fromBond;
  addPenalty(state, party, fromBond, unpaid, period);
  return { amount: -(fromBalance + fromBond), fromBond, unpaid };
}
