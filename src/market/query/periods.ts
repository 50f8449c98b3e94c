import { decodeTrusted } from '../../chain/codec.ts';
import { MarketKey } from '../keys.ts';
import { periodVwap } from '../records/volume.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { TradeView } from './views.ts';

/**
 * Per-period market figures for the dashboard and reports: volume-weighted prices and
 * settlement totals, and the id counters that let "recent" lists page without prefix
 * scans (listings and trades are numbered from 1 in order of arrival).
 */

/** Most listings or trades `market_recent_listings` / `market_recent_trades` return at once. */
export const MAX_RECENT = 200;
/** Widest period range `market_prices` and `market_settlements` cover in one call. */
export const MAX_PERIOD_SPAN = 256;
/** Most recent listings and trades `market_participants` looks through. */
export const MAX_PARTICIPANT_SCAN = 2048;


/** Volume-weighted price of one delivery period. */
export interface PeriodPrice {
  readonly period: number;
  /** Trades with a non-zero uncurtailed quantity. */
  readonly trades: number;
  /** Σ (wh − curtailed) over the period's trades, Wh. */
  readonly wh: bigint;
  /** floor(Σ price·q / Σ q) in µTES/kWh, null without volume. */
  readonly vwap: bigint | null;
  readonly low: bigint | null;
  readonly high: bigint | null;
}

/** What settlement did across one period's trades (sums of the trades' settlement records). */
export interface PeriodSettlement {
  readonly period: number;
  readonly settled: boolean;
  /** When the settlement hook runs (end + meter window), ms since the epoch. */
  readonly settlesAt: bigint;
  readonly trades: number;
  readonly contractedWh: bigint;
  readonly curtailedWh: bigint;
  readonly executedWh: bigint;
  readonly energy: bigint;
  readonly fee: bigint;
  readonly refund: bigint;
  /** Deviation payments from the reserve to parties (formula 2), and from parties to the reserve (formula 3). */
  readonly reservePaid: bigint;
  readonly reserveReceived: bigint;
  readonly fromBond: bigint;
  readonly unpaid: bigint;
}

/**
 * The volume-weighted price of a period's trades, in integers: each trade weighs its
 * uncurtailed quantity q = wh − curtailed (what settles, or will), and the price is
 * floor(Σ price·q / Σ q). Trades curtailed to nothing carry no weight.
 */
export function computePeriodPrice(period: number, trades: readonly Pick<TradeView, 'wh' | 'curtailed' | 'price'>[]): PeriodPrice {
  let wh = 0n;
  let value = 0n;
  let count = 0;
  let low: bigint | null = null;
  let high: bigint | null = null;
  for (const t of trades) {
    const q = t.wh - t.curtailed;
    if (q <= 0n) continue;
    count += 1;
    wh += q;
    value += t.price * q;
    if (low === null || t.price < low) low = t.price;
    if (high === null || t.price > high) high = t.price;
  }
  return { period, trades: count, wh, vwap: wh > 0n ? periodVwap({ wh, value }) : null, low, high };
}

/** Sums the settlement records of a period's trades. */
export function computePeriodSettlement(period: number, trades: readonly TradeView[], settled: boolean, settlesAt: bigint): PeriodSettlement {
  const sum = { contractedWh: 0n, curtailedWh: 0n, executedWh: 0n, energy: 0n, fee: 0n, refund: 0n, reservePaid: 0n, reserveReceived: 0n, fromBond: 0n, unpaid: 0n };
  for (const t of trades) {
    sum.contractedWh += t.wh;
    sum.curtailedWh += t.curtailed;
    const s = t.settlement;
    if (!s) continue;
    sum.executedWh += s.executedWh;
    sum.energy += s.energy;
    sum.fee += s.fee;
    sum.refund += s.refund;
    for (const d of [s.buyerDeviation, s.sellerDeviation]) {
      if (d > 0n) sum.reservePaid += d;
      else sum.reserveReceived -= d;
    }
    sum.fromBond += s.fromBond;
    sum.unpaid += s.unpaid;
  }
  return { period, settled, settlesAt, trades: trades.length, ...sum };
}

/**
 * The market's id counters: the next listing id and the next trade id (m/seq, see
 * src/market/keys.ts). Ids are handed out from 1 in order of arrival, so the latest
 * records are the ids just below these.
 */
export function readNextIds(state: StateReader): { listing: number; trade: number } {
  const raw = state.get(MarketKey.sequence);
  if (!raw) return { listing: 1, trade: 1 };
  const [listing, trade] = decodeTrusted(raw) as [number, number];
  return { listing, trade };
}

/** Ids from `below − 1` down, at most `count`, not below 1. */
export function idsDown(below: number, count: number): number[] {
  const out: number[] = [];
  for (let id = below - 1; id >= 1 && out.length < count; id--) out.push(id);
  return out;
}

