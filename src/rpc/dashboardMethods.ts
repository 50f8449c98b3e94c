/**
 * Read-only methods the web dashboard (src/rpc/dashboard/) polls, beyond the general
 * chain and market methods: a page of recent blocks, recent listings and trades,
 * per-period prices and settlement totals, and the participants seen lately.
 *
 * Everything here is a pure read of the head state (`chain.state`) or the block store,
 * with every count capped, so a page refreshing every two seconds costs the node a few
 * milliseconds. The state has no prefix scans, so "recent" follows the market's own id
 * counters (listings and trades are numbered from 1 in order of arrival) and its
 * per-period index lists.
 */
import { addressFromPublicKey } from '../chain/address.ts';
import { toHex } from '../chain/bytes.ts';
import { decodeTrusted } from '../chain/codec.ts';
import { getListing, getParticipant, getTrade, getTrades, getMarketStatus, periodEnd, type ListingView, type ParticipantView, type TradeView } from '../market/index.ts';
import { MK } from '../market/keys.ts';
import { RpcError, INVALID_PARAMS } from './rpcError.ts';
import { objectParams, optional, requireInt, U32 } from './params.ts';
import type { Chain } from '../node/chain/chain.ts';
import type { StateReader } from '../chain/state/stateReader.ts';
import type { RpcMethod } from './server.ts';

/** Most blocks `chain_blocks` returns at once. */
export const MAX_BLOCKS = 100;
/** Most listings or trades `market_recent_listings` / `market_recent_trades` return at once. */
export const MAX_RECENT = 200;
/** Widest period range `market_prices` and `market_settlements` cover in one call. */
export const MAX_PERIOD_SPAN = 256;
/** Most recent listings and trades `market_participants` looks through. */
export const MAX_PARTICIPANT_SCAN = 2048;


/** One block in the recent-blocks list. */
export interface BlockSummary {
  readonly height: number;
  readonly hash: string;
  readonly parentHash: string;
  readonly timestamp: number;
  readonly minerAddress: string;
  readonly txCount: number;
  /** Transactions whose receipt carries an error code (they paid their fee and changed nothing else). */
  readonly failedTxs: number;
}

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
  return { period, trades: count, wh, vwap: wh > 0n ? value / wh : null, low, high };
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
function readNextIds(state: StateReader): { listing: number; trade: number } {
  const raw = state.get(MK.sequence);
  if (!raw) return { listing: 1, trade: 1 };
  const [listing, trade] = decodeTrusted(raw) as [number, number];
  return { listing, trade };
}

/** Ids from `below − 1` down, at most `count`, not below 1. */
function idsDown(below: number, count: number): number[] {
  const out: number[] = [];
  for (let id = below - 1; id >= 1 && out.length < count; id--) out.push(id);
  return out;
}

function periodRange(p: Record<string, unknown>): { from: number; to: number } {
  const from = requireInt(p, 'fromPeriod', U32);
  const to = requireInt(p, 'toPeriod', U32);
  if (to < from) throw new RpcError(INVALID_PARAMS, `invalid params: "toPeriod" (${to}) must not be below "fromPeriod" (${from})`);
  if (to - from + 1 > MAX_PERIOD_SPAN) {
    throw new RpcError(INVALID_PARAMS, `invalid params: at most ${MAX_PERIOD_SPAN} periods per call (asked for ${to - from + 1}); narrow fromPeriod..toPeriod`);
  }
  return { from, to };
}

/** Newest-first paging over an id counter: `before` (exclusive, default the next id) and `count`. */
function pageParams(p: Record<string, unknown>, next: number, defaultCount: number): { below: number; count: number } {
  const count = optional(p, 'count', (o, k) => requireInt(o, k, { min: 1, max: MAX_RECENT })) ?? defaultCount;
  const before = optional(p, 'before', (o, k) => requireInt(o, k, { min: 1, max: U32.max }));
  return { below: Math.min(before ?? next, next), count };
}

