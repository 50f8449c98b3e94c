import { TxError } from '../chain/chainError.ts';
import { Field } from '../chain/module/schema.ts';
import { defineQuery, opt, ParamError } from '../chain/module/stateModule.ts';
import { getListing, getOrderBook, getTrade, getTrades } from './query/book.ts';
import { getParticipant, type ParticipantView } from './query/participants.ts';
import { getMarketStatus } from './query/status.ts';
import { recommend } from './query/recommend.ts';
import { periodEnd } from './time.ts';
import { MAX_PARTICIPANT_SCAN, MAX_PERIOD_SPAN, MAX_RECENT, computePeriodPrice, computePeriodSettlement, idsDown, readNextIds, type PeriodPrice, type PeriodSettlement } from './query/periods.ts';
import type { ListingView, TradeView } from './query/views.ts';
import type { QueryContext } from '../chain/module/stateModule.ts';

/** The node's clock, never earlier than the head block: "now" for status texts. */
const clock = (q: QueryContext): number => Math.max(q.now, q.head.timestamp);

function periodRange(from: number, to: number): void {
  if (to < from) throw new ParamError(`"toPeriod" (${to}) must not be below "fromPeriod" (${from})`);
  if (to - from + 1 > MAX_PERIOD_SPAN) throw new ParamError(`at most ${MAX_PERIOD_SPAN} periods per call (asked for ${to - from + 1}); narrow fromPeriod..toPeriod`);
}

function page(next: number, before: number | undefined, count: number | undefined): { below: number; count: number } {
  const n = count ?? 20;
  if (n < 1 || n > MAX_RECENT) throw new ParamError(`"count" must be an integer from 1 to ${MAX_RECENT}`);
  if (before !== undefined && before < 1) throw new ParamError('"before" must be an id from 1');
  return { below: Math.min(before ?? next, next), count: n };
}

/**
 * Read-only market methods over the head state (docs/market.md). Market actions are
 * transactions: clients sign them and send them with tx_send.
 */
