import { isListingOpen, readListing } from '../records/listing.ts';
import { readTrade } from '../records/trade.ts';
import { readList } from '../records/lists.ts';
import { readFtr } from '../records/readings.ts';
import { accountTradesBase, periodListingsBase, periodTradesBase } from '../keys.ts';
import { accountId, listingView, tradeView, type AccountRef, type ListingView, type TradeView } from './views.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { Ftr } from '../types.ts';

/** A listing by id, or undefined. */
export function getListing(state: StateReader, id: number): ListingView | undefined {
  const l = readListing(state, id);
  return l ? listingView(l) : undefined;
}

/** The listings of a period, every status, in order of arrival. */
export function getPeriodListings(state: StateReader, period: number): ListingView[] {
  return readList(state, periodListingsBase(period)).map((id) => listingView(readListing(state, id)!));
}

/** The open order book of a period. */
export interface OrderBook {
  readonly period: number;
  /** Open sell-listings, cheapest first (ties: lower id). */
  readonly sells: ListingView[];
  /** Open buy-listings, highest price first (ties: lower id). */
  readonly buys: ListingView[];
}

/** The open listings of a period (unpicked rest > 0, not cancelled or closed). */
export function getOrderBook(state: StateReader, period: number): OrderBook {
  const open = readList(state, periodListingsBase(period)).map((id) => readListing(state, id)!).filter(isListingOpen);
  const sells = open.filter((l) => l.side === 'sell').sort((a, b) => (a.price !== b.price ? (a.price < b.price ? -1 : 1) : a.id - b.id));
  const buys = open.filter((l) => l.side === 'buy').sort((a, b) => (a.price !== b.price ? (a.price > b.price ? -1 : 1) : a.id - b.id));
  return { period, sells: sells.map(listingView), buys: buys.map(listingView) };
}

/** A trade by id, or undefined. */
export function getTrade(state: StateReader, id: number): TradeView | undefined {
  const t = readTrade(state, id);
  return t ? tradeView(t) : undefined;
}

/** Which trades to list: those of a period, or those an account is a party to. */
export type TradeFilter = { readonly period: number } | { readonly account: AccountRef };

/** Trades of a period or of an account, in id order. */
export function getTrades(state: StateReader, filter: TradeFilter): TradeView[] {
  const ids = 'period' in filter ? readList(state, periodTradesBase(filter.period)) : readList(state, accountTradesBase(accountId(filter.account)));
  return [...new Set(ids)].sort((a, b) => a - b).map((id) => tradeView(readTrade(state, id)!));
}

/** A buyer's financial transmission right for a period and route, or undefined. */
export function getFtr(state: StateReader, buyer: AccountRef, period: number, from: string, to: string): Ftr | undefined {
  return readFtr(state, accountId(buyer), period, from, to);
}