/** The dashboard's read-only methods over the node's chain. */
export function createDashboardMethods(chain: Chain): Record<string, RpcMethod> {
  const clock = () => Math.max(chain.now(), chain.head.header.timestamp);
  return {
    /**
     * Canonical blocks newest first: `from` (default the head) down, `count` of them
     * (default 20, at most 100). Result `{ head, blocks: BlockSummary[] }`.
     */
    chain_blocks: async (params) => {
      const p = objectParams(params, ['from', 'count']);
      const head = chain.head.header.height;
      const from = Math.min(optional(p, 'from', (o, k) => requireInt(o, k, { min: 0 })) ?? head, head);
      const count = optional(p, 'count', (o, k) => requireInt(o, k, { min: 1, max: MAX_BLOCKS })) ?? 20;
      const blocks: BlockSummary[] = [];
      // Headers (cached by the chain) and receipts, one per transaction, never whole
      // block bodies: a page of full 1 MiB blocks every two seconds would be a real load.
      for (let h = from; h >= 0 && blocks.length < count; h--) {
        const hash = await chain.store.getCanonicalHash(h);
        const header = hash && (await chain.getHeader(hash));
        // A reorg under our feet can shorten the chain while we read; stop at the gap.
        if (!hash || !header) break;
        const receipts = (await chain.store.getReceipts(hash)) ?? [];
        blocks.push({
          height: header.height,
          hash: toHex(hash),
          parentHash: toHex(header.parentHash),
          timestamp: header.timestamp,
          minerAddress: addressFromPublicKey(header.miner),
          txCount: receipts.length,
          failedTxs: receipts.filter((r) => r[1] !== '').length,
        });
      }
      return { head, blocks };
    },

    /** Latest listings newest first, every status: `count` (default 20, at most 200), `before` an id to page back from. */
    market_recent_listings: (params) => {
      const p = objectParams(params, ['count', 'before']);
      const next = readNextIds(chain.state).listing;
      const { below, count } = pageParams(p, next, 20);
      const listings: ListingView[] = [];
      for (const id of idsDown(below, count)) {
        const l = getListing(chain.state, id);
        if (l) listings.push(l);
      }
      return { nextId: next, listings };
    },

    /** Latest trades newest first, with their settlement records: `count` (default 20, at most 200), `before` an id to page back from. */
    market_recent_trades: (params) => {
      const p = objectParams(params, ['count', 'before']);
      const next = readNextIds(chain.state).trade;
      const { below, count } = pageParams(p, next, 20);
      const trades: TradeView[] = [];
      for (const id of idsDown(below, count)) {
        const t = getTrade(chain.state, id);
        if (t) trades.push(t);
      }
      return { nextId: next, trades };
    },

    /**
     * Volume-weighted price and traded volume of every period in `fromPeriod..toPeriod`
     * (at most 256), periods without trades included (vwap null), oldest first.
     */
    market_prices: (params) => {
      const p = objectParams(params, ['fromPeriod', 'toPeriod']);
      const { from, to } = periodRange(p);
      const periods: PeriodPrice[] = [];
      for (let k = from; k <= to; k++) periods.push(computePeriodPrice(k, getTrades(chain.state, { period: k })));
      return { fromPeriod: from, toPeriod: to, periods };
    },

    /**
     * Settlement totals of the periods in `fromPeriod..toPeriod` (at most 256) that hold
     * trades, oldest first; `settled` says whether the settlement hook has run for it.
     */
    market_settlements: (params) => {
      const p = objectParams(params, ['fromPeriod', 'toPeriod']);
      const { from, to } = periodRange(p);
      const status = getMarketStatus(chain.state, chain.ctx, clock());
      const periods: PeriodSettlement[] = [];
      for (let k = from; k <= to; k++) {
        const trades = getTrades(chain.state, { period: k });
        if (trades.length === 0) continue;
        periods.push(computePeriodSettlement(k, trades, k < status.settledBelow, periodEnd(chain.ctx, k) + BigInt(status.meterWindowMs)));
      }
      return { settledBelow: status.settledBelow, periods };
    },

    /**
     * Participants seen in the latest `scan` listings and trades (default 256, at most
     * 2048): listing owners and both parties of trades, best credit first (ties by
     * address). An account that registered but never listed or traded is not found this
     * way: look it up with market_participant.
     */
    market_participants: (params) => {
      const p = objectParams(params, ['scan']);
      const scan = optional(p, 'scan', (o, k) => requireInt(o, k, { min: 1, max: MAX_PARTICIPANT_SCAN })) ?? 256;
      const next = readNextIds(chain.state);
      const seen = new Set<string>();
      for (const id of idsDown(next.listing, scan)) {
        const l = getListing(chain.state, id);
        if (l) seen.add(l.owner);
      }
      for (const id of idsDown(next.trade, scan)) {
        const t = getTrade(chain.state, id);
        if (t) {
          seen.add(t.seller);
          seen.add(t.buyer);
        }
      }
      const participants: ParticipantView[] = [];
      for (const address of seen) {
        const view = getParticipant(chain.state, address);
        if (view) participants.push(view);
      }
      participants.sort((a, b) => b.creditScore - a.creditScore || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
      return { scanned: { listings: Math.min(scan, next.listing - 1), trades: Math.min(scan, next.trade - 1) }, participants };
    },
  };
}