export const MARKET_RPC = {
  market_status: defineQuery({
    doc: 'current period, the next period open for trading and its gate closure, regions, reserve, totals',
    params: {},
    handler: (q) => getMarketStatus(q.state, q.chain, clock(q)),
  }),
  market_participant: defineQuery({
    doc: 'role, status, region, bond and credit of a participant',
    params: { address: Field.address },
    handler: (q, a) => {
      const view = getParticipant(q.state, a.address);
      if (!view) throw new TxError('NOT_FOUND', `this account has not registered: apply with \`tesnode market register\``);
      return view;
    },
  }),
  market_book: defineQuery({
    doc: "a period's open listings, sells and buys",
    params: { period: Field.u32 },
    handler: (q, a) => getOrderBook(q.state, a.period),
  }),
  market_listing: defineQuery({
    doc: 'one listing',
    params: { id: Field.u32 },
    handler: (q, a) => {
      const l = getListing(q.state, a.id);
      if (!l) throw new TxError('NOT_FOUND', `no listing ${a.id}: see \`tesnode market book\``);
      return l;
    },
  }),
  market_trade: defineQuery({
    doc: 'one trade with its settlement record',
    params: { id: Field.u32 },
    handler: (q, a) => {
      const t = getTrade(q.state, a.id);
      if (!t) throw new TxError('NOT_FOUND', `no trade ${a.id}`);
      return t;
    },
  }),
  market_trades: defineQuery({
    doc: 'the trades of a period, or of an account',
    params: { period: opt(Field.u32), account: opt(Field.address) },
    handler: (q, a) => {
      if ((a.period === undefined) === (a.account === undefined)) throw new ParamError('give exactly one of period or account');
      return { trades: getTrades(q.state, a.period !== undefined ? { period: a.period } : { account: a.account! }) };
    },
  }),
  market_recommend: defineQuery({
    doc: 'ranks listings by landed cost for a buyer (or by price and credit for a seller) and proposes picks',
    params: { buyer: opt(Field.address), seller: opt(Field.address), period: Field.u32, wh: Field.amount, creditWeight: opt(Field.amount), carbonWeight: opt(Field.amount) },
    handler: (q, a) => {
      if ((a.buyer === undefined) === (a.seller === undefined)) throw new ParamError('give exactly one of buyer or seller');
      if (a.wh < 1n || a.wh > 1n << 62n) throw new ParamError('"wh" must be from 1 to 2^62');
      for (const [k, w] of [['creditWeight', a.creditWeight], ['carbonWeight', a.carbonWeight]] as const) {
        if (w !== undefined && w > 1n << 40n) throw new ParamError(`"${k}" must be at most 2^40`);
      }
      const weights = { ...(a.creditWeight !== undefined ? { credit: a.creditWeight } : {}), ...(a.carbonWeight !== undefined ? { carbon: a.carbonWeight } : {}) };
      return recommend(q.state, a.buyer ? { buyer: a.buyer, period: a.period, wh: a.wh, weights } : { seller: a.seller!, period: a.period, wh: a.wh, weights });
    },
  }),
  market_recent_listings: defineQuery({
    doc: 'latest listings newest first, every status: count (default 20, at most 200), before an id to page back from',
    params: { count: opt(Field.u32), before: opt(Field.u32) },
    handler: (q, a) => {
      const next = readNextIds(q.state).listing;
      const { below, count } = page(next, a.before, a.count);
      const listings: ListingView[] = [];
      for (const id of idsDown(below, count)) {
        const l = getListing(q.state, id);
        if (l) listings.push(l);
      }
      return { nextId: next, listings };
    },
  }),
  market_recent_trades: defineQuery({
    doc: 'latest trades newest first with their settlement records: count (default 20, at most 200), before an id to page back from',
    params: { count: opt(Field.u32), before: opt(Field.u32) },
    handler: (q, a) => {
      const next = readNextIds(q.state).trade;
      const { below, count } = page(next, a.before, a.count);
      const trades: TradeView[] = [];
      for (const id of idsDown(below, count)) {
        const t = getTrade(q.state, id);
        if (t) trades.push(t);
      }
      return { nextId: next, trades };
    },
  }),
  market_prices: defineQuery({
    doc: `volume-weighted price and traded volume of every period in fromPeriod..toPeriod (at most ${MAX_PERIOD_SPAN}), oldest first`,
    params: { fromPeriod: Field.u32, toPeriod: Field.u32 },
    handler: (q, a) => {
      periodRange(a.fromPeriod, a.toPeriod);
      const periods: PeriodPrice[] = [];
      for (let k = a.fromPeriod; k <= a.toPeriod; k++) periods.push(computePeriodPrice(k, getTrades(q.state, { period: k })));
      return { fromPeriod: a.fromPeriod, toPeriod: a.toPeriod, periods };
    },
  }),
  market_settlements: defineQuery({
    doc: `settlement totals of the periods in fromPeriod..toPeriod (at most ${MAX_PERIOD_SPAN}) that hold trades, oldest first`,
    params: { fromPeriod: Field.u32, toPeriod: Field.u32 },
    handler: (q, a) => {
      periodRange(a.fromPeriod, a.toPeriod);
      const status = getMarketStatus(q.state, q.chain, clock(q));
      const periods: PeriodSettlement[] = [];
      for (let k = a.fromPeriod; k <= a.toPeriod; k++) {
        const trades = getTrades(q.state, { period: k });
        if (trades.length === 0) continue;
        periods.push(computePeriodSettlement(k, trades, k < status.settledBelow, periodEnd(q.chain, k) + BigInt(status.meterWindowMs)));
      }
      return { settledBelow: status.settledBelow, periods };
    },
  }),
  market_participants: defineQuery({
    doc: `participants seen in the latest scan listings and trades (default 256, at most ${MAX_PARTICIPANT_SCAN}), best credit first`,
    params: { scan: opt(Field.u32) },
    handler: (q, a) => {
      const scan = a.scan ?? 256;
      if (scan < 1 || scan > MAX_PARTICIPANT_SCAN) throw new ParamError(`"scan" must be an integer from 1 to ${MAX_PARTICIPANT_SCAN}`);
      const next = readNextIds(q.state);
      const seen = new Set<string>();
      for (const id of idsDown(next.listing, scan)) {
        const l = getListing(q.state, id);
        if (l) seen.add(l.owner);
      }
      for (const id of idsDown(next.trade, scan)) {
        const t = getTrade(q.state, id);
        if (t) {
          seen.add(t.seller);
          seen.add(t.buyer);
        }
      }
      const participants: ParticipantView[] = [];
      for (const address of seen) {
        const view = getParticipant(q.state, address);
        if (view) participants.push(view);
      }
      participants.sort((x, y) => y.creditScore - x.creditScore || (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
      return { scanned: { listings: Math.min(scan, next.listing - 1), trades: Math.min(scan, next.trade - 1) }, participants };
    },
  }),
};
