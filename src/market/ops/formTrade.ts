import { addressFromBytes } from '../../chain/address.ts';
import { MarketError } from '../marketError.ts';
import { readNetwork } from '../records/config.ts';
import { writeListing } from '../records/listing.ts';
import { writeTrade } from '../records/trade.ts';
import { addOpen } from '../records/participant.ts';
import { appendToList } from '../records/lists.ts';
import { nextTradeId } from '../records/counters.ts';
import { lockEscrow, requireFunds } from '../records/ledger.ts';
import { energyCost, tradeCost } from '../amounts.ts';
import { TradeFormed } from '../events.ts';
import { findRoute } from '../routing.ts';
import { accountTradesBase, periodTradesBase } from '../keys.ts';
import { addPeriodVolume } from '../records/volume.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import type { Listing, RouteHop, Trade } from '../types.ts';

/** What a new trade is made of. */
export interface TradeTerms {
  readonly listing: Listing;
  readonly seller: Uint8Array;
  readonly buyer: Uint8Array;
  readonly sellerRegion: string;
  readonly buyerRegion: string;
  readonly wh: bigint;
  /** 0 for a pick, else the curtailed trade this one takes over from. */
  readonly origin: number;
}

/** The cheapest route between two regions, or NO_ROUTE. */
export function requireRoute(state: Overlay, from: string, to: string): RouteHop[] {
  const route = findRoute(readNetwork(state), from, to);
  if (!route) throw new MarketError('NO_ROUTE', `no path of linked regions leads from '${from}' to '${to}'; the regulator links regions with market.link`);
  return route;
}

/**
 * Forms a trade at the listing's price: routes it, takes energy + transmission fee from
 * the buyer into escrow (INSUFFICIENT_FUNDS if it cannot pay), writes the trade with the
 * next trade id, indexes it by period and by both parties, and lowers the listing's rest
 * (a listing picked to zero is closed). The caller has checked everything else.
 */
export function formTrade(state: Overlay, ctx: OpContext, t: TradeTerms): Trade {
  const route = requireRoute(state, t.sellerRegion, t.buyerRegion);
  const escrow = tradeCost(t.wh, t.listing.price, route);
  requireFunds(state, t.buyer, escrow, `the buyer ${addressFromBytes(t.buyer)}'s escrow of ${t.wh} Wh at ${t.listing.price} µTES/kWh plus the transmission fee`);
  lockEscrow(state, t.buyer, escrow);
  const trade: Trade = {
    id: nextTradeId(state),
    period: t.listing.period,
    listing: t.listing.id,
    seller: t.seller,
    buyer: t.buyer,
    wh: t.wh,
    curtailed: 0n,
    price: t.listing.price,
    route,
    escrow,
    origin: t.origin,
    height: ctx.header.height,
    txIndex: ctx.txIndex,
    settlement: null,
    ratingByBuyer: 0,
    ratingBySeller: 0,
  };
  writeTrade(state, trade);
  appendToList(state, periodTradesBase(trade.period), trade.id);
  appendToList(state, accountTradesBase(t.buyer), trade.id);
  appendToList(state, accountTradesBase(t.seller), trade.id);
  addPeriodVolume(state, trade.period, t.wh, t.listing.price);
  const rest = t.listing.rest - t.wh;
  writeListing(state, { ...t.listing, rest, status: rest === 0n ? 'closed' : t.listing.status });
  if (rest === 0n) addOpen(state, t.listing.owner, -1);
  addOpen(state, t.seller, 1);
  addOpen(state, t.buyer, 1);
  const energy = energyCost(t.wh, t.listing.price);
  ctx.emit(TradeFormed, {
    trade: trade.id, listing: t.listing.id, seller: t.seller, buyer: t.buyer, period: trade.period,
    wh: t.wh, price: t.listing.price, energy, fee: escrow - energy, escrow,
  });
  return trade;
}
