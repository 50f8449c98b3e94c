import { MarketError } from '../marketError.ts';
import { describeDuration } from '../timeText.ts';
import { requireConfig, readNetwork } from '../records/config.ts';
import { isListingOpen, readListing } from '../records/listing.ts';
import { readTrade, writeTrade } from '../records/trade.ts';
import { readParticipant } from '../records/participant.ts';
import { readList } from '../records/lists.ts';
import { payFromEscrow } from '../records/ledger.ts';
import { getAccount } from '../../chain/state/accounts.ts';
import { requireAuthority } from '../checks.ts';
import { affordableWh, stampSum, tradeCost } from '../amounts.ts';
import { findRoute } from '../routing.ts';
import { periodStart } from '../time.ts';
import { periodListingsBase } from '../keys.ts';
import { formTrade } from './formTrade.ts';
import { payFtr } from './ftr.ts';
import { bytesEqual } from '../../chain/bytes.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import { Curtailed } from '../events.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';
import type { Listing, Trade } from '../types.ts';

/** Arguments of market.curtail: dispatcher: curtail `wh` of a trade before its period starts. */
export const curtailArgs = { trade: Field.u32, wh: Field.amount } as const;

/**
 * market.curtail: the dispatcher's security check cuts `wh` of a trade before its period
 * starts (silence means approval). In order:
 * 1. the escrow of the cut quantity returns to the buyer: the trade now holds
 *    cost(wh − curtailed), so every floor of the smaller trade is re-applied;
 * 2. a financial transmission right the buyer holds on the trade's route and period pays
 *    its compensation on the cut quantity (ftr.ts);
 * 3. contract transfer: the cut quantity moves to the open sell-listings of the same
 *    period in order of landed cost for the buyer (price + route stamps; ties by listing
 *    id), excluding the curtailed seller's and the buyer's own listings, as new trades
 *    at those listings' prices, each limited by what the buyer can escrow; what cannot
 *    be moved stays refunded.
 */
export function applyCurtail(state: Overlay, ctx: OpContext, args: ArgsOf<typeof curtailArgs>): { refund: bigint; ftrPaid: bigint } {
  requireConfig(state);
  requireAuthority(state, ctx.sender, 'dispatcher');
  const id = args.trade;
  const cut = args.wh;
  const t = readTrade(state, id);
  if (!t) throw new MarketError('UNKNOWN_TRADE', `there is no trade ${id}; list a period's trades with market trades`);
  const start = periodStart(ctx, t.period);
  if (BigInt(ctx.header.timestamp) >= start || t.settlement) {
    const when = t.settlement ? 'is already settled' : `started ${describeDuration(BigInt(ctx.header.timestamp) - start)} before this block`;
    throw new MarketError('DISPATCH_CLOSED', `period ${t.period} ${when}; dispatch may curtail a trade only before its period starts`);
  }
  const left = t.wh - t.curtailed;
  if (cut < 1n || cut > left) throw new MarketError('OVER_CURTAIL', `trade ${id} has ${left} Wh not yet curtailed; curtail from 1 to ${left} Wh`);

  const escrow = tradeCost(left - cut, t.price, t.route);
  const refund = t.escrow - escrow;
  payFromEscrow(state, t.buyer, refund);
  writeTrade(state, { ...t, curtailed: t.curtailed + cut, escrow });
  const ftrPaid = payFtr(state, t, cut);
  ctx.emit(Curtailed, { trade: id, wh: cut, refund, ftrPaid });
  transferCurtailed(state, ctx, t, cut);
  return { refund, ftrPaid };
}

function transferCurtailed(state: Overlay, ctx: OpContext, t: Trade, cut: bigint): void {
  const buyerRegion = t.route[t.route.length - 1]!.region;
  const net = readNetwork(state);
  const candidates: Array<{ l: Listing; landed: bigint; sellerRegion: string }> = [];
  for (const lid of readList(state, periodListingsBase(t.period))) {
    const l = readListing(state, lid)!;
    if (l.side !== 'sell' || !isListingOpen(l)) continue;
    if (bytesEqual(l.owner, t.buyer) || bytesEqual(l.owner, t.seller)) continue;
    if (readParticipant(state, l.owner)?.status !== 'approved') continue;
    const route = findRoute(net, l.region, buyerRegion);
    if (!route) continue;
    candidates.push({ l, landed: l.price + stampSum(route), sellerRegion: l.region });
  }
  candidates.sort((a, b) => (a.landed !== b.landed ? (a.landed < b.landed ? -1 : 1) : a.l.id - b.l.id));
  let remaining = cut;
  for (const c of candidates) {
    if (remaining === 0n) break;
    const route = findRoute(net, c.sellerRegion, buyerRegion)!;
    const want = remaining < c.l.rest ? remaining : c.l.rest;
    const q = affordableWh(getAccount(state, t.buyer).balance, c.l.price, route, want);
    if (q === 0n) continue;
    formTrade(state, ctx, { listing: c.l, seller: c.l.owner, buyer: t.buyer, sellerRegion: c.sellerRegion, buyerRegion, wh: q, origin: t.id });
    remaining -= q;
  }
}
