/**
 * A reference continuous double auction for differential tests: every resting order in
 * one array, and every step a scan of all of them for the best counterparty. Slow and
 * written from the rules in docs/exchange.md, not from the engine's code.
 */
import type { Arrival, FeeSchedule, OrderInput, Side, TimeInForce } from '../../../src/exchange/engine/index.ts';

export interface RefOrder {
  id: number;
  period: number;
  side: Side;
  owner: string;
  region: string;
  price: bigint;
  rest: bigint;
  tif: TimeInForce;
  height: number;
  txIndex: number;
  seq: number;
}

export interface RefFill {
  sell: number;
  buy: number;
  maker: number;
  taker: number;
  wh: bigint;
  price: bigint;
  sellerRegion: string;
  buyerRegion: string;
  stampSum: bigint;
}

export interface RefResult {
  id: number;
  fills: RefFill[];
  rested: bigint;
  cancelled: bigint;
  expired: number[];
  keptPriority?: boolean;
}

/** A refusal, with the engine's error code. */
export class RefError extends Error {
  readonly code: string;
  constructor(code: string) {
    super(code);
    this.code = code;
  }
}

export class ReferenceMatcher {
  orders: RefOrder[] = [];
  private nextId = 1;
  private nextSeq = 1;
  private last: Arrival = { height: 0, txIndex: 0 };

  private readonly fees: FeeSchedule;

  constructor(fees: FeeSchedule) {
    this.fees = fees;
  }

  place(o: OrderInput): RefResult {
    if (o.wh < 1n || o.price < 0n) throw new RefError('BAD_ORDER');
    if (this.fees.stampSum(o.region, o.region) === null) throw new RefError('UNKNOWN_REGION');
    this.checkArrival(o.arrival);
    const order: RefOrder = { id: 0, period: o.period, side: o.side, owner: o.owner, region: o.region, price: o.price, rest: o.wh, tif: o.tif, height: o.arrival.height, txIndex: o.arrival.txIndex, seq: 0 };
    const r = this.match(order, true);
    return r;
  }

  cancel(id: number, owner: string): RefOrder {
    const o = this.find(id, owner);
    this.orders = this.orders.filter((x) => x !== o);
    return o;
  }

  amend(id: number, owner: string, wh: bigint, price: bigint, arrival: Arrival): RefResult {
    const o = this.find(id, owner);
    if (wh < 1n || price < 0n) throw new RefError('BAD_ORDER');
    this.checkArrival(arrival);
    if (wh === o.rest && price === o.price) throw new RefError('NOTHING_TO_AMEND');
    if (price === o.price && wh < o.rest) {
      o.rest = wh;
      return { id, fills: [], rested: wh, cancelled: 0n, expired: [], keptPriority: true };
    }
    // A new arrival of the same order: take it out, try it as an incoming order.
    const saved = this.snapshot();
    this.orders = this.orders.filter((x) => x !== o);
    try {
      const r = this.match({ ...o, price, rest: wh, height: arrival.height, txIndex: arrival.txIndex }, false);
      return { ...r, keptPriority: false };
    } catch (e) {
      this.restore(saved);
      throw e;
    }
  }

  /** Resting orders of a period: buys then sells, regions sorted, best price first, then earliest. */
  book(period: number): RefOrder[] {
    return this.orders
      .filter((o) => o.period === period)
      .sort((a, b) => {
        if (a.side !== b.side) return a.side === 'buy' ? -1 : 1;
        if (a.region !== b.region) return a.region < b.region ? -1 : 1;
        if (a.price !== b.price) return (a.side === 'buy' ? a.price > b.price : a.price < b.price) ? -1 : 1;
        return a.seq - b.seq;
      });
  }

  private match(taker: RefOrder, fresh: boolean): RefResult {
    const saved = this.snapshot();
    const fills: RefFill[] = [];
    const expired: number[] = [];
    const id = fresh ? this.nextId : taker.id;
    const t = { ...taker, id, seq: this.nextSeq };
    let crossedAtOnce: boolean | undefined;
    while (t.rest > 0n) {
      const best = this.bestFor(t);
      crossedAtOnce ??= best !== undefined;
      if (!best) break;
      if (t.tif === 'post-only') {
        this.restore(saved);
        throw new RefError('POST_ONLY_CROSSES');
      }
      const maker = best.order;
      if (maker.owner === t.owner) {
        expired.push(maker.id);
        this.orders = this.orders.filter((x) => x !== maker);
        continue;
      }
      const wh = maker.rest < t.rest ? maker.rest : t.rest;
      const buy = t.side === 'buy' ? t : maker;
      const sell = t.side === 'buy' ? maker : t;
      fills.push({ sell: sell.id, buy: buy.id, maker: maker.id, taker: t.id, wh, price: best.energy, sellerRegion: sell.region, buyerRegion: buy.region, stampSum: best.stamp });
      maker.rest -= wh;
      t.rest -= wh;
      if (maker.rest === 0n) this.orders = this.orders.filter((x) => x !== maker);
    }
    if (t.tif === 'fok' && t.rest > 0n) {
      this.restore(saved);
      throw new RefError('FOK_UNFILLABLE');
    }
    if (fresh) this.nextId += 1;
    this.nextSeq += 1;
    this.last = { height: t.height, txIndex: t.txIndex };
    const rests = t.rest > 0n && (t.tif === 'gtc' || t.tif === 'post-only');
    if (rests) this.orders.push(t);
    return { id, fills, rested: rests ? t.rest : 0n, cancelled: rests ? 0n : t.rest, expired };
  }

  /** The best crossing counterparty for `t`, scanning every resting order. */
  private bestFor(t: RefOrder): { order: RefOrder; energy: bigint; stamp: bigint } | undefined {
    let best: { order: RefOrder; energy: bigint; stamp: bigint; landed: bigint } | undefined;
    for (const o of this.orders) {
      if (o.period !== t.period || o.side === t.side) continue;
      if (t.side === 'buy') {
        // o is a sell: the buyer's landed cost is its price plus the route's stamps.
        const stamp = this.fees.stampSum(o.region, t.region);
        if (stamp === null) continue;
        const landed = o.price + stamp;
        if (landed > t.price) continue;
        if (!best || landed < best.landed || (landed === best.landed && o.seq < best.order.seq)) best = { order: o, energy: o.price, stamp, landed };
      } else {
        // o is a buy: it offers its landed limit less the route's stamps as energy price.
        const stamp = this.fees.stampSum(t.region, o.region);
        if (stamp === null) continue;
        const energy = o.price - stamp;
        if (energy < t.price) continue;
        if (!best || energy > best.energy || (energy === best.energy && o.seq < best.order.seq)) best = { order: o, energy, stamp, landed: -energy };
      }
    }
    return best;
  }

  private find(id: number, owner: string): RefOrder {
    const o = this.orders.find((x) => x.id === id);
    if (!o) throw new RefError('UNKNOWN_ORDER');
    if (o.owner !== owner) throw new RefError('NOT_OWNER');
    return o;
  }

  private checkArrival(a: Arrival): void {
    if (a.height < this.last.height || (a.height === this.last.height && a.txIndex < this.last.txIndex)) throw new RefError('ARRIVAL_ORDER');
  }

  private snapshot(): RefOrder[] {
    return this.orders.map((o) => ({ ...o }));
  }

  private restore(s: RefOrder[]): void {
    this.orders = s;
  }
}
