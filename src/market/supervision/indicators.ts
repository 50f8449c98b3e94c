import { toHex, bytesEqual } from '../../chain/bytes.ts';
import { accountListingsBase, accountTradesBase } from '../keys.ts';
import { readListTail } from '../records/lists.ts';
import { readTrade } from '../records/trade.ts';
import { readListing } from '../records/listing.ts';
import { periodVwap, readPeriodVolume } from '../records/volume.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { Trade } from '../types.ts';

/**
 * The supervision indicators (docs/credit.md#supervision) for one account, from chain data only, over its
 * most recent CHECK_TRADES trades and CHECK_LISTINGS listings (so a check costs the same
 * however long the account's history). All rates are per mille, floored.
 */

/** How many of an account's newest trades a check reads. */
export const CHECK_TRADES = 256;
/** How many of an account's newest listings a check reads. */
export const CHECK_LISTINGS = 256;

/** The indicators, with the sample each rests on. */
export interface Indicators {
  /** Trades read, and of them the settled ones with an executed quantity. */
  readonly trades: number;
  readonly settled: number;
  /** Listings read. */
  readonly listings: number;
  /**
   * Wash trading between linked accounts: with its largest counterparty Y, the least of
   * (share of its volume with Y, share of Y's volume with it, share of their settled
   * trades on which both rated the other 5). High when two accounts trade mostly with each
   * other and farm perfect ratings.
   */
  readonly wash: number;
  /** Trades with that counterparty (the wash indicator's sample) and its id (null without trades). */
  readonly washTrades: number;
  readonly washCounterparty: Uint8Array | null;
  /** Cancel-to-fill: cancelled Wh / (cancelled Wh + filled Wh) over its listings (list-then-cancel spoofing). */
  readonly cancel: number;
  /** Price off the period's volume-weighted price: Σ Wh·|p − vwap|/vwap / Σ Wh over its trades. */
  readonly price: number;
  /** Delivery failure: Wh it did not deliver (seller) or take (buyer) / executed Wh, over its settled trades. */
  readonly failure: number;
  /** Concentration: share of its volume with its largest counterparty. */
  readonly concentration: number;
}

const permille = (part: bigint, whole: bigint): number => (whole === 0n ? 0 : Number((part * 1000n) / whole));

function recentTrades(state: StateReader, id: Uint8Array): Trade[] {
  return readListTail(state, accountTradesBase(id), CHECK_TRADES).map((n) => readTrade(state, n)!);
}

// Volume of an account's trades by counterparty (hex id), and the total.
function byCounterparty(trades: readonly Trade[], id: Uint8Array): { total: bigint; per: Map<string, { id: Uint8Array; wh: bigint; n: number }> } {
  const per = new Map<string, { id: Uint8Array; wh: bigint; n: number }>();
  let total = 0n;
  for (const t of trades) {
    const other = bytesEqual(t.seller, id) ? t.buyer : t.seller;
    const key = toHex(other);
    const e = per.get(key) ?? per.set(key, { id: other, wh: 0n, n: 0 }).get(key)!;
    e.wh += t.wh;
    e.n += 1;
    total += t.wh;
  }
  return { total, per };
}

/** Computes the indicators of an account (zeros for an account without trades or listings). */
export function computeIndicators(state: StateReader, id: Uint8Array): Indicators {
  const trades = recentTrades(state, id);
  const { total, per } = byCounterparty(trades, id);
  // The largest counterparty by volume; ties to the lower id, so the choice is deterministic.
  let top: { key: string; id: Uint8Array; wh: bigint; n: number } | undefined;
  for (const key of [...per.keys()].sort()) {
    const e = per.get(key)!;
    if (!top || e.wh > top.wh) top = { key, ...e };
  }
  let wash = 0;
  if (top) {
    const theirs = byCounterparty(recentTrades(state, top.id), top.id);
    const back = theirs.per.get(toHex(id))?.wh ?? 0n;
    const pair = trades.filter((t) => bytesEqual(t.seller, top.id) || bytesEqual(t.buyer, top.id));
    const rated = pair.filter((t) => t.settlement !== null);
    const perfect = rated.filter((t) => t.ratingByBuyer === 5 && t.ratingBySeller === 5).length;
    wash = Math.min(permille(top.wh, total), permille(back, theirs.total), permille(BigInt(perfect), BigInt(rated.length)));
  }

  let cancelled = 0n;
  let filled = 0n;
  const listingIds = readListTail(state, accountListingsBase(id), CHECK_LISTINGS);
  for (const n of listingIds) {
    const l = readListing(state, n)!;
    filled += l.wh - l.rest;
    if (l.status === 'cancelled') cancelled += l.rest;
  }

  let offWeighted = 0n;
  let priced = 0n;
  let executed = 0n;
  let missing = 0n;
  let settled = 0;
  for (const t of trades) {
    const vwap = periodVwap(readPeriodVolume(state, t.period));
    if (vwap > 0n) {
      const off = t.price > vwap ? t.price - vwap : vwap - t.price;
      offWeighted += (t.wh * off * 1000n) / vwap;
      priced += t.wh;
    }
    const s = t.settlement;
    if (!s || s.executedWh === 0n) continue;
    settled += 1;
    const metered = bytesEqual(t.seller, id) ? s.sellerMeteredWh : s.buyerMeteredWh;
    executed += s.executedWh;
    if (metered < s.executedWh) missing += s.executedWh - metered;
  }

  return {
    trades: trades.length,
    settled,
    listings: listingIds.length,
    wash,
    washTrades: top?.n ?? 0,
    washCounterparty: top?.id ?? null,
    cancel: permille(cancelled, cancelled + filled),
    price: priced === 0n ? 0 : Number(offWeighted / priced),
    failure: permille(missing, executed),
    concentration: top ? permille(top.wh, total) : 0,
  };
}
