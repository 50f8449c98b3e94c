import { toHex } from '../../chain/bytes.ts';
import { readReserve } from '../records/config.ts';
import { readList } from '../records/lists.ts';
import { readTrade, writeTrade } from '../records/trade.ts';
import { readListing, writeListing } from '../records/listing.ts';
import { addOpen } from '../records/participant.ts';
import { payFromEscrow } from '../records/ledger.ts';
import { energyCost, hopFees } from '../amounts.ts';
import { periodListingsBase, periodTradesBase } from '../keys.ts';
import { shareReadings } from './shareReadings.ts';
import { payDeviation } from './deviationPayments.ts';
import { creditAfterSettlement, type PartyOutcome } from './creditAfterSettlement.ts';
import type { CreditNow } from '../credit/now.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { Trade, TradeSettlement } from '../types.ts';

/**
 * Settles period k (docs/protocol/market.md), trades in id order (the order they formed):
 * 1. for every trade, from its escrow: energy floor(q·price/1000) of the executed
 *    quantity q = wh − curtailed to the seller, each region's floor(q·stamp/1000) to its
 *    fee account, the rest of the escrow back to the buyer;
 * 2. then, every trade again: the buyer's and the seller's deviation payments against
 *    their metered shares (shareReadings.ts, deviationPayments.ts), buyer first;
 * 3. the period's listings still open are closed, and every party's count of open
 *    listings and trades drops accordingly;
 * 4. the credit of every trade party is recomputed, and an account being forced out whose
 *    last open listing or trade this was leaves the market (creditAfterSettlement.ts).
 * Base flows all run before any deviation so that a seller's energy income is there to
 * pay its deviation. Runs once per period, from the block-start hook.
 */
export function settlePeriod(state: Overlay, k: number, now: CreditNow): void {
  const trades = readList(state, periodTradesBase(k)).map((id) => readTrade(state, id)!);
  const openDelta = new Map<string, { id: Uint8Array; n: number }>();
  const dec = (id: Uint8Array): void => {
    const key = toHex(id);
    const e = openDelta.get(key) ?? openDelta.set(key, { id, n: 0 }).get(key)!;
    e.n -= 1;
  };
  const outcomes = new Map<string, PartyOutcome>();
  const note = (id: Uint8Array, traded: boolean, shortfall: boolean): void => {
    const key = toHex(id);
    const o = outcomes.get(key) ?? outcomes.set(key, { id, traded: false, shortfalls: 0 }).get(key)!;
    if (traded) o.traded = true;
    if (shortfall) o.shortfalls += 1;
  };

  const base = new Map<number, { q: bigint; energy: bigint; fee: bigint; refund: bigint }>();
  for (const t of trades) {
    const q = t.wh - t.curtailed;
    const energy = energyCost(q, t.price);
    const fees = hopFees(q, t.route);
    let fee = 0n;
    for (const f of fees) fee += f;
    const refund = t.escrow - energy - fee;
    if (refund < 0n) throw new Error(`internal: trade ${t.id} escrow ${t.escrow} below its cost`);
    payFromEscrow(state, t.seller, energy);
    t.route.forEach((h, i) => payFromEscrow(state, h.feeAccount, fees[i]!));
    payFromEscrow(state, t.buyer, refund);
    base.set(t.id, { q, energy, fee, refund });
  }

  const reserve = readReserve(state);
  const buyerShares = shareReadings(state, k, trades, 'buyer');
  const sellerShares = shareReadings(state, k, trades, 'seller');
  for (const t of trades) {
    const b = base.get(t.id)!;
    const buyerMetered = buyerShares.get(t.id) ?? 0n;
    const sellerMetered = sellerShares.get(t.id) ?? 0n;
    const none = { amount: 0n, fromBond: 0n, unpaid: 0n };
    const buyerDev = reserve && b.q > 0n ? payDeviation(state, reserve, t.buyer, 'buyer', b.q, buyerMetered, k) : none;
    const sellerDev = reserve && b.q > 0n ? payDeviation(state, reserve, t.seller, 'seller', b.q, sellerMetered, k) : none;
    const settlement: TradeSettlement = {
      executedWh: b.q, energy: b.energy, fee: b.fee, refund: b.refund, buyerMeteredWh: buyerMetered, sellerMeteredWh: sellerMetered,
      buyerDeviation: buyerDev.amount, sellerDeviation: sellerDev.amount, fromBond: buyerDev.fromBond + sellerDev.fromBond, unpaid: buyerDev.unpaid + sellerDev.unpaid,
    };
    const settled: Trade = { ...t, escrow: 0n, settlement };
    writeTrade(state, settled);
    note(t.buyer, b.q > 0n, buyerDev.fromBond + buyerDev.unpaid > 0n);
    note(t.seller, b.q > 0n, sellerDev.fromBond + sellerDev.unpaid > 0n);
    dec(t.buyer);
    dec(t.seller);
  }

  for (const id of readList(state, periodListingsBase(k))) {
    const l = readListing(state, id)!;
    if (l.status !== 'open') continue;
    writeListing(state, { ...l, status: 'closed' });
    if (l.rest > 0n) dec(l.owner);
  }
  for (const key of [...openDelta.keys()].sort()) {
    const e = openDelta.get(key)!;
    if (e.n !== 0) addOpen(state, e.id, e.n);
  }
  creditAfterSettlement(state, now, outcomes, [...openDelta.values()].map((e) => e.id));
}
